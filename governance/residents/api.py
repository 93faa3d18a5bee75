"""API of residents: masked for everyone, full numbers through the logged `reveal` action."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.throttling import UserRateThrottle

from governance.lib.api import (
    KeysetPagination,
    ScopedModelSerializer,
    ScopedViewSet,
    action_response,
    run_service,
)
from governance.residents import services
from governance.residents.filters import ResidentFilter
from governance.residents.models import PersonalDataAccess, Resident


class ResidentSerializer(ScopedModelSerializer):
    """Residents as read by everyone: ID, phone and birth date masked (full values through `reveal`)."""

    id_number = serializers.CharField(source="masked_id_number", read_only=True)
    phone = serializers.CharField(source="masked_phone", read_only=True)
    birth_year = serializers.CharField(source="masked_birth_date", read_only=True)
    room = serializers.CharField(source="household.room", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = Resident
        fields = [
            "id",
            "name",
            "gender",
            "birth_year",
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
    birth_date = serializers.CharField()


class NumberSearchSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=30)


class NumberSearchThrottle(UserRateThrottle):
    """Each search by number confirms or denies a number: a tight budget per user."""

    scope = "number_search"


class ResidentViewSet(ScopedViewSet):
    """Residents, masked; keyset-paginated because the list grows to tens of thousands."""

    queryset = Resident.objects.select_related("area", "household")
    serializer_class = ResidentSerializer
    filterset_class = ResidentFilter
    pagination_class = KeysetPagination
    ordering_fields = []  # keyset pagination fixes the order
    http_method_names = ["get", "post", "patch", "head", "options"]
    action_permissions = {"reveal": "governance.view_resident_pii", "search": "governance.view_resident_pii"}

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

    @extend_schema(
        request=NumberSearchSerializer,
        responses={200: ResidentSerializer(many=True)},
        description="Residents whose ID card or phone number is exactly `number`, sent in the body so that "
        "no number is written in a URL or an access log; each resident found is a logged showing.",
    )
    # The residents found, as a plain list: a number names a handful at most, never a page of them.
    @action(detail=False, methods=["post"], throttle_classes=[NumberSearchThrottle], pagination_class=None)
    def search(self, request):
        serializer = NumberSearchSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = run_service(
            services.residents_find_by_number,
            user=request.user,
            residents=self.get_queryset(),
            number=serializer.validated_data["number"],
        )
        return Response(ResidentSerializer(found, many=True, context={"request": request}).data)

    @extend_schema(request=None, responses={200: ResidentRevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The full ID and phone numbers, for roles granted them; each call is logged."""
        resident = self.get_object()
        values = services.resident_reveal(
            user=request.user, resident=resident, channel=PersonalDataAccess.Channel.API
        )
        return Response(values)


def register(router) -> None:
    router.register("territory/residents", ResidentViewSet, basename="resident")
