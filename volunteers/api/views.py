import re

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from governance.lib.api import (
    ActionPermissionsMixin,
    ErrorResponseSerializer,
    KeysetPagination,
    ScopedViewSet,
    action_response,
    run_move,
    run_service,
)
from governance.lib.masking import PERSONAL_DATA_PERMISSION
from governance.models import PersonalDataAccess
from governance.residents.services import personal_data_reveal
from volunteers import selectors, services
from volunteers.api import serializers as s
from volunteers.choices import NeedMove
from volunteers.models import (
    Adoption,
    CareLog,
    Donation,
    GardenProject,
    Need,
    ServiceItem,
    ServiceRecord,
    Volunteer,
    VolunteerTeam,
)

READ_CREATE = ["get", "post", "head", "options"]
MONTH = r"^\d{4}-\d{2}$"


class NeedRatesViewSet(ActionPermissionsMixin, viewsets.GenericViewSet):
    """The three rates of the needs the user sees, per community, grid, category or month (read-only)."""

    # Reading the rates needs the permission to view needs; the figures come from the needs' rollup.
    queryset = Need.objects.none()
    serializer_class = s.NeedRatesSerializer
    pagination_class = None
    filter_backends = []

    @extend_schema(
        parameters=[
            OpenApiParameter("by", str, enum=list(selectors.GROUPINGS), description="Grouping (community)."),
            OpenApiParameter("from", str, pattern=MONTH, description="First month (YYYY-MM); 11 months ago."),
            OpenApiParameter("to", str, pattern=MONTH, description="Last month (YYYY-MM); this month."),
        ],
        responses={200: s.NeedRatesSerializer(many=True), 400: ErrorResponseSerializer},
    )
    def list(self, request):
        """Communities come ranked (satisfaction, then resolution, then response rate); the rest in order."""
        by = request.query_params.get("by", "community")
        errors = {}
        if by not in selectors.GROUPINGS:
            errors["by"] = [_("Choose community, grid, category or month.")]
        for name in ("from", "to"):
            value = request.query_params.get(name)
            if value is not None and not re.match(MONTH, value):
                errors[name] = [_("Give a month as YYYY-MM, e.g. 2026-11.")]
        if errors:
            raise ValidationError(errors)
        period = selectors.parse_period(request.query_params.get("from"), request.query_params.get("to"))
        if by == "community":
            rows = selectors.community_ranking(request.user, period)
        else:
            rows = sorted(selectors.need_rates(request.user, by, period), key=lambda r: str(r.key))
        return Response(s.NeedRatesSerializer([r.as_dict() for r in rows], many=True).data)


