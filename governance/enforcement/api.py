"""REST API of joint enforcement: departments, cases (with their moves) and summonses (with responses)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from governance.enforcement import selectors, services
from governance.enforcement.choices import DropReason, SourceKind, Urgency
from governance.enforcement.filters import CaseFilter, DepartmentFilter, SummonsFilter
from governance.enforcement.models import (
    CaseCategory,
    CaseEvent,
    CasePhoto,
    DepartmentContact,
    EnforcementCase,
    EnforcementDepartment,
    Summons,
)
from governance.lib.api import (
    KeysetPagination,
    ScopedModelSerializer,
    ScopedViewSet,
    action_response,
    run_move,
    run_service,
)
from governance.territory.models import Area

# ----------------------------------------------------------------------------------------------- serializers


class DepartmentContactSerializer(serializers.ModelSerializer):
    class Meta:
        model = DepartmentContact
        fields = ["id", "name", "phone", "email", "user"]
        read_only_fields = fields


class EnforcementDepartmentSerializer(ScopedModelSerializer):
    contacts = DepartmentContactSerializer(many=True, read_only=True)

    class Meta:
        model = EnforcementDepartment
        fields = ["id", "name", "area", "duty_phone", "note", "is_active", "contacts"]
        extra_kwargs = {"name": {"validators": []}}


class CaseCategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseCategory
        fields = ["id", "name", "work_line", "is_active"]
        read_only_fields = fields


class SummonsSerializer(ScopedModelSerializer):
    department_name = serializers.CharField(source="department.name", read_only=True)
    area = serializers.IntegerField(source="case.area_id", read_only=True)

    class Meta:
        model = Summons
        fields = [
            "id",
            "case",
            "area",
            "department",
            "department_name",
            "summoned_at",
            "summoned_by",
            "respond_by",
            "act_by",
            "acknowledged_at",
            "acknowledged_by",
            "arrived_at",
            "arrived_by",
            "acted_at",
            "acted_by",
            "action_note",
        ]
        read_only_fields = fields


class CaseEventSerializer(serializers.ModelSerializer):
    department = serializers.CharField(source="summons.department.name", read_only=True, default=None)
    # Plain strings: the case's `status` enum already documents the values (one enum name in the schema).
    from_status = serializers.CharField(read_only=True)
    to_status = serializers.CharField(read_only=True)

    class Meta:
        model = CaseEvent
        fields = ["id", "kind", "from_status", "to_status", "summons", "department", "actor", "at", "note"]
        read_only_fields = fields


class CasePhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = CasePhoto
        fields = ["id", "uploaded_by", "uploaded_at"]
        read_only_fields = fields


class EnforcementCaseSerializer(ScopedModelSerializer):
    category_name = serializers.CharField(source="category.name", read_only=True)
    area_name = serializers.CharField(source="area.name", read_only=True)

    class Meta:
        model = EnforcementCase
        fields = [
            "id",
            "area",
            "area_name",
            "category",
            "category_name",
            "title",
            "description",
            "urgency",
            "status",
            "source_kind",
            "source_ref",
            "raised_by",
            "raised_at",
            "closed_at",
            "drop_reason",
            "drop_note",
        ]
        read_only_fields = fields


class EnforcementCaseDetailSerializer(EnforcementCaseSerializer):
    summonses = SummonsSerializer(many=True, read_only=True)
    events = CaseEventSerializer(many=True, read_only=True)
    photos = CasePhotoSerializer(many=True, read_only=True)
    waiting_on = serializers.SerializerMethodField()
    allowed_moves = serializers.SerializerMethodField()

    class Meta(EnforcementCaseSerializer.Meta):
        fields = [
            *EnforcementCaseSerializer.Meta.fields,
            "allowed_moves",
            "waiting_on",
            "summonses",
            "events",
            "photos",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_allowed_moves(self, obj) -> list[str]:
        return list(services.allowed_moves(obj))

    @extend_schema_field(serializers.ListField(child=serializers.DictField()))
    def get_waiting_on(self, obj) -> list[dict]:
        return [
            {
                "who": w.who,
                "what": w.what,
                "since": w.since,
                "deadline": w.deadline,
                "summons": w.summons.pk if w.summons else None,
                "is_overdue": w.is_overdue(),
            }
            for w in selectors.waiting_on(obj, list(obj.summonses.all()))
        ]


class CaseRaiseSerializer(ScopedModelSerializer):
    """What a client sends to raise a case (photos as multipart files named `photos`)."""

    area = serializers.PrimaryKeyRelatedField(queryset=Area.objects.all())
    category = serializers.PrimaryKeyRelatedField(queryset=CaseCategory.objects.all())
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    source_kind = serializers.ChoiceField(choices=SourceKind.choices)
    photos = serializers.ListField(child=serializers.FileField(), required=False, write_only=True)

    class Meta:
        model = EnforcementCase
        fields = [
            "area",
            "category",
            "title",
            "description",
            "urgency",
            "source_kind",
            "source_ref",
            "photos",
        ]


class CaseMoveSerializer(serializers.Serializer):
    to_status = serializers.CharField(
        help_text=_("One of the case's statuses; the status machine checks the move.")
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")
    drop_reason = serializers.ChoiceField(
        choices=DropReason.choices, required=False, allow_blank=True, default=""
    )


class CaseSummonSerializer(ScopedModelSerializer):
    departments = serializers.PrimaryKeyRelatedField(queryset=EnforcementDepartment.objects.all(), many=True)
    note = serializers.CharField(required=False, allow_blank=True, default="")

    class Meta:
        model = EnforcementCase
        fields = ["departments", "note"]


class SummonsStepSerializer(serializers.Serializer):
    at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text=_("Empty: now."))
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CasePhotoUploadSerializer(serializers.Serializer):
    image = serializers.FileField()


# ------------------------------------------------------------------------------------------------- viewsets


class EnforcementDepartmentViewSet(ScopedViewSet):
    """Departments outside the street that a case can summon, with their contacts."""

    queryset = EnforcementDepartment.objects.prefetch_related("contacts")
    serializer_class = EnforcementDepartmentSerializer
    filterset_class = DepartmentFilter
    ordering = ["name"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def _save(self, serializer, department=None):
        data = serializer.validated_data
        current = department or EnforcementDepartment()
        serializer.instance = run_service(
            services.department_save,
            department=department,
            area=data.get("area", getattr(current, "area", None)),
            name=data.get("name", current.name),
            duty_phone=data.get("duty_phone", current.duty_phone),
            note=data.get("note", current.note),
            is_active=data.get("is_active", current.is_active),
        )

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, serializer.instance)


class EnforcementCaseViewSet(ScopedViewSet):
    """Joint enforcement cases; writes go through the status machine's services."""

    queryset = EnforcementCase.objects.select_related("area", "category")
    serializer_class = EnforcementCaseSerializer
    filterset_class = CaseFilter
    # Newest first on an index (case_raised_idx): a cursor's page costs the same at any depth.
    pagination_class = KeysetPagination
    ordering = ["-raised_at", "-id"]
    ordering_fields = []
    http_method_names = ["get", "post", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    # Summoning and photos add records of their own, as on the case page.
    action_permissions = {"summon": "governance.add_summons", "photos": "governance.add_casephoto"}

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                "summonses__department", "events__summons__department", "photos"
            )
        return queryset

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EnforcementCaseDetailSerializer
        if self.action == "create":
            return CaseRaiseSerializer
        return super().get_serializer_class()

    @extend_schema(request=CaseRaiseSerializer, responses={201: EnforcementCaseDetailSerializer})
    def create(self, request, *args, **kwargs):
        serializer = CaseRaiseSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        photos = data.pop("photos", [])
        case = run_service(services.case_raise, user=request.user, photos=photos, **data)
        return action_response(EnforcementCaseDetailSerializer, case, request, status.HTTP_201_CREATED)

    @extend_schema(request=CaseMoveSerializer, responses={200: EnforcementCaseDetailSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Apply one move of the status machine (illegal moves answer 400 with the reason)."""
        case = self.get_object()
        serializer = CaseMoveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        case = run_move(self, services.CASE_WORKFLOW, case, data.pop("to_status"), **data)
        return action_response(EnforcementCaseDetailSerializer, case, request)

    @extend_schema(request=CaseSummonSerializer, responses={201: SummonsSerializer(many=True)})
    @action(detail=True, methods=["post"])
    def summon(self, request, pk=None):
        """Summon one or more departments; deadlines follow the case's urgency."""
        case = self.get_object()
        serializer = CaseSummonSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        created = run_service(services.case_summon, user=request.user, case=case, **serializer.validated_data)
        return Response(SummonsSerializer(created, many=True).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CasePhotoUploadSerializer, responses={201: CasePhotoSerializer})
    @action(detail=True, methods=["post"])
    def photos(self, request, pk=None):
        case = self.get_object()
        serializer = CasePhotoUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        photo = run_service(
            services.case_photo_add, user=request.user, case=case, upload=serializer.validated_data["image"]
        )
        return Response(CasePhotoSerializer(photo).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: CaseCategorySerializer(many=True)})
    @action(detail=False, methods=["get"], pagination_class=None, filterset_class=None)
    def categories(self, request):
        """The case categories (street-wide data) and the line of work each belongs to."""
        return Response(CaseCategorySerializer(CaseCategory.objects.filter(is_active=True), many=True).data)


class SummonsViewSet(ScopedViewSet):
    """Summonses: each department's deadlines and its acknowledgement, arrival and action."""

    queryset = Summons.objects.select_related("department", "case")
    serializer_class = SummonsSerializer
    filterset_class = SummonsFilter
    ordering = ["summoned_at", "id"]
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(exclude=True)  # not an operation: POST here answers 405, as for any undocumented method
    def create(self, request, *args, **kwargs):
        return Response(
            {
                "error": {
                    "code": "method_not_allowed",
                    "message": "Summon through /api/enforcement/cases/{id}/summon/.",
                    "fields": {},
                }
            },
            status=status.HTTP_405_METHOD_NOT_ALLOWED,
        )

    def _step(self, request, step):
        summons = self.get_object()
        serializer = SummonsStepSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        summons = run_service(
            services.SUMMONS_STEPS[step], user=request.user, summons=summons, **serializer.validated_data
        )
        return action_response(SummonsSerializer, summons, request)

    @extend_schema(request=SummonsStepSerializer, responses={200: SummonsSerializer})
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        return self._step(request, "acknowledge")

    @extend_schema(request=SummonsStepSerializer, responses={200: SummonsSerializer})
    @action(detail=True, methods=["post"])
    def arrive(self, request, pk=None):
        return self._step(request, "arrive")

    @extend_schema(request=SummonsStepSerializer, responses={200: SummonsSerializer})
    @action(detail=True, methods=["post"])
    def act(self, request, pk=None):
        return self._step(request, "act")


def register(router) -> None:
    router.register(
        "enforcement/departments", EnforcementDepartmentViewSet, basename="enforcement-department"
    )
    router.register("enforcement/cases", EnforcementCaseViewSet, basename="enforcement-case")
    router.register("enforcement/summonses", SummonsViewSet, basename="summons")
