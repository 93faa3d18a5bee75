"""Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2), JSON only, mounted at /open311/v2/.

Existing Open311 clients and the district's systems submit and follow residents' needs here:

- `GET services.json`: the Service List's categories (`service_code` is the category's number);
- `GET services/{service_code}.json`: a service's definition (no extra attributes);
- `POST requests.json` (form-encoded, as Open311 clients send): a resident's need, through the same intake
  service and the same abuse limits as the public intake page (per address, per phone). `address_id` is the
  place's number in the community's tree (a building or stairwell, as on the community's QR poster; see
  `places.json`). A client holding one of the keys in `JIEDAO_OPEN311_KEYS` (the district's systems, which
  confirm residents' phones themselves) gets the `service_request_id` (the receipt number) at once; any other
  client gets a `token`: the resident confirms the phone with the SMS code on the intake's confirmation page
  (the `service_notice` gives its address), and `GET tokens/{token}.json` then answers the request id;
- `GET requests.json` and `GET requests/{service_request_id}.json`: the status of residents' requests, with
  what the public Needs List shows and nothing more: no name, phone, room, description or photo, the place
  only down to the grid;
- `GET places.json?jurisdiction_id=<community>` (an extension): the places a request can name.

Errors answer Open311's shape, ``[{"code": 400, "description": "…"}]``, with the same HTTP status.
"""

import datetime
import hmac

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import exceptions, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from governance.lib.lockout import client_ip
from governance.territory.choices import AreaLevel
from governance.territory.models import Area
from volunteers import selectors, services
from volunteers.choices import NeedStatus
from volunteers.models import ResidentReport, ServiceCategory
from volunteers.views import REPORT_SALT

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
# Open311's default window for a request list without ids, and its cap on the number of requests.
LIST_DAYS = 90
LIST_LIMIT = 1000
IDS_LIMIT = 50
GROUP = "服务清单"


# ------------------------------------------------------------------------------------------------- shapes


class Open311ErrorSerializer(serializers.Serializer):
    code = serializers.IntegerField(help_text="The HTTP status, repeated.")
    description = serializers.CharField(help_text="What is wrong, in Chinese.")


class Open311ServiceSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    service_name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    metadata = serializers.BooleanField(help_text="Always false: a request needs no extra attributes.")
    type = serializers.CharField(help_text="Always `realtime`: the request id comes with the answer.")
    keywords = serializers.CharField(allow_blank=True)
    group = serializers.CharField()


class Open311ServiceDefinitionSerializer(serializers.Serializer):
    service_code = serializers.CharField()
    attributes = serializers.ListField(child=serializers.DictField(), help_text="Always empty.")


class Open311RequestInSerializer(serializers.Serializer):
    """POST requests.json, form-encoded. Open311's location and contact fields, mapped onto the intake's."""

    api_key = serializers.CharField(required=False, allow_blank=True)
    jurisdiction_id = serializers.CharField(
        required=False, allow_blank=True, help_text="The community's number; optional, checked if given."
    )
    service_code = serializers.CharField(help_text="A category from services.json.")
    address_id = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text="The place's number in the community's tree (places.json): a grid, building or stairwell.",
    )
    lat = serializers.CharField(required=False, allow_blank=True, help_text="Not used: places have numbers.")
    long = serializers.CharField(required=False, allow_blank=True, help_text="Not used.")
    address_string = serializers.CharField(required=False, allow_blank=True, help_text="Not used.")
    first_name = serializers.CharField(required=False, allow_blank=True)
    last_name = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True, help_text="The resident's mobile.")
    description = serializers.CharField(required=False, allow_blank=True)
    media = serializers.ListField(
        child=serializers.FileField(), required=False, help_text="Up to three photos (multipart)."
    )


class Open311RequestCreatedSerializer(serializers.Serializer):
    service_request_id = serializers.CharField(
        required=False, help_text="The receipt number, when the phone needs no confirmation."
    )
    token = serializers.CharField(required=False, help_text="Else: look it up at tokens/{token}.json.")
    service_notice = serializers.CharField()
    account_id = serializers.CharField(allow_null=True)


