from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from governance.lib.api import ScopedModelSerializer
from governance.models import Area, Assignment, Notification, Resident


class AreaSerializer(ScopedModelSerializer):
    level = serializers.IntegerField(source="depth", read_only=True)
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all(), allow_null=True, required=False)
    area = serializers.IntegerField(source="pk", read_only=True, help_text=_("The node itself."))

    class Meta:
        model = Area
        fields = [
            "id",
            "area",
            "name",
            "code",
            "level",
            "level_display",
            "parent",
            "path",
            "numchild",
            "note",
            "is_active",
        ]
        read_only_fields = ["path", "numchild"]


class ResidentSerializer(ScopedModelSerializer):
    """Residents as read by everyone: ID and phone numbers masked (full values through `reveal`)."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    room = serializers.CharField(source="household.room", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "area",
            "area_name",
            "room",
            "household",
            "is_household_head",
            "registration",
            "is_active",
            "note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class ResidentWriteSerializer(ScopedModelSerializer):
    """Residents as written: full values in, validated by the model and the service."""

    room = serializers.CharField(max_length=20)
    id_number = serializers.CharField(max_length=18, required=False, allow_blank=True, allow_null=True)

    class Meta:
        model = Resident
        fields = [
            "name",
            "gender",
            "birth_date",
            "id_number",
            "phone",
            "area",
            "room",
            "is_household_head",
            "registration",
            "note",
        ]
        # Uniqueness and checks are the service's and the database's job; no duplicate DRF validators.
        extra_kwargs = {"id_number": {"validators": []}}


class ResidentRevealSerializer(serializers.Serializer):
    id_number = serializers.CharField()
    phone = serializers.CharField()


class AssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    area_level = serializers.IntegerField(source="area.depth", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "role", "role_display", "area", "area_name", "area_level", "title"]
        read_only_fields = fields


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField)
    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None
