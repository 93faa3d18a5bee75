"""REST API of street staff: thin viewsets whose writes call governance.staff.services."""

import datetime

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from governance.lib.api import ScopedModelSerializer, ScopedViewSet, action_response, run_move, run_service
from governance.staff import selectors, services
from governance.staff.filters import EvaluationFilter, PortfolioFilter, PostFilter, StaffMemberFilter
from governance.staff.models import (
    Absence,
    Department,
    Evaluation,
    FrontlineInspection,
    LeadershipPortfolio,
    Post,
    StaffMember,
)


class DepartmentSerializer(ScopedModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "area", "name", "description", "leader", "is_active"]


class StaffMemberSerializer(ScopedModelSerializer):
    class Meta:
        model = StaffMember
        fields = [
            "id",
            "area",
            "department",
            "user",
            "name",
            "gender",
            "birth_date",
            "education",
            "political_status",
            "kind",
            "position",
            "is_leadership",
            "hired_on",
            "left_on",
            "leave_reason",
        ]


class PortfolioSerializer(ScopedModelSerializer):
    leader_name = serializers.CharField(source="leader.name", read_only=True)

    class Meta:
        model = LeadershipPortfolio
        fields = ["id", "area", "leader", "leader_name", "work_line", "note"]


class PostSerializer(ScopedModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "area", "department", "name", "work_line", "holder_a", "holder_b"]
        read_only_fields = ["area"]


class AbsenceSerializer(ScopedModelSerializer):
    class Meta:
        model = Absence
        fields = ["id", "area", "staff", "kind", "starts_on", "ends_on", "note"]
        read_only_fields = ["area"]


class EvaluationSerializer(ScopedModelSerializer):
    cadre_name = serializers.CharField(source="cadre.name", read_only=True)
    total_score = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Evaluation
        fields = [
            "id",
            "area",
            "cadre",
            "cadre_name",
            "year",
            "quarter",
            "evaluators",
            *Evaluation.SCORE_FIELDS,
            "total_score",
            "grade",
            "comment",
            "self_assessment",
            "status",
            "deadline",
        ]
        read_only_fields = [
            "area",
            "cadre",
            "year",
            "quarter",
            "evaluators",
            "self_assessment",
            "status",
            "deadline",
        ]


class EvaluationMoveSerializer(serializers.Serializer):
    to = serializers.CharField(max_length=12, help_text="submitted, confirmed or pending (returned)")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class OpenQuarterSerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    quarter = serializers.IntegerField(min_value=1, max_value=4)


class FrontlineInspectionSerializer(ScopedModelSerializer):
    class Meta:
        model = FrontlineInspection
        fields = ["id", "area", "cadre", "inspector", "inspected_on", "findings"]
        read_only_fields = ["inspector"]


class DepartmentViewSet(ScopedViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = run_service(
            services.department_create,
            area=d["area"],
            name=d["name"],
            description=d.get("description", ""),
            leader=d.get("leader"),
        )

    def perform_update(self, serializer):
        serializer.instance = run_service(
            services.department_update, department=serializer.instance, **serializer.validated_data
        )


class StaffMemberViewSet(ScopedViewSet):
    queryset = StaffMember.objects.all()
    serializer_class = StaffMemberSerializer
    filterset_class = StaffMemberFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = run_service(services.staff_create, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = run_service(
            services.staff_update, staff=serializer.instance, **serializer.validated_data
        )


class LeadershipPortfolioViewSet(ScopedViewSet):
    """Portfolios; POST assigns (replacing the leader of that line and place)."""

    queryset = LeadershipPortfolio.objects.select_related("leader")
    serializer_class = PortfolioSerializer
    filterset_class = PortfolioFilter
    http_method_names = ["get", "post", "delete", "head", "options"]

    def perform_create(self, serializer):
        d = serializer.validated_data
        serializer.instance = run_service(
            services.portfolio_assign,
            area=d["area"],
            work_line=d["work_line"],
            leader=d["leader"],
            note=d.get("note", ""),
        )

    @extend_schema(
        parameters=[
            OpenApiParameter("area", int, required=True),
            OpenApiParameter("work_line", str, required=True),
        ],
        responses={200: PortfolioSerializer},
    )
    @action(detail=False, methods=["get"], url_path="in-charge")
    def in_charge(self, request):
        """The portfolio answering for `work_line` in `area` (the community's own, else the street's)."""
        from django.shortcuts import get_object_or_404

        from governance.territory.models import Area

        try:
            area_id = serializers.IntegerField().run_validation(request.query_params.get("area"))
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"area": exc.detail}) from exc
        area = get_object_or_404(Area.objects.visible_to(request.user), pk=area_id)
        found = selectors.leader_in_charge(
            area=area, work_line=request.query_params.get("work_line", ""), queryset=self.get_queryset()
        )
        if found is None:
            raise NotFound(_("No leader answers for this line of work here."))
        return action_response(PortfolioSerializer, found, request)


