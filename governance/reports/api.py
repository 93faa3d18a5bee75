"""API of the work reports (read: they are made on the pages) and of the figures for a place and period."""

from django.urls import reverse
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from governance.lib.api import ScopedViewSet
from governance.lib.figures import Period, evaluate, format_value
from governance.reports.models import WorkReport
from governance.reports.selectors import report_areas


class WorkReportSerializer(serializers.ModelSerializer):
    download_url = serializers.SerializerMethodField()

    class Meta:
        model = WorkReport
        fields = [
            "id",
            "area",
            "period",
            "format",
            "status",
            "progress",
            "narrative",
            "created_by",
            "created_at",
            "rendered_at",
            "download_url",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "format": "uri", "nullable": True})  # none until rendered
    def get_download_url(self, obj) -> str | None:
        if not obj.file:
            return None
        return self.context["request"].build_absolute_uri(
            reverse("governance:report-download", args=[obj.pk])
        )


class FigureSerializer(serializers.Serializer):
    """One figure for the place and period, with the previous period's and the list behind it."""

    key = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    previous = serializers.FloatField(allow_null=True)
    text = serializers.CharField(help_text="The value as printed in the report.")
    url = serializers.CharField()


class WorkReportViewSet(ScopedViewSet):
    queryset = WorkReport.objects.select_related("area", "created_by")
    serializer_class = WorkReportSerializer
    http_method_names = ["get", "head", "options"]

    @extend_schema(
        parameters=[
            OpenApiParameter("area", int, required=True, description="a street or community in your scope"),
            OpenApiParameter("period", str, required=True, description="2026 or 2026Q3"),
        ],
        responses={200: FigureSerializer(many=True)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def figures(self, request):
        """Every figure of the registry for a street or community and a year or quarter."""
        try:
            period = Period.parse(request.query_params.get("period", ""))
        except ValueError as exc:
            raise ValidationError({"period": [str(exc)]}) from exc
        area_id = request.query_params.get("area", "")
        area = report_areas(request.user).filter(pk=area_id).first() if area_id.isdigit() else None
        if area is None:
            raise NotFound()
        rows = [
            {
                "key": v.figure.key,
                "label": str(v.figure.label),
                "section": v.figure.section,
                "unit": str(v.figure.unit),
                "value": None if v.value is None else float(v.value),
                "previous": None if v.previous is None else float(v.previous),
                "text": format_value(v.value, v.figure.decimals),
                "url": v.url,
            }
            for v in evaluate(area, period)
        ]
        return Response(FigureSerializer(rows, many=True).data)


def register(router) -> None:
    router.register("reports/work-reports", WorkReportViewSet, basename="workreport")