class NeedViewSet(ScopedViewSet):
    """The Needs List: intake by `create`, every workflow step an action (each recorded as an event)."""

    queryset = Need.objects.select_related("category")
    serializer_class = s.NeedSerializer
    pagination_class = KeysetPagination
    filterset_fields = ["status", "urgency", "category", "channel"]
    ordering_fields = []
    http_method_names = READ_CREATE
    # Escalating raises a joint-enforcement case, as on the need's page.
    action_permissions = {
        "escalate": "governance.add_enforcementcase",
        "reveal": PERSONAL_DATA_PERMISSION,
    }

    def get_queryset(self):
        qs = super().get_queryset()
        if self.action == "retrieve":
            qs = qs.prefetch_related("events__actor")
        return qs

    def get_serializer_class(self):
        return s.NeedDetailSerializer if self.action == "retrieve" else s.NeedSerializer

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = run_service(services.need_create, user=self.request.user, **data)

    def _move(self, request, move, serializer_class=None):
        need = self.get_object()
        data = {}
        if serializer_class is not None:
            ser = serializer_class(data=request.data, context=self.get_serializer_context())
            ser.is_valid(raise_exception=True)
            data = dict(ser.validated_data)
        need = run_move(self, services.NEED_WORKFLOW, need, move, **data)
        return action_response(s.NeedSerializer, need, request)

    @extend_schema(request=s.EscalateSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None):
        """Turn the need into a joint-enforcement case (once); the need then carries the case's id."""
        need = self.get_object()
        ser = s.EscalateSerializer(data=request.data, context=self.get_serializer_context())
        ser.is_valid(raise_exception=True)
        run_service(services.need_escalate, need=need, user=request.user, **ser.validated_data)
        need.refresh_from_db()
        return action_response(s.NeedSerializer, need, request)

    @extend_schema(request=None, responses={200: s.NeedRevealSerializer})
    @action(detail=True, methods=["post"])
    def reveal(self, request, pk=None):
        """The requester's full phone number, for roles granted personal data; each call is logged."""
        need = self.get_object()
        values = personal_data_reveal(user=request.user, obj=need, channel=PersonalDataAccess.Channel.API)
        return Response(values)

    @extend_schema(request=None, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(request, NeedMove.ACCEPT)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None):
        return self._move(request, NeedMove.DECLINE, s.ReasonSerializer)

    @extend_schema(request=s.AssignSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        return self._move(request, NeedMove.ASSIGN, s.AssignSerializer)

    @extend_schema(request=s.CompleteSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        return self._move(request, NeedMove.COMPLETE, s.CompleteSerializer)

    @extend_schema(request=s.RateSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def rate(self, request, pk=None):
        return self._move(request, NeedMove.RATE, s.RateSerializer)

    @extend_schema(request=None, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._move(request, NeedMove.CLOSE)

    @extend_schema(request=s.ReasonSerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._move(request, NeedMove.REOPEN, s.ReasonSerializer)

    @extend_schema(request=s.QualitySerializer, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"], url_path="quality-check")
    def quality_check(self, request, pk=None):
        return self._move(request, NeedMove.QUALITY_CHECK, s.QualitySerializer)

    @extend_schema(request=None, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        """A need flagged as a likely duplicate is merged into the earlier one (answered as declined)."""
        return self._move(request, NeedMove.MERGE)

    @extend_schema(request=None, responses={200: s.NeedSerializer})
    @action(detail=True, methods=["post"], url_path="keep-both")
    def keep_both(self, request, pk=None):
        """A need flagged as a likely duplicate is not one: it stays, unflagged."""
        return self._move(request, NeedMove.KEEP_BOTH)

    @extend_schema(responses={200: s.SuggestionSerializer(many=True)})
    @action(detail=True, methods=["get"])
    def suggestions(self, request, pk=None):
        """Service items and volunteers that fit, best first."""
        need = self.get_object()
        return Response(s.SuggestionSerializer(selectors.need_suggestions(need), many=True).data)


class ServiceItemViewSet(ScopedViewSet):
    queryset = ServiceItem.objects.select_related("category").prefetch_related("areas_served")
    serializer_class = s.ServiceItemSerializer
    filterset_fields = ["category", "provider_kind", "is_active", "is_published"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _save(self, serializer):
        data = dict(serializer.validated_data)
        areas_served = data.pop("areas_served", None)
        item = serializer.instance or ServiceItem()
        for field, value in data.items():
            setattr(item, field, value)
        serializer.instance = run_service(
            services.serviceitem_save, user=self.request.user, item=item, areas_served=areas_served
        )

    perform_create = _save
    perform_update = _save


class VolunteerTeamViewSet(ScopedViewSet):
    queryset = VolunteerTeam.objects.all()
    serializer_class = s.VolunteerTeamSerializer
    http_method_names = ["get", "head", "options"]


class VolunteerViewSet(ScopedViewSet):
    queryset = Volunteer.objects.prefetch_related("skills")
    serializer_class = s.VolunteerSerializer
    filterset_fields = ["team", "is_active"]
    http_method_names = ["get", "head", "options"]


class ServiceRecordViewSet(ScopedViewSet):
    """Service records: volunteers report hours (`create`), staff `confirm` or `reject` them."""

    queryset = ServiceRecord.objects.all()
    serializer_class = s.ServiceRecordSerializer
    pagination_class = KeysetPagination
    filterset_fields = ["status", "volunteer", "team"]
    ordering_fields = []
    http_method_names = READ_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.servicerecord_report, user=self.request.user, **serializer.validated_data
        )

    def _decide(self, request, fn):
        record = run_service(fn, record=self.get_object(), user=request.user)
        return action_response(s.ServiceRecordSerializer, record, request)

    @extend_schema(request=None, responses={200: s.ServiceRecordSerializer})
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        return self._decide(request, services.servicerecord_confirm)

    @extend_schema(request=None, responses={200: s.ServiceRecordSerializer})
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        return self._decide(request, services.servicerecord_reject)


class GardenProjectViewSet(ScopedViewSet):
    queryset = GardenProject.objects.all()
    serializer_class = s.GardenProjectSerializer
    http_method_names = ["get", "head", "options"]


class DonationViewSet(ScopedViewSet):
    queryset = Donation.objects.select_related("project")
    serializer_class = s.DonationSerializer
    http_method_names = READ_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.donation_record, user=self.request.user, **serializer.validated_data
        )


class AdoptionViewSet(ScopedViewSet):
    queryset = Adoption.objects.select_related("plot__project")
    serializer_class = s.AdoptionSerializer
    http_method_names = READ_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.adoption_create, user=self.request.user, **serializer.validated_data
        )


class CareLogViewSet(ScopedViewSet):
    queryset = CareLog.objects.select_related("adoption__plot__project")
    serializer_class = s.CareLogSerializer
    http_method_names = READ_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.carelog_record, user=self.request.user, **serializer.validated_data
        )
