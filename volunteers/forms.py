"""Forms of the services pages; saving goes through volunteers.services."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.lib.forms import ScopedForm, ScopedModelForm, WriteOnlyPersonalDataMixin
from governance.models import Area
from governance.territory.choices import AreaLevel
from volunteers.choices import DonationKind, Outcome
from volunteers.models import Need, ServiceCategory, ServiceItem, ServiceRecord, Volunteer, VolunteerTeam


class NeedForm(ScopedModelForm):
    """Intake on a phone: place pre-filled from the user's scope, six short fields."""

    class Meta:
        model = Need
        fields = [
            "area",
            "requester_name",
            "requester_phone",
            "category",
            "urgency",
            "channel",
            "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "requester_phone": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            depth__in=(AreaLevel.COMMUNITY, AreaLevel.GRID, AreaLevel.BUILDING)
        )
        self.fields["category"].queryset = ServiceCategory.objects.filter(is_active=True)
        # Pre-fill the place with the deepest area the user is assigned to (a grid worker's grid).
        if not self.is_bound:
            own = (
                Area.objects.filter(assignments__user=self.user)
                .order_by("-depth")
                .values_list("pk", flat=True)
                .first()
            )
            if own:
                self.initial.setdefault("area", own)


class DeclineForm(ScopedForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ReopenForm(ScopedForm):
    reason = forms.CharField(label=_("Why the resident reopens it"), widget=forms.Textarea(attrs={"rows": 2}))


class AssignForm(ScopedForm):
    item = forms.ModelChoiceField(label=_("Service item"), queryset=ServiceItem.objects.all(), required=False)
    team = forms.ModelChoiceField(label=_("Team"), queryset=VolunteerTeam.objects.all(), required=False)
    volunteer = forms.ModelChoiceField(label=_("Volunteer"), queryset=Volunteer.objects.all(), required=False)
    department = forms.CharField(label=_("Department"), required=False, max_length=100)


class CompleteForm(ScopedForm):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices, initial=Outcome.SOLVED)
    note = forms.CharField(label=_("Note"), required=False)


# The resident's verdict as 12345 asks it, each with its score: nothing is chosen until the resident has said.
RATING_CHOICES = [
    ("", _("— choose the resident's verdict —")),
    (5, _("5 · satisfied")),
    (4, _("4 · fairly satisfied")),
    (3, _("3 · basically satisfied")),
    (2, _("2 · not quite satisfied")),
    (1, _("1 · dissatisfied")),
]


class RateForm(ScopedForm):
    rating = forms.TypedChoiceField(label=_("Rating"), choices=RATING_CHOICES, coerce=int)
    comment = forms.CharField(label=_("Resident's comment"), required=False)


class QualityForm(ScopedForm):
    score = forms.TypedChoiceField(
        label=_("Quality score"), choices=[(i, str(i)) for i in range(5, 0, -1)], coerce=int
    )
    note = forms.CharField(label=_("Note"), required=False)


class ServiceItemForm(ScopedModelForm):
    class Meta:
        model = ServiceItem
        fields = [
            "name",
            "category",
            "area",
            "areas_served",
            "provider_kind",
            "team",
            "check_in",
            "provider_name",
            "schedule",
            "capacity",
            "description",
            "is_active",
            "is_published",
        ]


class ServiceRecordForm(ScopedModelForm):
    class Meta:
        model = ServiceRecord
        fields = ["volunteer", "served_on", "hours", "served_name", "service_item", "need", "note"]
        widgets = {"served_on": forms.DateInput()}


class DonationForm(ScopedForm):
    donor_name = forms.CharField(label=_("Donor"), max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), choices=DonationKind.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2, required=False)
    goods = forms.CharField(label=_("Goods"), max_length=200, required=False)
    hours = forms.DecimalField(
        label=pgettext_lazy("service time", "Hours"), max_digits=6, decimal_places=1, required=False
    )
    received_on = forms.DateField(label=pgettext_lazy("donation", "Received on"), widget=forms.DateInput())


class VolunteerTeamForm(ScopedModelForm):
    class Meta:
        model = VolunteerTeam
        fields = ["name", "area", "description"]


class VolunteerForm(WriteOnlyPersonalDataMixin, ScopedModelForm):
    class Meta:
        model = Volunteer
        fields = ["name", "area", "team", "party_member", "phone", "skills", "availability", "max_open_needs"]
        widgets = {"skills": forms.CheckboxSelectMultiple(), "phone": forms.TextInput()}
        help_texts = {
            "party_member": _("A party member's confirmed service counts in the check-in feedback.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["skills"].queryset = ServiceCategory.objects.filter(is_active=True)
        self.hide_personal_data()


class VolunteerPartyMemberForm(ScopedModelForm):
    """Which party member a volunteer is: the link the check-in feedback report counts by."""

    class Meta:
        model = Volunteer
        fields = ["party_member"]


class FeedbackForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Until"), widget=forms.DateInput(attrs={"type": "date"}))
