"""Forms of the property pages; they only collect input, the services validate and save."""

from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.forms import ScopedForm, ScopedModelForm
from governance.models import Area
from governance.territory.choices import AreaLevel
from partybuilding.choices import MeetingKind
from property.choices import CHECKLIST_MAX, ChecklistItem, ComplaintChannel, Satisfaction
from property.models import (
    Complaint,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Placement,
    PropertyCompany,
    ServiceContract,
)
from property.selectors import area_label


def limit_areas(field, levels) -> None:
    field.queryset = field.queryset.filter(depth__in=levels).select_related("parent__parent__parent")
    field.label_from_instance = area_label


def compact_textareas(form) -> None:
    # Django's Textarea defaults to 10 rows: a wall on a phone. Three lines grow as people type.
    for field in form.fields.values():
        if isinstance(field.widget, forms.Textarea):
            field.widget.attrs["rows"] = 3


class ServiceModelForm(ScopedModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        compact_textareas(self)

    def _post_clean(self):
        # The service validates the model (and its constraints) once, with the clearer messages.
        pass


DATE = forms.DateInput()


class CompanyForm(ServiceModelForm):
    class Meta:
        model = PropertyCompany
        fields = ["name", "credit_code", "kind", "area", "contact_person", "contact_phone"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.STREET, AreaLevel.COMMUNITY))


class ContractForm(ServiceModelForm):
    class Meta:
        model = ServiceContract
        fields = ["company", "area", "starts_on", "ends_on", "fee_standard", "service_level", "note"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.COMMUNITY, AreaLevel.BUILDING))


class CooperativeForm(ServiceModelForm):
    class Meta:
        model = Cooperative
        fields = ["name", "area", "credit_code", "contact_person", "contact_phone", "founded_on"]
        widgets = {"founded_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.COMMUNITY,))


class MemberForm(ServiceModelForm):
    class Meta:
        model = CooperativeMember
        fields = ["name", "shares", "joined_on"]
        widgets = {"joined_on": DATE}


class AgreementForm(ServiceModelForm):
    class Meta:
        model = CooperativeAgreement
        fields = ["title", "company", "signed_on", "starts_on", "ends_on", "terms"]
        widgets = {"signed_on": DATE, "starts_on": DATE, "ends_on": DATE}


class FeeForm(ServiceModelForm):
    month = forms.CharField(label=_("Month (YYYY-MM)"), max_length=7)

    class Meta:
        model = FeeRecord
        fields = ["area", "month", "billed", "collected"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.BUILDING,))

    def clean_month(self):
        import datetime

        text = self.cleaned_data["month"]
        try:
            return datetime.date.fromisoformat(f"{text[:7]}-01")
        except ValueError as exc:
            raise forms.ValidationError(_("The month must be written as YYYY-MM.")) from exc


class FeeImportForm(ScopedForm):
    file = forms.FileField(label=_("Excel file (.xlsx)"))
    keep_good_rows = forms.BooleanField(
        label=_("If some rows have errors, save the good rows anyway"), required=False
    )

    def clean_file(self):
        from governance.lib.uploads import validate_upload

        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".xlsx"):
            raise forms.ValidationError(_("Upload the .xlsx template, filled in."))
        return validate_upload(upload, kinds=("office",))


