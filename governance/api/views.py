from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from governance import services
from governance.api.serializers import (
    AreaSerializer,
    AssignmentSerializer,
    NotificationSerializer,
    ResidentRevealSerializer,
    ResidentSerializer,
    ResidentWriteSerializer,
)
from governance.filters import AreaFilter, ResidentFilter
from governance.lib.api import KeysetPagination, ScopedViewSet, action_response, run_service
from governance.models import Area, Assignment, Notification, PersonalDataAccess, Resident


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


class ResidentViewSet(ScopedViewSet):
    """Residents, masked; keyset-paginated because the list grows to tens of thousands."""

    queryset = Resident.objects.select_related("area", "household")
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilter
    pagination_class = KeysetPagination
    ordering_fields = []  # keyset pagination fixes the order
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_serializer_class(self):
        if self.action in ("create", "partial_update", "update"):
            return ResidentWriteSerializer
        return super().get_serializer_class()

    @extend_schema(request=ResidentWriteSerializer, responses={201: ResidentSerializer})
    def create(self, request, *args, **kwargs):
        serializer = ResidentWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        resident = run_service(services.resident_create, user=request.user, **serializer.validated_data)
        return action_response(ResidentSerializer, resident, request, status.HTTP_201_CREATED)

    @extend_schema(request=ResidentWriteSerializer, responses={200: ResidentSerializer})
    def partial_update(self, request, *args, **kwargs):
        resident = self.get_object()
        serializer = ResidentWriteSerializer(
            resident, data=request.data, partial=True, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = {"area": resident.area, "room": resident.household.room, **serializer.validated_data}
        resident = run_service(services.resident_update, user=request.user, resident=resident, **data)
        return action_response(ResidentSerializer, resident, request)

    @extend_schema(request=None, responses={200: ResidentRevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID and phone numbers, for roles granted them; each call is logged."""
        resident = self.get_object()
        try:
            values = services.resident_reveal(
                user=request.user, resident=resident, channel=PersonalDataAccess.Channel.API
            )
        except PermissionError as exc:
            raise PermissionDenied from exc
        return Response(values)


class MyAssignmentViewSet(viewsets.ReadOnlyModelViewSet):
    """The requesting user's own assignments: what they answer for."""

    serializer_class = AssignmentSerializer
    permission_classes = [permissions.IsAuthenticated]
    queryset = Assignment.objects.none()  # for the schema; the real one is the user's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return Assignment.objects.filter(user=self.request.user).select_related("area")


class NotificationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The requesting user's notifications."""

    serializer_class = NotificationSerializer
    permission_classes = [permissions.IsAuthenticated]
    filterset_fields = []
    queryset = Notification.objects.none()  # for the schema; the real one is the user's own

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.queryset
        return Notification.objects.for_user(self.request.user)

    @extend_schema(request=None, responses={200: NotificationSerializer})
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()
        services.notification_mark_read(user=request.user, notification_id=notification.pk)
        notification.refresh_from_db()
        return action_response(NotificationSerializer, notification, request)
