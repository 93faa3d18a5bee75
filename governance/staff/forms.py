"""Forms of the street-staff pages; each form's view calls a service."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.forms import ScopedForm, ScopedModelForm
from governance.staff.choices import Grade, WorkLine
from governance.staff.models import Absence, Department, Evaluation, FrontlineInspection, Post, StaffMember
from governance.territory.choices import AreaLevel
from governance.territory.models import Area


class DepartmentForm(ScopedModelForm):
    class Meta:
        model = Department
        fields = ["area", "name", "leader", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(depth=AreaLevel.STREET)
        self.fields["leader"].queryset = self.fields["leader"].queryset.filter(
            is_leadership=True, left_on__isnull=True
        )

    def _post_clean(self):
        pass  # the service validates


class StaffMemberForm(ScopedModelForm):
    class Meta:
        model = StaffMember
        fields = [
            "name",
            "gender",
            "birth_date",
            "area",
            "department",
            "kind",
            "position",
            "is_leadership",
            "education",
            "political_status",
            "hired_on",
            "left_on",
            "leave_reason",
            "user",
        ]
        widgets = {
            "birth_date": forms.DateInput(),
            "hired_on": forms.DateInput(),
            "left_on": forms.DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            depth__in=(AreaLevel.STREET, AreaLevel.COMMUNITY)
        )

    def _post_clean(self):
        pass


class PortfolioForm(ScopedForm):
    area = forms.ModelChoiceField(
        label=_("Community or street"), queryset=Area.objects.filter(depth__in=(2, 3))
    )
    work_line = forms.ChoiceField(label=_("Line of work"), choices=WorkLine.choices)
    leader = forms.ModelChoiceField(
        label=_("Leader"), queryset=StaffMember.objects.filter(is_leadership=True, left_on__isnull=True)
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class InChargeForm(ScopedForm):
    area = forms.ModelChoiceField(
        label=_("Community"), queryset=Area.objects.filter(depth=AreaLevel.COMMUNITY), required=False
    )
    work_line = forms.ChoiceField(
        label=_("Line of work"), choices=[("", "---------"), *WorkLine.choices], required=False
    )


class PostForm(ScopedModelForm):
    class Meta:
        model = Post
        fields = ["department", "name", "work_line", "holder_a", "holder_b"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("holder_a", "holder_b"):
            self.fields[name].queryset = self.fields[name].queryset.filter(left_on__isnull=True, kind="cadre")

    def _post_clean(self):
        pass


class AbsenceForm(ScopedModelForm):
    class Meta:
        model = Absence
        fields = ["staff", "kind", "starts_on", "ends_on", "note"]
        widgets = {"starts_on": forms.DateInput(), "ends_on": forms.DateInput()}

    def _post_clean(self):
        pass


class CoverageForm(ScopedForm):
    day = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput())
    staff = forms.ModelChoiceField(
        label=_("Staffer going away"),
        queryset=StaffMember.objects.filter(left_on__isnull=True),
        required=False,
    )
    until = forms.DateField(label=_("Away until"), required=False, widget=forms.DateInput())


class OpenQuarterForm(ScopedForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"), choices=[(i, f"Q{i}") for i in range(1, 5)], coerce=int
    )


SCORE_WIDGET = {"min": 0, "max": 100, "inputmode": "numeric"}


class EvaluationScoreForm(ScopedModelForm):
    """The evaluator's form: five scores, a grade and a comment."""

    class Meta:
        model = Evaluation
        fields = [*Evaluation.SCORE_FIELDS, "grade", "comment"]
        widgets = {f: forms.NumberInput(attrs=SCORE_WIDGET) for f in Evaluation.SCORE_FIELDS}

    submit = forms.BooleanField(label=_("Submit now (no more changes afterwards)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade"].choices = [("", "---------"), *Grade.choices]
        for f in Evaluation.SCORE_FIELDS:
            self.fields[f].min_value = 0
            self.fields[f].max_value = 100
            self.fields[f].validators.clear()
            self.fields[f].help_text = _("0–100")

    def _post_clean(self):
        pass


class SelfAssessmentForm(ScopedForm):
    text = forms.CharField(label=_("Self-assessment"), widget=forms.Textarea(attrs={"rows": 6}))


class InspectionForm(ScopedModelForm):
    class Meta:
        model = FrontlineInspection
        fields = ["cadre", "area", "inspected_on", "findings"]
        widgets = {"inspected_on": forms.DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(depth__lte=AreaLevel.GRID)

    def _post_clean(self):
        pass


class AgeForm(ScopedForm):
    day = forms.DateField(label=_("Date"), required=False, widget=forms.DateInput())
    threshold = forms.IntegerField(
        label=_("Young cadres: aged at most"), required=False, min_value=18, max_value=70
    )
    year = forms.IntegerField(label=_("Turnover year"), required=False, min_value=2000, max_value=2100)
