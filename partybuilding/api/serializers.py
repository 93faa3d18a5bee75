from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.lib.api import PersonalDataField, ScopedModelSerializer
from governance.lib.masking import PersonalKind
from partybuilding import models
from partybuilding.choices import (
    CheckInKind,
    CommitteeKind,
    FileEntryKind,
    MeetingKind,
    MeetingTopic,
    PledgeKind,
    SeatKind,
    UnitKind,
)


def kind_field(choices, **kwargs):
    """A `kind` choice field whose enum is written inline: many models here have a `kind`, each its own."""

    @extend_schema_field({"type": "string", "enum": list(choices.values)})
    class KindField(serializers.ChoiceField):
        pass

    return KindField(choices=choices.choices, **kwargs)


class ResidentUnitSerializer(ScopedModelSerializer):
    kind = kind_field(UnitKind)

    class Meta:
        model = models.ResidentUnit
        fields = [
            "id",
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
            "is_active",
        ]


class PartyOrganisationSerializer(ScopedModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)

    class Meta:
        model = models.PartyOrganisation
        fields = ["id", "name", "level", "level_display", "parent", "area", "resident_unit", "secretary_name"]


class PartyMemberSerializer(ScopedModelSerializer):
    phone = PersonalDataField(PersonalKind.PHONE, max_length=20, required=False, allow_blank=True)

    class Meta:
        model = models.PartyMember
        fields = ["id", "name", "organisation", "area", "joined_on", "status", "phone"]
        read_only_fields = ["area"]


class MemberTransferSerializer(ScopedModelSerializer):
    class Meta:
        model = models.MemberTransfer
        fields = [
            "id",
            "member",
            "from_organisation",
            "to_organisation",
            "transferred_on",
            "note",
            "recorded_at",
        ]
        read_only_fields = ["member", "from_organisation", "recorded_at"]


class MemberFileEntrySerializer(ScopedModelSerializer):
    kind = kind_field(FileEntryKind)

    class Meta:
        model = models.MemberFileEntry
        fields = ["id", "member", "kind", "recorded_on", "text"]
        read_only_fields = ["member"]


class CommunityCheckInSerializer(ScopedModelSerializer):
    kind = kind_field(CheckInKind, read_only=True)

    class Meta:
        model = models.CommunityCheckIn
        fields = ["id", "kind", "area", "party_member", "resident_unit", "starts_on", "ends_on"]
        read_only_fields = ["kind"]


class CommitteeSeatSerializer(ScopedModelSerializer):
    kind = kind_field(SeatKind)
    member_name = serializers.CharField(source="member.name", read_only=True)
    area = serializers.IntegerField(source="committee.area_id", read_only=True)

    class Meta:
        model = models.CommitteeSeat
        fields = [
            "id",
            "committee",
            "area",
            "member",
            "member_name",
            "kind",
            "resident_unit",
            "title",
            "starts_on",
            "ends_on",
        ]


class JointCommitteeSerializer(ScopedModelSerializer):
    kind = kind_field(CommitteeKind, read_only=True)

    class Meta:
        model = models.JointCommittee
        fields = ["id", "kind", "name", "area", "organisation"]
        read_only_fields = ["kind", "area"]


class InviteeSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.MeetingInvitee
        fields = ["id", "name", "is_present"]


class ActionSerializer(ScopedModelSerializer):
    meeting = serializers.IntegerField(source="decision.meeting_id", read_only=True)

    class Meta:
        model = models.FollowUpAction
        fields = [
            "id",
            "decision",
            "meeting",
            "area",
            "title",
            "owner",
            "due_on",
            "progress",
            "progress_note",
            "status",
            "closing_note",
            "closed_at",
        ]
        read_only_fields = fields


class DecisionSerializer(serializers.ModelSerializer):
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = models.Decision
        fields = ["id", "position", "text", "actions"]


class AttachmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = models.MeetingAttachment
        fields = ["id", "name", "size", "file", "uploaded_at"]


class MeetingSerializer(ScopedModelSerializer):
    kind = kind_field(MeetingKind, read_only=True)
    invitees = InviteeSerializer(many=True, read_only=True)
    decisions = DecisionSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    attendance_rate = serializers.SerializerMethodField()

    class Meta:
        model = models.Meeting
        fields = [
            "id",
            "kind",
            "title",
            "area",
            "committee",
            "held_at",
            "venue",
            "agenda",
            "topics",
            "minutes",
            "minutes_recorded_at",
            "attendance_rate",
            "invitees",
            "decisions",
            "attachments",
        ]
        read_only_fields = fields

    def get_attendance_rate(self, meeting) -> float | None:
        invitees = meeting.invitees.all()
        if not invitees:
            return None
        return round(sum(1 for i in invitees if i.is_present) * 100 / len(invitees), 1)


class DecisionInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=500)
    owner = serializers.PrimaryKeyRelatedField(
        queryset=models.FollowUpAction._meta.get_field("owner").related_model.objects.all()
    )
    due_on = serializers.DateField()
    action = serializers.CharField(max_length=200, required=False, allow_blank=True)


class MeetingLogSerializer(ScopedModelSerializer):
    """A meeting as logged: invitees and absentees by name, decisions with their owners and due dates."""

    topics = serializers.ListField(
        child=serializers.ChoiceField(choices=MeetingTopic.choices), required=False
    )
    invitees = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    absent = serializers.ListField(child=serializers.CharField(max_length=100), required=False)
    decisions = DecisionInputSerializer(many=True, required=False)

    class Meta:
        model = models.Meeting
        fields = [
            "kind",
            "title",
            "area",
            "committee",
            "held_at",
            "venue",
            "agenda",
            "topics",
            "minutes",
            "invitees",
            "absent",
            "decisions",
        ]


class MinutesSerializer(serializers.Serializer):
    minutes = serializers.CharField()


class ActionMoveSerializer(serializers.Serializer):
    move = serializers.ChoiceField(choices=["progress", "close", "reopen"])
    progress = serializers.IntegerField(required=False, min_value=0, max_value=100)
    note = serializers.CharField(required=False, allow_blank=True)


class PledgeSerializer(ScopedModelSerializer):
    kind = kind_field(PledgeKind)
    fulfilment = serializers.DecimalField(max_digits=5, decimal_places=4, read_only=True)

    class Meta:
        model = models.Pledge
        fields = [
            "id",
            "resident_unit",
            "area",
            "kind",
            "description",
            "quantity",
            "unit",
            "due_on",
            "delivered",
            "fulfilment",
        ]
        read_only_fields = ["delivered"]


class DeliverySerializer(ScopedModelSerializer):
    class Meta:
        model = models.PledgeDelivery
        fields = ["id", "pledge", "delivered_on", "quantity", "note"]
        read_only_fields = ["pledge"]


class SupervisionPostSerializer(ScopedModelSerializer):
    class Meta:
        model = models.SupervisionPost
        fields = ["id", "area", "role", "member", "is_active"]
        read_only_fields = ["is_active"]
        extra_kwargs = {"role": {"required": False}}
