from rest_framework import serializers

from governance.enforcement.choices import Urgency as CaseUrgency
from governance.lib.api import PersonalDataField, ScopedModelSerializer
from governance.lib.masking import PersonalKind
from governance.models import CaseCategory
from volunteers.choices import Outcome
from volunteers.models import (
    Adoption,
    CareLog,
    Donation,
    GardenProject,
    Need,
    NeedEvent,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)


class NeedEventSerializer(serializers.ModelSerializer):
    actor = serializers.CharField(source="actor.username", read_only=True)

    class Meta:
        model = NeedEvent
        fields = ["move", "from_status", "to_status", "actor", "at", "note"]


class NeedSerializer(ScopedModelSerializer):
    """A need as read; writes go through `create` (intake) and the workflow actions."""

    category_name = serializers.CharField(source="category.name", read_only=True)
    requester_phone = PersonalDataField(PersonalKind.PHONE, max_length=20, required=False, allow_blank=True)

    class Meta:
        model = Need
        fields = [
            "id",
            "area",
            "resident",
            "requester_name",
            "requester_phone",
            "category",
            "category_name",
            "description",
            "urgency",
            "channel",
            "status",
            "submitted_at",
            "respond_by",
            "resolve_by",
            "responded_at",
            "done_at",
            "closed_at",
            "decline_reason",
            "case",
            "assigned_item",
            "assigned_team",
            "assigned_volunteer",
            "assigned_department",
            "outcome",
            "rating",
            "rating_comment",
            "quality_score",
            "quality_note",
            "public_answer",
            "duplicate_of",
        ]
        read_only_fields = [
            f
            for f in fields
            if f
            not in (
                "area",
                "resident",
                "requester_name",
                "requester_phone",
                "category",
                "description",
                "urgency",
                "channel",
            )
        ]
        # The intake service takes both explicitly: a missing one is the caller's 400, not a default.
        extra_kwargs = {"urgency": {"required": True}, "channel": {"required": True}}


class NeedDetailSerializer(NeedSerializer):
    events = NeedEventSerializer(many=True, read_only=True)

    class Meta(NeedSerializer.Meta):
        fields = [*NeedSerializer.Meta.fields, "events"]


class NeedRevealSerializer(serializers.Serializer):
    """A need's requester phone in full: only through the logged `reveal` action."""

    requester_phone = serializers.CharField()


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class AssignSerializer(ScopedModelSerializer):
    item = serializers.PrimaryKeyRelatedField(
        queryset=ServiceItem.objects.all(), required=False, allow_null=True
    )
    team = serializers.PrimaryKeyRelatedField(
        queryset=VolunteerTeam.objects.all(), required=False, allow_null=True
    )
    volunteer = serializers.PrimaryKeyRelatedField(
        queryset=Volunteer.objects.all(), required=False, allow_null=True
    )
    department = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = Need
        fields = ["item", "team", "volunteer", "department"]


class CompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices, default=Outcome.SOLVED)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    public_answer = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=500,
        help_text="Shown on the public Needs List: no names, phone numbers or rooms.",
    )


class RateSerializer(serializers.Serializer):
    rating = serializers.IntegerField(min_value=1, max_value=5)
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class QualitySerializer(serializers.Serializer):
    score = serializers.IntegerField(min_value=1, max_value=5)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SuggestionSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="obj.pk")
    name = serializers.CharField(source="label")
    remaining = serializers.IntegerField()
    closeness = serializers.IntegerField()


class ServiceItemSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceItem
        fields = [
            "id",
            "name",
            "category",
            "area",
            "areas_served",
            "provider_kind",
            "team",
            "check_in",
            "provider_name",
            "description",
            "schedule",
            "capacity",
            "is_active",
            "is_published",
        ]


class VolunteerTeamSerializer(ScopedModelSerializer):
    class Meta:
        model = VolunteerTeam
        fields = ["id", "name", "area", "description", "is_active"]


class VolunteerSerializer(ScopedModelSerializer):
    class Meta:
        model = Volunteer
        fields = [
            "id",
            "name",
            "area",
            "team",
            "resident",
            "party_member",
            "skills",
            "availability",
            "max_open_needs",
            "is_active",
        ]


class ServiceRecordSerializer(ScopedModelSerializer):
    class Meta:
        model = ServiceRecord
        fields = [
            "id",
            "area",
            "volunteer",
            "team",
            "service_item",
            "need",
            "check_in",
            "served_name",
            "served_on",
            "hours",
            "status",
            "confirmed_by",
            "confirmed_at",
            "note",
        ]
        read_only_fields = ["team", "status", "confirmed_by", "confirmed_at"]
        extra_kwargs = {"area": {"required": False}}


class GardenProjectSerializer(ScopedModelSerializer):
    class Meta:
        model = GardenProject
        fields = ["id", "name", "area", "description"]


class DonationSerializer(ScopedModelSerializer):
    area = serializers.IntegerField(source="project.area_id", read_only=True)

    class Meta:
        model = Donation
        fields = [
            "id",
            "area",
            "project",
            "donor_name",
            "resident_unit",
            "kind",
            "amount",
            "goods",
            "hours",
            "received_on",
        ]


class AdoptionSerializer(ScopedModelSerializer):
    area = serializers.IntegerField(source="plot.project.area_id", read_only=True)

    class Meta:
        model = Adoption
        fields = ["id", "area", "plot", "adopter_name", "resident", "starts_on", "ends_on", "duties"]


class CareLogSerializer(ScopedModelSerializer):
    area = serializers.IntegerField(source="adoption.plot.project.area_id", read_only=True)

    class Meta:
        model = CareLog
        fields = ["id", "area", "adoption", "cared_on", "note"]


class EscalateSerializer(serializers.Serializer):
    """Which joint-enforcement case category a need becomes, and its urgency."""

    category = serializers.PrimaryKeyRelatedField(queryset=CaseCategory.objects.filter(is_active=True))
    urgency = serializers.ChoiceField(choices=CaseUrgency.choices, default=CaseUrgency.NORMAL)


class NeedRatesSerializer(serializers.Serializer):
    """The three rates of one community, grid, category or month (see `selectors.Rates` for the rules)."""

    key = serializers.CharField(help_text="Area path, category id or month (YYYY-MM-DD, its first day).")
    label = serializers.CharField()
    total = serializers.IntegerField(help_text="Needs submitted in the period.")
    response_due = serializers.IntegerField(help_text="Needs answered or past their response deadline.")
    responded_in_time = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text="Percent; null when nothing is due.")
    resolution_due = serializers.IntegerField(help_text="Needs not declined, done or past their deadline.")
    resolved = serializers.IntegerField()
    resolution_rate = serializers.FloatField(allow_null=True)
    rated = serializers.IntegerField(help_text="Needs with a first rating.")
    satisfied = serializers.IntegerField(help_text="First ratings of 4 or 5.")
    satisfaction_rate = serializers.FloatField(allow_null=True)
    median_response_hours = serializers.FloatField(allow_null=True)
    median_resolution_hours = serializers.FloatField(allow_null=True)
