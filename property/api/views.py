import datetime
from decimal import Decimal

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from governance.lib.api import (
    ErrorResponseSerializer,
    KeysetPagination,
    ScopedViewSet,
    action_response,
    run_move,
    run_service,
)
from property import selectors, services
from property.api import serializers as s
from property.filters import (
    CompanyFilter,
    ComplaintFilter,
    ContractFilter,
    CooperativeFilter,
    FeeFilter,
    InspectionFilter,
    PlacementFilter,
    SubsidyFilter,
)
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

CREATE_ONLY = ["get", "post", "head", "options"]


class ServiceCreateMixin:
    """`POST` calls `create_service(user=..., **validated_data)`; its ValidationError answers 400."""

    create_service = None

    def perform_create(self, serializer):
        serializer.instance = run_service(
            type(self).create_service, user=self.request.user, **serializer.validated_data
        )


class CompanyViewSet(ServiceCreateMixin, ScopedViewSet):
    """Property companies: where registered, and wherever they hold a contract."""

    queryset = PropertyCompany.objects.all()
    serializer_class = s.CompanySerializer
    filterset_class = CompanyFilter
    create_service = services.company_create
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_update(self, serializer):
        serializer.instance = run_service(
            services.company_update,
            user=self.request.user,
            company=serializer.instance,
            **serializer.validated_data,
        )

    @extend_schema(parameters=[OpenApiParameter("month", str, description="YYYY-MM")])
    @action(detail=True, methods=["get"])
    def scorecard(self, request, pk=None):
        """The company's monthly score card: inspections, findings, complaints, collection rate."""
        company = self.get_object()
        try:
            month = datetime.date.fromisoformat(f"{request.query_params.get('month', '')[:7]}-01")
        except ValueError as exc:
            raise ValidationError({"month": ["Give the month as YYYY-MM."]}) from exc
        card = selectors.company_scorecard(company, month, request.user)
        # Money and rates as strings, like every serializer's DecimalField: exact, never a float.
        card = {k: str(v) if isinstance(v, Decimal) else v for k, v in card.items()}
        card["inspections"] = [
            {"id": i.id, "inspected_on": i.inspected_on, "score": i.score, "area": i.area_id}
            for i in card["inspections"]
        ]
        return Response(card)


class ContractViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = ServiceContract.objects.select_related("company", "area")
    serializer_class = s.ContractSerializer
    filterset_class = ContractFilter
    create_service = services.contract_create
    http_method_names = CREATE_ONLY


class CooperativeViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = Cooperative.objects.all()
    serializer_class = s.CooperativeSerializer
    filterset_class = CooperativeFilter
    create_service = services.cooperative_create
    http_method_names = CREATE_ONLY


class CooperativeMemberViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = CooperativeMember.objects.select_related("cooperative")
    serializer_class = s.CooperativeMemberSerializer
    filterset_fields = ["cooperative"]
    create_service = services.cooperative_member_add
    http_method_names = CREATE_ONLY


class AgreementViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = CooperativeAgreement.objects.all()
    serializer_class = s.AgreementSerializer
    filterset_fields = ["cooperative", "company"]
    create_service = services.agreement_create
    http_method_names = CREATE_ONLY


class FeeRecordViewSet(ServiceCreateMixin, ScopedViewSet):
    """Fees per building and month; posting a building's month again corrects it."""

    queryset = FeeRecord.objects.select_related("company", "area")
    serializer_class = s.FeeRecordSerializer
    filterset_class = FeeFilter
    pagination_class = KeysetPagination
    ordering_fields = []
    create_service = services.fee_record_set
    http_method_names = CREATE_ONLY

    @extend_schema(
        responses={
            201: s.FeeRecordSerializer,
            409: OpenApiResponse(
                ErrorResponseSerializer,
                description="The month is already recorded and `correct` was not set.",
            ),
        }
    )
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(
        parameters=[OpenApiParameter("by", str, enum=["community", "company", "month"])],
        responses={200: s.RateRowSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], url_path="collection-rate", pagination_class=None)
    def collection_rate(self, request):
        """Billed, collected and the rate (%) per community, company or month, of the filtered fees."""
        by = request.query_params.get("by", "community")
        if by not in ("community", "company", "month"):
            raise ValidationError({"by": ["Choose community, company or month."]})
        fees = self.filter_queryset(self.get_queryset()).order_by()
        rows = selectors.collection_rates(fees, by)
        return Response(s.RateRowSerializer(rows, many=True).data)


class SubsidyViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = FeeSubsidy.objects.all()
    serializer_class = s.SubsidySerializer
    filterset_class = SubsidyFilter
    create_service = services.subsidy_create
    http_method_names = CREATE_ONLY


class InspectionViewSet(ScopedViewSet):
    queryset = Inspection.objects.prefetch_related("scores", "findings")
    serializer_class = s.InspectionSerializer
    filterset_class = InspectionFilter
    http_method_names = CREATE_ONLY

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data["findings"] = [dict(f) for f in data.get("findings", [])]
        serializer.instance = run_service(services.inspection_record, user=self.request.user, **data)


class FindingViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = Finding.objects.select_related("inspection")
    serializer_class = s.FindingSerializer
    filterset_fields = ["inspection", "item"]
    create_service = services.finding_add
    http_method_names = CREATE_ONLY

    @extend_schema(request=s.FindingFixSerializer, responses={200: s.FindingSerializer})
    @action(detail=True, methods=["post"])
    def fix(self, request, pk=None):
        """Record that the finding was rectified, and when."""
        finding = self.get_object()
        data = s.FindingFixSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        finding = run_service(services.finding_fix, user=request.user, finding=finding, **data.validated_data)
        return action_response(s.FindingSerializer, finding, request)


class ComplaintViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = Complaint.objects.all()
    serializer_class = s.ComplaintSerializer
    filterset_class = ComplaintFilter
    create_service = services.complaint_create
    http_method_names = CREATE_ONLY

    def _move(self, request, serializer_class, move):
        complaint = self.get_object()
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        complaint = run_move(self, services.COMPLAINT_WORKFLOW, complaint, move, **data.validated_data)
        return action_response(s.ComplaintSerializer, complaint, request)

    @extend_schema(request=s.ComplaintAnswerSerializer, responses={200: s.ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        """The company's answer was given (received → answered)."""
        return self._move(request, s.ComplaintAnswerSerializer, "answer")

    @extend_schema(request=s.ComplaintResolveSerializer, responses={200: s.ComplaintSerializer})
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """The complaint was resolved, with the resident's satisfaction (answered → resolved)."""
        return self._move(request, s.ComplaintResolveSerializer, "resolve")


class PlacementViewSet(ServiceCreateMixin, ScopedViewSet):
    queryset = Placement.objects.all()
    serializer_class = s.PlacementSerializer
    filterset_class = PlacementFilter
    create_service = services.placement_create
    http_method_names = CREATE_ONLY

    @extend_schema(responses={200: s.PlacementCountSerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        """People re-employed per community and year."""
        return Response(selectors.placement_counts(request.user), status=status.HTTP_200_OK)