class PostViewSet(ScopedViewSet):
    queryset = Post.objects.all()
    serializer_class = PostSerializer
    filterset_class = PostFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = run_service(services.post_create, **serializer.validated_data)

    def perform_update(self, serializer):
        serializer.instance = run_service(
            services.post_update, post=serializer.instance, **serializer.validated_data
        )

    @extend_schema(parameters=[OpenApiParameter("date", str)], responses={200: dict})
    @action(detail=False, methods=["get"])
    def coverage(self, request):
        """Coverage warnings for `?date=YYYY-MM-DD` (default today)."""
        from django.utils import timezone

        try:
            day = datetime.date.fromisoformat(request.query_params.get("date", ""))
        except ValueError:
            day = timezone.localdate()
        c = selectors.coverage_on(
            day=day, posts=self.get_queryset(), staff=StaffMember.objects.visible_to(request.user)
        )
        return Response(
            {
                "date": day.isoformat(),
                "both_absent": [p.pk for p in c.both_absent],
                "run_by_b": [p.pk for p in c.a_absent_b_covers],
                "no_b": [p.pk for p in c.no_b],
                "backing_up_nobody": [s.pk for s, _held in c.backing_up_nobody],
                "absent": sorted(c.absent),
            }
        )


class AbsenceViewSet(ScopedViewSet):
    queryset = Absence.objects.select_related("staff")
    serializer_class = AbsenceSerializer
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = run_service(services.absence_create, **serializer.validated_data)


class EvaluationViewSet(ScopedViewSet):
    """Evaluations: PATCH scores as an evaluator; `move` applies a state change; `open-quarter` creates a quarter's."""

    queryset = Evaluation.objects.select_related("cadre").prefetch_related("evaluators")
    serializer_class = EvaluationSerializer
    filterset_class = EvaluationFilter
    http_method_names = ["get", "patch", "post", "head", "options"]
    # The move table checks who may do what (evaluators submit, others confirm), as on the page.
    action_permissions = {"move": "view"}

    @extend_schema(exclude=True)  # not an operation: POST here answers 405, as for any undocumented method
    def create(self, request, *args, **kwargs):
        return Response(
            {"error": {"code": "method_not_allowed", "message": "Use open-quarter.", "fields": {}}},
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    def perform_update(self, serializer):
        evaluation = serializer.instance
        data = serializer.validated_data
        scores = {f: data.get(f, getattr(evaluation, f)) for f in Evaluation.SCORE_FIELDS}
        serializer.instance = run_service(
            services.evaluation_fill,
            evaluation=evaluation,
            user=self.request.user,
            grade=data.get("grade", evaluation.grade),
            comment=data.get("comment", evaluation.comment),
            **scores,
        )

    @extend_schema(request=EvaluationMoveSerializer, responses={200: EvaluationSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        evaluation = self.get_object()
        s = EvaluationMoveSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        evaluation = run_move(
            self,
            services.EVALUATION_WORKFLOW,
            evaluation,
            s.validated_data["to"],
            note=s.validated_data["note"],
        )
        return action_response(EvaluationSerializer, evaluation, request)

    @extend_schema(request=OpenQuarterSerializer, responses={200: dict})
    @action(detail=False, methods=["post"], url_path="open-quarter")
    def open_quarter(self, request):
        s = OpenQuarterSerializer(data=request.data)
        s.is_valid(raise_exception=True)
        created = run_service(services.evaluations_open_quarter, **s.validated_data)
        return Response({"created": len(created)})


class FrontlineInspectionViewSet(ScopedViewSet):
    queryset = FrontlineInspection.objects.select_related("cadre")
    serializer_class = FrontlineInspectionSerializer
    http_method_names = ["get", "post", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.inspection_create, inspector=self.request.user, **serializer.validated_data
        )


def register(router):
    router.register("staff/departments", DepartmentViewSet, basename="staff-department")
    router.register("staff/members", StaffMemberViewSet, basename="staff-member")
    router.register("staff/portfolios", LeadershipPortfolioViewSet, basename="staff-portfolio")
    router.register("staff/posts", PostViewSet, basename="staff-post")
    router.register("staff/absences", AbsenceViewSet, basename="staff-absence")
    router.register("staff/evaluations", EvaluationViewSet, basename="staff-evaluation")
    router.register("staff/inspections", FrontlineInspectionViewSet, basename="staff-inspection")