class SubsidyForm(ServiceModelForm):
    class Meta:
        model = FeeSubsidy
        fields = [
            "cooperative",
            "company",
            "area",
            "period_start",
            "period_end",
            "amount",
            "paid_on",
            "reason",
        ]
        widgets = {"period_start": DATE, "period_end": DATE, "paid_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.COMMUNITY, AreaLevel.BUILDING))


class InspectionForm(ScopedForm):
    """An inspection: company, place, date, one score per checklist item and, if any, one finding."""

    company = forms.ModelChoiceField(queryset=PropertyCompany.objects.all(), label=_("Property company"))
    area = forms.ModelChoiceField(queryset=Area.objects.all(), label=_("Inspected area"))
    inspected_on = forms.DateField(label=_("Inspected on"), widget=forms.DateInput())
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea)
    finding_item = forms.ChoiceField(
        label=_("Finding: item"), choices=[("", "—"), *ChecklistItem.choices], required=False
    )
    finding_description = forms.CharField(
        label=_("Finding: what must be rectified"), required=False, widget=forms.Textarea
    )
    finding_deadline = forms.DateField(
        label=_("Finding: rectify by"), required=False, widget=forms.DateInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scores = {}
        for item in ChecklistItem:
            scores[f"points_{item.value}"] = forms.IntegerField(
                label=_("%(item)s (0–%(max)d)") % {"item": item.label, "max": CHECKLIST_MAX},
                min_value=0,
                max_value=CHECKLIST_MAX,
                widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
            )
        # The scores come right after the date, before the note and the finding.
        ordered = {}
        for name, field in self.fields.items():
            ordered[name] = field
            if name == "inspected_on":
                ordered.update(scores)
        self.fields = ordered
        compact_textareas(self)
        limit_areas(self.fields["area"], (AreaLevel.COMMUNITY, AreaLevel.GRID, AreaLevel.BUILDING))

    def clean(self):
        data = super().clean()
        given = [data.get("finding_item"), data.get("finding_description"), data.get("finding_deadline")]
        if any(given) and not all(given):
            raise forms.ValidationError(_("A finding needs its item, a description and a deadline."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        findings = []
        if data.get("finding_description"):
            findings.append(
                {
                    "item": data["finding_item"],
                    "description": data["finding_description"],
                    "deadline": data["finding_deadline"],
                }
            )
        return {
            "company": data["company"],
            "area": data["area"],
            "inspected_on": data["inspected_on"],
            "note": data.get("note", ""),
            "points": {item.value: data[f"points_{item.value}"] for item in ChecklistItem},
            "findings": findings,
        }


class FindingForm(ScopedForm):
    item = forms.ChoiceField(label=_("Item"), choices=ChecklistItem.choices)
    description = forms.CharField(label=_("What must be rectified"), widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label=_("Rectify by"), widget=forms.DateInput())


class FindingFixForm(ScopedForm):
    fixed_on = forms.DateField(label=_("Fixed on"), widget=forms.DateInput())
    fix_note = forms.CharField(label=_("How it was fixed"), required=False)


class ComplaintForm(ServiceModelForm):
    class Meta:
        model = Complaint
        fields = [
            "company",
            "area",
            "channel",
            "meeting",
            "complainant",
            "content",
            "received_on",
            "response_due",
        ]
        widgets = {"received_on": DATE, "response_due": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(
            self.fields["area"],
            (AreaLevel.COMMUNITY, AreaLevel.GRID, AreaLevel.BUILDING, AreaLevel.STAIRWELL),
        )
        self.fields["response_due"].required = False
        self.fields["response_due"].help_text = _("Three days after it was received, unless you set a date.")
        self.fields["channel"].initial = ComplaintChannel.RESIDENT
        self.fields["meeting"].queryset = self.fields["meeting"].queryset.filter(
            kind=MeetingKind.GRASSROOTS_COUNCIL
        )


class ComplaintAnswerForm(ScopedForm):
    answer = forms.CharField(label=_("Answer given"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Answered on"), widget=forms.DateInput())


class ComplaintResolveForm(ScopedForm):
    resolution = forms.CharField(label=_("How it was resolved"), widget=forms.Textarea(attrs={"rows": 3}))
    on = forms.DateField(label=_("Resolved on"), widget=forms.DateInput())
    satisfaction = forms.TypedChoiceField(
        label=_("Resident's satisfaction"),
        choices=[("", "—"), *Satisfaction.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )


class PlacementForm(ServiceModelForm):
    class Meta:
        model = Placement
        fields = ["person_name", "area", "cooperative", "company", "position", "starts_on", "ends_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        limit_areas(self.fields["area"], (AreaLevel.COMMUNITY,))