class Open311TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    service_request_id = serializers.CharField(
        allow_null=True, help_text="null until the phone is confirmed."
    )


class Open311RequestSerializer(serializers.Serializer):
    service_request_id = serializers.CharField()
    status = serializers.ChoiceField(choices=["open", "closed"])
    status_notes = serializers.CharField(allow_blank=True)
    service_name = serializers.CharField()
    service_code = serializers.CharField()
    description = serializers.CharField(allow_null=True, help_text="Never given: it may name people.")
    agency_responsible = serializers.CharField()
    service_notice = serializers.CharField(allow_blank=True)
    requested_datetime = serializers.DateTimeField()
    updated_datetime = serializers.DateTimeField()
    expected_datetime = serializers.DateTimeField(allow_null=True)
    address = serializers.CharField(help_text="The place down to the grid.")
    address_id = serializers.CharField(help_text="The grid's (or community's) number.")
    zipcode = serializers.CharField(allow_null=True)
    lat = serializers.FloatField(allow_null=True)
    long = serializers.FloatField(allow_null=True)
    media_url = serializers.CharField(allow_null=True)


class Open311PlaceSerializer(serializers.Serializer):
    address_id = serializers.CharField()
    address = serializers.CharField()
    level = serializers.CharField()


# ------------------------------------------------------------------------------------------------- base


class Open311Schema(AutoSchema):
    """The schema of an Open311 operation: its errors in Open311's shape, no permission (it is public)."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        answers = {"400": "A field is missing or wrong.", "429": "Too many requests or reports; try later."}
        if "{" in self.path:
            answers["404"] = "No such service, request or token."
        for code, description in answers.items():
            if code not in responses:
                answer = OpenApiResponse(Open311ErrorSerializer, description=description)
                response = self._get_response_for_code(answer, code, direction=direction)
                # Open311 answers a list of errors: the array is built here (the error object is a component).
                for media in response.get("content", {}).values():
                    media["schema"] = {"type": "array", "items": media["schema"]}
                responses[code] = response
        return responses


def open311_error(code: int, description: str) -> Response:
    return Response([{"code": code, "description": description}], status=code)


class Open311View(APIView):
    """Public, JSON, Open311's error shape; no session (clients post form bodies without a CSRF token)."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    schema = Open311Schema()

    def handle_exception(self, exc):
        if isinstance(exc, exceptions.Throttled):
            response = open311_error(429, _("Too many requests; please try again later."))
            if exc.wait:
                response["Retry-After"] = str(int(exc.wait))
            return response
        if isinstance(exc, exceptions.APIException):
            return open311_error(exc.status_code, "; ".join(_flat(exc.detail)))
        return super().handle_exception(exc)


def _flat(detail) -> list[str]:
    if isinstance(detail, dict):
        return [f"{key}: {text}" for key, value in detail.items() for text in _flat(value)]
    if isinstance(detail, list):
        return [text for item in detail for text in _flat(item)]
    return [str(detail)]


def _community_of(area: Area) -> Area:
    return area.community or area


# ----------------------------------------------------------------------------------------------- services


def _services():
    return [
        {
            "service_code": str(category.pk),
            "service_name": category.name,
            "description": "",
            "metadata": False,
            "type": "realtime",
            "keywords": "",
            "group": GROUP,
        }
        for category in ServiceCategory.objects.filter(is_active=True).order_by("order", "name")
    ]


class ServiceListView(Open311View):
    @extend_schema(
        operation_id="open311_services",
        tags=["open311"],
        summary="Open311: the services (the Service List's categories)",
        parameters=[OpenApiParameter("jurisdiction_id", str, required=False, description="Ignored.")],
        responses=Open311ServiceSerializer(many=True),
    )
    def get(self, request):
        return Response(_services())


class ServiceDefinitionView(Open311View):
    @extend_schema(
        operation_id="open311_service_definition",
        tags=["open311"],
        summary="Open311: a service's definition (no attributes)",
        responses=Open311ServiceDefinitionSerializer,
    )
    def get(self, request, service_code):
        if not ServiceCategory.objects.filter(pk=_number(service_code), is_active=True).exists():
            return open311_error(404, _("No such service."))
        return Response({"service_code": service_code, "attributes": []})


