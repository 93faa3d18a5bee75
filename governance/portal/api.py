"""API of the portal's own machinery: the requesting user's notifications and the API token."""

from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from governance.lib.api import ErrorResponseSerializer, action_response
from governance.lib.tokens import token_expires_at, token_issue
from governance.portal import services
from governance.portal.models import Notification
from governance.portal.views import locked_out


class NotificationSerializer(serializers.ModelSerializer):
    is_read = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "created_at", "read_at", "is_read"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField)
    def get_is_read(self, obj) -> bool:
        return obj.read_at is not None


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


def register(router) -> None:
    router.register("portal/notifications", NotificationViewSet, basename="notification")


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"}, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires_at = serializers.DateTimeField()


class TokenObtainView(ObtainAuthToken):
    """Exchange a user name and password for an API token, valid for `API_TOKEN_TTL_HOURS`.

    Failed attempts count towards the same lock-out as the login page.
    """

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenSerializer,
            400: OpenApiResponse(ErrorResponseSerializer, description="Wrong user name or password."),
            429: OpenApiResponse(ErrorResponseSerializer, description="Locked out after failed logins."),
        },
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        # django-axes marks the underlying request; its middleware never sees DRF's wrapper.
        if getattr(request._request, "axes_locked_out", False) or getattr(request, "axes_locked_out", False):
            return locked_out(request._request, credentials={"username": request.data.get("username")})
        if not valid:
            raise ValidationError(serializer.errors)
        token = token_issue(user=serializer.validated_data["user"])
        return Response(TokenSerializer({"token": token.key, "expires_at": token_expires_at(token)}).data)
