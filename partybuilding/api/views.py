from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action

from governance.lib.api import KeysetPagination, ScopedViewSet, action_response, run_move, run_service
from partybuilding import models, services
from partybuilding.api import serializers as s

READ_AND_CREATE = ["get", "post", "head", "options"]


class ResidentUnitViewSet(ScopedViewSet):
    """Resident units (驻区单位) and the facts used to pick part-time members."""

    queryset = models.ResidentUnit.objects.all()
    serializer_class = s.ResidentUnitSerializer
    filterset_fields = ["kind", "area", "is_active"]
    search_fields = ["name"]
    ordering = ["name", "id"]
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.resident_unit_create, user=self.request.user, **serializer.validated_data
        )

    def perform_update(self, serializer):
        serializer.instance = run_service(
            services.resident_unit_update,
            user=self.request.user,
            unit=serializer.instance,
            **serializer.validated_data,
        )


class PartyOrganisationViewSet(ScopedViewSet):
    """The four-level party organisation and resident units' own organisations."""

    queryset = models.PartyOrganisation.objects.all()
    serializer_class = s.PartyOrganisationSerializer
    filterset_fields = ["level", "parent", "area"]
    ordering = ["level", "name", "id"]
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.organisation_create, user=self.request.user, **serializer.validated_data
        )


class PartyMemberViewSet(ScopedViewSet):
    """Party members; `transfer` moves a membership and keeps the move as history."""

    queryset = models.PartyMember.objects.all()
    serializer_class = s.PartyMemberSerializer
    filterset_fields = ["organisation", "status"]
    search_fields = ["name"]
    pagination_class = KeysetPagination
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.member_create, user=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.MemberTransferSerializer, responses={201: s.MemberTransferSerializer})
    @action(detail=True, methods=["post"])
    def transfer(self, request, pk=None):
        member = self.get_object()
        data = s.MemberTransferSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        transfer = run_service(
            services.member_transfer, user=request.user, member=member, **data.validated_data
        )
        return action_response(s.MemberTransferSerializer, transfer, request, status.HTTP_201_CREATED)

    @extend_schema(request=s.MemberFileEntrySerializer, responses={201: s.MemberFileEntrySerializer})
    @action(detail=True, methods=["post"])
    def file(self, request, pk=None):
        member = self.get_object()
        data = s.MemberFileEntrySerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        entry = run_service(services.member_file_add, user=request.user, member=member, **data.validated_data)
        return action_response(s.MemberFileEntrySerializer, entry, request, status.HTTP_201_CREATED)


class CommunityCheckInViewSet(ScopedViewSet):
    queryset = models.CommunityCheckIn.objects.all()
    serializer_class = s.CommunityCheckInSerializer
    filterset_fields = ["kind", "area"]
    ordering = ["-starts_on", "id"]
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.checkin_create, user=self.request.user, **serializer.validated_data
        )


class JointCommitteeViewSet(ScopedViewSet):
    queryset = models.JointCommittee.objects.all()
    serializer_class = s.JointCommitteeSerializer
    ordering = ["kind", "name", "id"]
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = run_service(
            services.committee_create,
            user=self.request.user,
            organisation=data["organisation"],
            name=data["name"],
        )


class CommitteeSeatViewSet(ScopedViewSet):
    """Seats on joint committees; `?current=1` gives today's composition."""

    queryset = models.CommitteeSeat.objects.select_related("member")
    serializer_class = s.CommitteeSeatSerializer
    filterset_fields = ["committee", "kind", "member"]
    ordering = ["committee", "kind", "starts_on", "id"]
    http_method_names = READ_AND_CREATE

    def get_queryset(self):
        qs = super().get_queryset().select_related("committee")
        if self.request.query_params.get("current") == "1":
            from django.utils import timezone

            qs = qs.current(timezone.localdate())
        return qs

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.committee_seat_add, user=self.request.user, **serializer.validated_data
        )


