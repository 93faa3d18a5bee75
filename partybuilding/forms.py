from django import forms
from django.utils.translation import gettext_lazy as _

from governance.lib.forms import ScopedForm, ScopedModelForm
from governance.models import Area
from governance.territory.choices import AreaLevel
from partybuilding.choices import FileEntryKind, MeetingKind, MeetingTopic, PledgeKind
from partybuilding.models import PartyMember, PartyOrganisation, ResidentUnit
from partybuilding.selectors import action_owner_choices


def _place_label(area):
    return f"{area.get_level_display()} · {area.name}"


class ResidentUnitForm(ScopedModelForm):
    class Meta:
        model = ResidentUnit
        fields = [
            "name",
            "kind",
            "area",
            "address",
            "contact_name",
            "contact_phone",
            "headcount",
            "party_member_count",
            "admin_level",
            "influence",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = self.fields["area"].queryset.filter(depth__lte=AreaLevel.GRID)
        self.fields["area"].label_from_instance = _place_label

    def _post_clean(self):
        pass  # the service validates the model once


class PartyMemberForm(ScopedForm):
    name = forms.CharField(label=_("Name"), max_length=50)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=PartyOrganisation.objects.all())
    joined_on = forms.DateField(label=_("Joined the party on"), required=False, widget=forms.DateInput())
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class MemberTransferForm(ScopedForm):
    to_organisation = forms.ModelChoiceField(
        label=_("To organisation"), queryset=PartyOrganisation.objects.all()
    )
    transferred_on = forms.DateField(label=_("Transferred on"), widget=forms.DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class MemberFileForm(ScopedForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=FileEntryKind.choices)
    recorded_on = forms.DateField(label=_("Date"), widget=forms.DateInput())
    text = forms.CharField(label=_("Text"), widget=forms.Textarea)


class MeetingLogForm(ScopedForm):
    """Everything a secretary writes down after a meeting, on one phone-sized page."""

    DECISION_ROWS = 3

    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    area = forms.ModelChoiceField(label=_("Held by"), queryset=Area.objects.filter(depth__lte=AreaLevel.GRID))
    held_at = forms.DateTimeField(label=_("Time"), widget=forms.DateTimeInput())
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=MeetingTopic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    agenda = forms.CharField(label=_("Agenda"), required=False, widget=forms.Textarea)
    invitees = forms.CharField(
        label=_("Invited"), required=False, widget=forms.Textarea, help_text=_("One name per line.")
    )
    absent = forms.CharField(
        label=_("Absent"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Names from the list above who did not come; everyone else counts as present."),
    )
    minutes = forms.CharField(
        label=_("Meeting minutes"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    attachment = forms.FileField(
        label=_("Attachment"), required=False, help_text=_("Photo, PDF or Office document, up to 10 MB.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].label_from_instance = _place_label
        owners = action_owner_choices(self.user)
        for i in range(1, self.DECISION_ROWS + 1):
            self.fields[f"decision_{i}"] = forms.CharField(
                label=_("Decision %(n)d") % {"n": i}, required=False, max_length=500
            )
            self.fields[f"owner_{i}"] = forms.ModelChoiceField(
                label=_("Owner"), queryset=owners, required=False
            )
            self.fields[f"owner_{i}"].label_from_instance = lambda u: u.get_full_name() or u.username
            self.fields[f"due_{i}"] = forms.DateField(
                label=_("Due on"), required=False, widget=forms.DateInput()
            )
        from governance.lib.forms import style_fields

        style_fields(self)
        if len(self.fields["area"].queryset) == 1:
            self.initial.setdefault("area", self.fields["area"].queryset[0])

    def decision_rows(self):
        return [
            (self[f"decision_{i}"], self[f"owner_{i}"], self[f"due_{i}"])
            for i in range(1, self.DECISION_ROWS + 1)
        ]

    def main_fields(self):
        return [f for f in self.visible_fields() if not f.name.startswith(("decision_", "owner_", "due_"))]

    def clean(self):
        data = super().clean()
        decisions = []
        for i in range(1, self.DECISION_ROWS + 1):
            text, owner, due = data.get(f"decision_{i}"), data.get(f"owner_{i}"), data.get(f"due_{i}")
            if not text and not owner and not due:
                continue
            if not text:
                self.add_error(f"decision_{i}", _("Write the decision, or clear its owner and date."))
            if not owner:
                self.add_error(f"owner_{i}", _("Name who carries out the decision."))
            if not due:
                self.add_error(f"due_{i}", _("Give the decision's due date."))
            decisions.append({"text": text, "owner": owner, "due_on": due})
        data["decisions"] = decisions
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "kind": d["kind"],
            "title": d["title"],
            "area": d["area"],
            "held_at": d["held_at"],
            "venue": d["venue"],
            "agenda": d["agenda"],
            "topics": d["topics"],
            "invitees": d["invitees"].splitlines(),
            "absent": d["absent"].splitlines(),
            "minutes": d["minutes"],
            "decisions": d["decisions"],
            "attachments": [d["attachment"]] if d.get("attachment") else [],
        }


class MinutesForm(ScopedForm):
    minutes = forms.CharField(label=_("Meeting minutes"), widget=forms.Textarea(attrs={"rows": 6}))


class AttachmentForm(ScopedForm):
    file = forms.FileField(label=_("Attachment"))


class DecisionForm(ScopedForm):
    text = forms.CharField(label=_("Decision"), max_length=500)
    owner = forms.ModelChoiceField(label=_("Owner"), queryset=None)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput())

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = action_owner_choices(self.user)
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.username


class ActionProgressForm(ScopedForm):
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    note = forms.CharField(label=_("Progress note"), max_length=300, required=False)


class ActionCloseForm(ScopedForm):
    note = forms.CharField(label=_("Closing note"), widget=forms.Textarea(attrs={"rows": 2}))


class SeatForm(ScopedForm):
    member = forms.ModelChoiceField(label=_("Party member"), queryset=PartyMember.objects.all())
    kind = forms.ChoiceField(label=_("Seat"), choices=[])
    resident_unit = forms.ModelChoiceField(
        label=_("Resident unit"), queryset=ResidentUnit.objects.all(), required=False
    )
    title = forms.CharField(label=_("Position"), max_length=50, required=False)
    starts_on = forms.DateField(label=_("Term starts"), widget=forms.DateInput())
    ends_on = forms.DateField(label=_("Term ends"), required=False, widget=forms.DateInput())

    def __init__(self, *args, **kwargs):
        from partybuilding.choices import SeatKind

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = SeatKind.choices


class PledgeForm(ScopedForm):
    resident_unit = forms.ModelChoiceField(label=_("Resident unit"), queryset=ResidentUnit.objects.all())
    area = forms.ModelChoiceField(
        label=_("Promised to"),
        queryset=Area.objects.filter(depth__in=[AreaLevel.STREET, AreaLevel.COMMUNITY]),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=PledgeKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    quantity = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2, min_value=0)
    unit = forms.CharField(
        label=_("Unit"), max_length=10, help_text=_("元 for funds; 人, 次, 平方米 ... otherwise")
    )
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput())


class DeliveryForm(ScopedForm):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=forms.DateInput())
    quantity = forms.DecimalField(label=_("Amount"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class SupervisionForm(ScopedForm):
    area = forms.ModelChoiceField(
        label=_("Building or stairwell"),
        queryset=Area.objects.filter(depth__in=[AreaLevel.BUILDING, AreaLevel.STAIRWELL]),
    )
    member = forms.ModelChoiceField(label=_("Party member"), queryset=PartyMember.objects.all())


class CheckInForm(ScopedForm):
    area = forms.ModelChoiceField(
        label=_("Community"), queryset=Area.objects.filter(depth=AreaLevel.COMMUNITY)
    )
    party_member = forms.ModelChoiceField(
        label=_("Party member"), queryset=PartyMember.objects.all(), required=False
    )
    resident_unit = forms.ModelChoiceField(
        label=_("Agency (resident unit)"), queryset=ResidentUnit.objects.all(), required=False
    )
    starts_on = forms.DateField(label=_("From"), widget=forms.DateInput())
    ends_on = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput())
