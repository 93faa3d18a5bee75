"""Forms of the services pages; saving goes through volunteers.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from governance.enforcement.forms import MultipleFileField
from governance.lib.forms import (
    InvalidMarkMixin,
    ScopedForm,
    ScopedModelForm,
    WriteOnlyPersonalDataMixin,
    style_fields,
)
from governance.models import Area
from governance.territory.choices import AreaLevel
from volunteers.choices import STAFF_CHANNELS, Channel, DonationKind, Outcome, ResidentVerdict
from volunteers.models import (
    Need,
    ServiceCategory,
    ServiceContact,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)
from volunteers.services import clean_mobile  # the one rule for a phone that receives the code


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
        # A resident's own report comes through the public intake (with its SMS code), never typed in by staff.
        self.fields["channel"].choices = [c for c in Channel.choices if c[0] in STAFF_CHANNELS]
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
    public_answer = forms.CharField(
        label=_("Public answer"),
        required=False,
        max_length=500,
        help_text=_("Shown on the public Needs List: no names, phone numbers or rooms."),
    )


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


class ServiceContactForm(ScopedModelForm):
    """A contact to publish for residents: the community office, a grid worker who agrees to be listed."""

    class Meta:
        model = ServiceContact
        fields = ["area", "label", "name", "phone", "hours", "order", "is_published"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(
            depth__in=(AreaLevel.COMMUNITY, AreaLevel.GRID)
        )


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


# ------------------------------------------------------------------------------- the residents' own channel


class _PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_label


class IntakeForm(InvalidMarkMixin, forms.Form):
    """A resident's report on a phone: who, which phone, where in the community, what, and a few photos."""

    requester_name = forms.CharField(label=_("Your name"), max_length=50)
    requester_phone = forms.CharField(
        label=_("Mobile number"),
        max_length=20,
        help_text=_("A confirmation code comes by SMS; the number is never shown in public."),
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "numeric", "autocomplete": "tel"}),
    )
    area = _PlaceChoiceField(
        label=_("Where"),
        queryset=Area.objects.none(),
        help_text=_("The building or stairwell, if it is one."),
    )
    category = forms.ModelChoiceField(label=_("What kind of need"), queryset=ServiceCategory.objects.none())
    description = forms.CharField(
        label=_("What is needed"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4})
    )
    photos = MultipleFileField(
        label=_("Photos (at most 3)"),
        required=False,
        help_text=_("JPG or PNG. Please do not photograph people."),
    )
    challenge = forms.CharField(label=_("The sum in the picture"), max_length=4, required=False)

    def __init__(self, *args, community, challenge_image: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.community = community
        self.challenge_image = challenge_image
        self.fields["area"].queryset = Area.objects.filter(
            path__startswith=community.path, is_active=True
        ).select_related("parent")
        self.fields["category"].queryset = ServiceCategory.objects.filter(is_active=True)
        if challenge_image:
            self.fields["challenge"].required = True
            self.fields["challenge"].widget.attrs.update(inputmode="numeric", autocomplete="off")
        else:
            del self.fields["challenge"]
        style_fields(self)

    def clean_requester_phone(self):
        try:
            return clean_mobile(self.cleaned_data["requester_phone"])
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["requester_phone"]) from exc


class CodeForm(InvalidMarkMixin, forms.Form):
    code = forms.CharField(
        label=_("Confirmation code"),
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class StatusLookupForm(InvalidMarkMixin, forms.Form):
    receipt_number = forms.CharField(
        label=_("Receipt number"), max_length=16, widget=forms.TextInput(attrs={"inputmode": "numeric"})
    )
    phone_last4 = forms.CharField(
        label=_("Last four digits of your phone"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)


class ResidentRatingForm(InvalidMarkMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("How satisfied are you?"), choices=ResidentVerdict.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Anything to add"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style_fields(self)