class MeetingViewSet(ScopedViewSet):
    """Meetings with invitees, attendance rate, minutes, attachments and decisions with their actions."""

    queryset = models.Meeting.objects.prefetch_related(
        "invitees",
        "attachments",
        Prefetch("decisions", queryset=models.Decision.objects.prefetch_related("actions__decision")),
    )
    serializer_class = s.MeetingSerializer
    filterset_fields = ["kind", "area", "committee"]
    search_fields = ["title"]
    # Newest first on an index (meeting_time_idx): a cursor's page costs the same at any depth.
    pagination_class = KeysetPagination
    ordering = ["-held_at", "-id"]
    ordering_fields = []
    http_method_names = READ_AND_CREATE

    @extend_schema(request=s.MeetingLogSerializer, responses={201: s.MeetingSerializer})
    def create(self, request, *args, **kwargs):
        data = s.MeetingLogSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        meeting = run_service(services.meeting_log, user=request.user, **data.validated_data)
        return action_response(
            s.MeetingSerializer, self.get_queryset().get(pk=meeting.pk), request, status.HTTP_201_CREATED
        )

    @extend_schema(request=s.MinutesSerializer, responses={200: s.MeetingSerializer})
    @action(detail=True, methods=["post"])
    def minutes(self, request, pk=None):
        meeting = self.get_object()
        data = s.MinutesSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run_service(
            services.meeting_minutes_record, user=request.user, meeting=meeting, **data.validated_data
        )
        return action_response(s.MeetingSerializer, self.get_queryset().get(pk=meeting.pk), request)


class FollowUpActionViewSet(ScopedViewSet):
    """Follow-up actions; `move` reports progress, closes with a note or reopens."""

    queryset = models.FollowUpAction.objects.select_related("decision")
    serializer_class = s.ActionSerializer
    filterset_fields = ["status", "owner", "area"]
    # Soonest due first on an index (action_due_idx): a cursor's page costs the same at any depth.
    pagination_class = KeysetPagination
    ordering = ["due_on", "id"]
    ordering_fields = []
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(exclude=True)  # not an operation: POST here answers 405, as for any undocumented method
    def create(self, request, *args, **kwargs):
        from rest_framework.exceptions import MethodNotAllowed

        raise MethodNotAllowed("POST", detail="Actions are created with their meeting's decisions.")

    @extend_schema(request=s.ActionMoveSerializer, responses={200: s.ActionSerializer})
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        act = self.get_object()
        data = s.ActionMoveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        act = run_move(self, services.ACTION_WORKFLOW, act, fields.pop("move"), **fields)
        return action_response(s.ActionSerializer, act, request)


class PledgeViewSet(ScopedViewSet):
    queryset = models.Pledge.objects.all()
    serializer_class = s.PledgeSerializer
    filterset_fields = ["kind", "resident_unit", "area"]
    ordering = ["due_on", "id"]
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        data = {k: v for k, v in serializer.validated_data.items() if k != "delivered"}
        serializer.instance = run_service(services.pledge_create, user=self.request.user, **data)

    @extend_schema(request=s.DeliverySerializer, responses={201: s.DeliverySerializer})
    @action(detail=True, methods=["post"])
    def deliver(self, request, pk=None):
        pledge = self.get_object()
        data = s.DeliverySerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        delivery = run_service(
            services.pledge_deliver, user=request.user, pledge=pledge, **data.validated_data
        )
        return action_response(s.DeliverySerializer, delivery, request, status.HTTP_201_CREATED)


class SupervisionPostViewSet(ScopedViewSet):
    queryset = models.SupervisionPost.objects.all()
    serializer_class = s.SupervisionPostSerializer
    filterset_fields = ["role", "member", "is_active"]
    ordering = ["area__path", "role", "id"]
    http_method_names = READ_AND_CREATE

    def perform_create(self, serializer):
        serializer.instance = run_service(
            services.supervision_assign, user=self.request.user, **serializer.validated_data
        )
