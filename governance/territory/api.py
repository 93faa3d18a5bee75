"""API of the territory: the tree of places, and the requesting user's own assignments."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions, serializers, viewsets

from governance.lib.api import ScopedModelSerializer, ScopedViewSet, run_service
from governance.territory import services
from governance.territory.filters import AreaFilter
from governance.territory.models import Area, Assignment


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


class AssignmentSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)
    area_level = serializers.IntegerField(source="area.depth", read_only=True)

    class Meta:
        model = Assignment
        fields = ["id", "role", "role_display", "area", "area_name", "area_level", "title"]
        read_only_fields = fields


class AreaViewSet(ScopedViewSet):
    """The territory tree; `?within=<id>` gives a whole subtree."""

    queryset = Area.objects.all()
    serializer_class = AreaSerializer
    filterset_class = AreaFilter
    search_fields = ["name", "code"]
    ordering_fields = ["path", "name", "depth"]
    ordering = ["path"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = run_service(
            services.area_create,
            parent=data.get("parent"),
            name=data["name"],
            code=data.get("code", ""),
            note=data.get("note", ""),
        )

    def perform_update(self, serializer):
        data = serializer.validated_data
        area = serializer.instance
        serializer.instance = run_service(
            services.area_update,
            area=area,
            name=data.get("name", area.name),
            code=data.get("code", area.code),
            note=data.get("note", area.note),
            is_active=data.get("is_active", area.is_active),
        )


class MyAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The requesting user's own assignments: what they answer for."""

    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Assignment.objects.none()  # for the schema; the real one is the user's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return Assignment.objects.filter(user=self.request.user).select_related("area")


def register(router) -> None:
    router.register("territory/areas", AreaViewSet, basename="area")
    router.register("territory/my-assignments", MyAssignmentViewSet, basename="my-assignment")