def _number(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() and len(text) < 12 else None


# ----------------------------------------------------------------------------------------------- requests


def _trusted(api_key: str) -> bool:
    """Whether the key is one of the district systems' (they confirm residents' phones themselves)."""
    return bool(api_key) and any(
        hmac.compare_digest(api_key.encode(), key.encode()) for key in settings.JIEDAO_OPEN311_KEYS if key
    )


def _status(need) -> str:
    return (
        "open"
        if need.status in (NeedStatus.SUBMITTED, NeedStatus.ACCEPTED, NeedStatus.ASSIGNED)
        else "closed"
    )


def _status_notes(need) -> str:
    """The step the need has reached, in the words of the resident's status page, and the public answer."""
    if need.status == NeedStatus.DECLINED or (need.decline_reason and need.done_at is None):
        step = pgettext("resident step", "Declined")
    elif need.done_at is not None:
        step = pgettext("resident step", "Completed")
    elif need.status == NeedStatus.ASSIGNED:
        step = pgettext("resident step", "Assigned")
    elif need.responded_at is not None:
        step = pgettext("resident step", "Accepted")
    else:
        step = pgettext("resident step", "Reported")
    answer = need.decline_reason or getattr(need, "public_answer", "")
    return f"{step}：{answer}" if answer else step


def _request_out(report: ResidentReport, places: dict[str, Area]) -> dict:
    need = report.need
    place = (
        places.get(need.area.path[: Area.steplen * AreaLevel.GRID])
        if need.area.depth >= AreaLevel.GRID
        else None
    )
    place = place or report.community
    stamps = [t for t in (need.submitted_at, need.responded_at, need.done_at, need.closed_at) if t]
    return {
        "service_request_id": report.receipt_number,
        "status": _status(need),
        "status_notes": _status_notes(need),
        "service_name": need.category.name,
        "service_code": str(need.category_id),
        "description": None,
        "agency_responsible": report.community.name,
        "service_notice": "",
        "requested_datetime": timezone.localtime(need.submitted_at).isoformat(),
        "updated_datetime": timezone.localtime(max(stamps)).isoformat(),
        "expected_datetime": timezone.localtime(need.resolve_by).isoformat() if need.is_open else None,
        "address": place.name if place == report.community else f"{report.community.name} {place.name}",
        "address_id": str(place.pk),
        "zipcode": None,
        "lat": None,
        "long": None,
        "media_url": None,
    }


def _requests_out(reports) -> list[dict]:
    """The public shape of these confirmed reports' needs: two queries (the reports, their grids)."""
    reports = list(reports)
    grid_paths = {
        r.need.area.path[: Area.steplen * AreaLevel.GRID]
        for r in reports
        if r.need.area.depth >= AreaLevel.GRID
    }
    places = {a.path: a for a in Area.objects.filter(path__in=grid_paths)} if grid_paths else {}
    return [_request_out(report, places) for report in reports]


def _confirmed_reports():
    return ResidentReport.objects.filter(confirmed_at__isnull=False, need__isnull=False).select_related(
        "community", "need__category", "need__area"
    )


class RequestListView(Open311View):
    parser_classes = [FormParser, MultiPartParser, JSONParser]

    @extend_schema(
        operation_id="open311_requests",
        tags=["open311"],
        summary="Open311: residents' requests and their status (no personal data)",
        parameters=[
            OpenApiParameter("service_request_id", str, description="Receipt numbers, comma-separated."),
            OpenApiParameter("service_code", str),
            OpenApiParameter("start_date", str, description="ISO 8601; the default is 90 days back."),
            OpenApiParameter("end_date", str, description="ISO 8601."),
            OpenApiParameter("status", str, enum=["open", "closed"]),
            OpenApiParameter("jurisdiction_id", str, description="A community's number."),
        ],
        responses=Open311RequestSerializer(many=True),
    )
    def get(self, request):
        reports = _confirmed_reports()
        params = request.query_params
        ids = [i.strip() for i in params.get("service_request_id", "").split(",") if i.strip()]
        if ids:
            if len(ids) > IDS_LIMIT:
                return open311_error(400, _("At most %(n)d request ids at once.") % {"n": IDS_LIMIT})
            reports = reports.filter(receipt_number__in=ids)
        else:
            start, end = _when(params.get("start_date")), _when(params.get("end_date"))
            if start is False or end is False:
                return open311_error(400, _("Give dates as ISO 8601, e.g. 2026-12-01T08:00:00+08:00."))
            reports = reports.filter(
                need__submitted_at__gte=start or timezone.now() - datetime.timedelta(days=LIST_DAYS)
            )
            if end:
                reports = reports.filter(need__submitted_at__lte=end)
            if params.get("service_code"):
                reports = reports.filter(need__category_id=_number(params["service_code"]))
            if params.get("jurisdiction_id"):
                reports = reports.filter(community_id=_number(params["jurisdiction_id"]))
            wanted = params.get("status")
            if wanted in ("open", "closed"):
                opened = [NeedStatus.SUBMITTED, NeedStatus.ACCEPTED, NeedStatus.ASSIGNED]
                reports = (
                    reports.filter(need__status__in=opened)
                    if wanted == "open"
                    else reports.exclude(need__status__in=opened)
                )
        return Response(_requests_out(reports.order_by("-need__submitted_at", "-pk")[:LIST_LIMIT]))

    @extend_schema(
        operation_id="open311_request_create",
        tags=["open311"],
        summary="Open311: report a need (form-encoded), through the public intake and its limits",
        request={
            "application/x-www-form-urlencoded": Open311RequestInSerializer,
            "multipart/form-data": Open311RequestInSerializer,
        },
        responses={201: Open311RequestCreatedSerializer(many=True)},
    )
    def post(self, request):
        data = Open311RequestInSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        category = ServiceCategory.objects.filter(pk=_number(fields["service_code"]), is_active=True).first()
        if category is None:
            return open311_error(400, _("No such service_code: see services.json."))
        area = Area.objects.filter(
            pk=_number(fields.get("address_id")), depth__gte=AreaLevel.COMMUNITY, is_active=True
        ).first()
        if area is None:
            return open311_error(
                400, _("Give address_id: the place's number from the community's list (places.json).")
            )
        community = _community_of(area)
        jurisdiction = fields.get("jurisdiction_id")
        if jurisdiction and _number(jurisdiction) != community.pk:
            return open311_error(400, _("This place does not lie in the jurisdiction given."))
        trusted = _trusted(fields.get("api_key", ""))
        # The district's systems send for many residents from one server: only the limit per phone holds for
        # them. Anyone else meets the intake's limits per address too, and where the intake page would ask its
        # image question (a client cannot show it), is sent to that page.
        address = None if trusted else client_ip(request)
        if not trusted and selectors.intake_reports_from(
            address_index=services._address_index(address)
        ) >= selectors.setting_value(selectors.INTAKE_CHALLENGE_AFTER):
            url = settings.JIEDAO_SITE_URL + reverse("resident:intake", args=[community.pk])
            return open311_error(
                429,
                _("Several reports came from this network: please report on the community's page, %(url)s.")
                % {"url": url},
            )
        try:
            report = services.submit_public_need(
                community=community,
                area=area,
                category=category,
                requester_name=f"{fields.get('last_name', '')}{fields.get('first_name', '')}".strip(),
                requester_phone=fields.get("phone", ""),
                description=fields.get("description", ""),
                photos=fields.get("media", []),
                client_address=address,
                phone_confirmed=trusted,
            )
        except ValidationError as exc:
            code = 429 if getattr(exc, "code", None) == "limit" else 400
            return open311_error(code, "; ".join(_error_texts(exc)))
        if trusted:
            answer = {
                "service_request_id": report.receipt_number,
                "service_notice": _("Recorded. The community answers within its deadline."),
                "account_id": None,
            }
        else:
            token = report_token(report)
            url = settings.JIEDAO_SITE_URL + reverse("resident:confirm", args=[token])
            answer = {
                "token": token,
                "service_notice": _(
                    "A confirmation code went to the phone by SMS: enter it at %(url)s to file the request."
                )
                % {"url": url},
                "account_id": None,
            }
        return Response([answer], status=status.HTTP_201_CREATED)


# The intake's fields by their Open311 names, so that a client's error names what it sent.
FIELD_NAMES = {
    "requester_phone": "phone",
    "requester_name": "last_name",
    "area": "address_id",
    "category": "service_code",
    "photos": "media",
}


def _error_texts(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{FIELD_NAMES.get(field, field)}: {text}"
            for field, errors in exc.message_dict.items()
            for text in errors
        ]
    return list(exc.messages)


def _when(text):
    """None for no value, False for one that is not ISO 8601, else an aware datetime."""
    if not text:
        return None
    moment = parse_datetime(text.replace(" ", "+"))
    if moment is None:
        return False
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


class RequestDetailView(Open311View):
    @extend_schema(
        operation_id="open311_request",
        tags=["open311"],
        summary="Open311: one request's status by its receipt number",
        responses=Open311RequestSerializer(many=True),
    )
    def get(self, request, service_request_id):
        reports = _confirmed_reports().filter(receipt_number=service_request_id)
        found = _requests_out(reports)
        if not found:
            return open311_error(404, _("No request has this id."))
        return Response(found)


# The intake's confirmation page reads the same signed token, for as long (volunteers.views).
TOKEN_DAYS = 2


def report_token(report: ResidentReport) -> str:
    return signing.dumps(report.pk, salt=REPORT_SALT)


class TokenView(Open311View):
    @extend_schema(
        operation_id="open311_token",
        tags=["open311"],
        summary="Open311: the request id a token stands for, once the phone is confirmed",
        responses=Open311TokenSerializer(many=True),
    )
    def get(self, request, token):
        try:
            pk = signing.loads(token, salt=REPORT_SALT, max_age=datetime.timedelta(days=TOKEN_DAYS))
        except signing.BadSignature:
            return open311_error(404, _("No such token, or it has expired."))
        report = ResidentReport.objects.filter(pk=pk).only("receipt_number").first()
        if report is None:
            return open311_error(404, _("No such token, or it has expired."))
        return Response([{"token": token, "service_request_id": report.receipt_number}])


class PlaceListView(Open311View):
    @extend_schema(
        operation_id="open311_places",
        tags=["open311"],
        summary="Open311 extension: the places of a community a request can name (address_id)",
        parameters=[
            OpenApiParameter("jurisdiction_id", str, required=True, description="A community's number.")
        ],
        responses=Open311PlaceSerializer(many=True),
    )
    def get(self, request):
        community = Area.objects.filter(
            pk=_number(request.query_params.get("jurisdiction_id")), depth=AreaLevel.COMMUNITY, is_active=True
        ).first()
        if community is None:
            return open311_error(400, _("Give jurisdiction_id: a community's number."))
        places = Area.objects.filter(path__startswith=community.path, is_active=True).order_by("path")
        names, answer = {}, []
        for place in places:
            names[place.path] = place.name
            # Below the community, a place is said with the places above it ("第一网格 1号楼 1单元").
            below = range(community.depth + 1, place.depth + 1)
            label = " ".join(names.get(place.path[: Area.steplen * d], "") for d in below) or place.name
            answer.append(
                {"address_id": str(place.pk), "address": label, "level": AreaLevel(place.depth).label}
            )
        return Response(answer)


class DiscoveryView(Open311View):
    @extend_schema(
        operation_id="open311_discovery",
        tags=["open311"],
        summary="Open311: service discovery",
        responses=inline_serializer(
            "Open311Discovery",
            {
                "changeset": serializers.DateTimeField(),
                "contact": serializers.CharField(),
                "key_service": serializers.CharField(),
                "endpoints": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    def get(self, request):
        return Response(
            {
                "changeset": "2026-12-01T00:00:00+08:00",
                "contact": _("The street office; see the community's Service List for its phone."),
                "key_service": _("Keys for the district's systems are issued by the street office."),
                "endpoints": [
                    {
                        "specification": SPECIFICATION,
                        "url": settings.JIEDAO_SITE_URL
                        + reverse("open311:services")[: -len("services.json")],
                        "changeset": "2026-12-01T00:00:00+08:00",
                        "type": "production",
                        "formats": ["application/json"],
                    }
                ],
            }
        )
