from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from governance.lib.api import ScopedModelSerializer
from property.choices import CHECKLIST_MAX, ChecklistItem
from property.models import (
    Complaint,
    Cooperative,
    CooperativeAgreement,
    CooperativeMember,
    FeeRecord,
    FeeSubsidy,
    Finding,
    Inspection,
    Placement,
    PropertyCompany,
    ServiceContract,
)


class CompanySerializer(ScopedModelSerializer):
    kind_display = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = PropertyCompany
        fields = [
            "id",
            "name",
            "credit_code",
            "kind",
            "kind_display",
            "contact_person",
            "contact_phone",
            "area",
            "is_active",
        ]


class ContractSerializer(ScopedModelSerializer):
    company_name = serializers.CharField(source="company.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = ServiceContract
        fields = [
            "id",
            "company",
            "company_name",
            "area",
            "area_name",
            "starts_on",
            "ends_on",
            "fee_standard",
            "service_level",
            "note",
        ]


class CooperativeSerializer(ScopedModelSerializer):
    class Meta:
        model = Cooperative
        fields = ["id", "name", "area", "credit_code", "contact_person", "contact_phone", "founded_on"]


class CooperativeMemberSerializer(ScopedModelSerializer):
    area = serializers.IntegerField(source="cooperative.area_id", read_only=True)

    class Meta:
        model = CooperativeMember
        fields = ["id", "cooperative", "area", "name", "resident", "shares", "joined_on"]


class AgreementSerializer(ScopedModelSerializer):
    class Meta:
        model = CooperativeAgreement
        fields = [
            "id",
            "cooperative",
            "company",
            "area",
            "title",
            "signed_on",
            "starts_on",
            "ends_on",
            "terms",
        ]
        extra_kwargs = {"area": {"required": False}}


class FeeRecordSerializer(ScopedModelSerializer):
    company = serializers.PrimaryKeyRelatedField(read_only=True)
    company_name = serializers.CharField(source="company.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    correct = serializers.BooleanField(
        write_only=True,
        required=False,
        default=False,
        help_text="Replace the month already recorded; without it a second posting answers 409.",
    )

    class Meta:
        model = FeeRecord
        fields = [
            "id",
            "area",
            "area_name",
            "household",
            "company",
            "company_name",
            "period",
            "billed",
            "collected",
            "correct",
            "updated_at",
        ]
        read_only_fields = ["updated_at"]
        # A month's record is corrected by posting it again with `correct`; the check lives in the service.
        validators = []


class SubsidySerializer(ScopedModelSerializer):
    class Meta:
        model = FeeSubsidy
        fields = [
            "id",
            "cooperative",
            "company",
            "area",
            "period_start",
            "period_end",
            "amount",
            "paid_on",
            "reason",
        ]


class FindingSerializer(ScopedModelSerializer):
    area = serializers.IntegerField(source="inspection.area_id", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "inspection", "area", "item", "description", "deadline", "fixed_on", "fix_note"]
        read_only_fields = ["fixed_on", "fix_note"]


class FindingInputSerializer(serializers.Serializer):
    item = serializers.ChoiceField(choices=ChecklistItem.choices)
    description = serializers.CharField()
    deadline = serializers.DateField()


class FindingFixSerializer(serializers.Serializer):
    fixed_on = serializers.DateField()
    fix_note = serializers.CharField(required=False, allow_blank=True, default="")


class InspectionSerializer(ScopedModelSerializer):
    points = serializers.DictField(
        child=serializers.IntegerField(min_value=0, max_value=CHECKLIST_MAX),
        help_text=_("Points per checklist item (cleaning, security, greening, repairs, fee_transparency)."),
    )
    findings = FindingInputSerializer(many=True, required=False, write_only=True)
    finding_list = FindingSerializer(source="findings", many=True, read_only=True)
    inspector = serializers.PrimaryKeyRelatedField(read_only=True)

    class Meta:
        model = Inspection
        fields = [
            "id",
            "company",
            "area",
            "inspected_on",
            "inspector",
            "score",
            "points",
            "note",
            "findings",
            "finding_list",
        ]
        read_only_fields = ["score"]


class ComplaintSerializer(ScopedModelSerializer):
    class Meta:
        model = Complaint
        fields = [
            "id",
            "company",
            "area",
            "channel",
            "complainant",
            "resident",
            "meeting",
            "content",
            "received_on",
            "response_due",
            "status",
            "answer",
            "answered_on",
            "resolution",
            "resolved_on",
            "satisfaction",
        ]
        read_only_fields = [
            "status",
            "answer",
            "answered_on",
            "resolution",
            "resolved_on",
            "satisfaction",
        ]
        extra_kwargs = {"response_due": {"required": False}}


class ComplaintAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField()
    on = serializers.DateField()


class ComplaintResolveSerializer(serializers.Serializer):
    resolution = serializers.CharField()
    on = serializers.DateField()
    satisfaction = serializers.IntegerField(min_value=1, max_value=5, required=False, allow_null=True)


class PlacementSerializer(ScopedModelSerializer):
    class Meta:
        model = Placement
        fields = [
            "id",
            "person_name",
            "resident",
            "area",
            "cooperative",
            "company",
            "position",
            "starts_on",
            "ends_on",
        ]


class PlacementCountSerializer(serializers.Serializer):
    """People re-employed in one community in one year."""

    community = serializers.CharField()
    year = serializers.IntegerField()
    people = serializers.IntegerField()


class RateRowSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    billed = serializers.DecimalField(max_digits=16, decimal_places=2)
    collected = serializers.DecimalField(max_digits=16, decimal_places=2)
    rate = serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True)
