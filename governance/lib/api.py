"""Base classes for the REST API: scoped viewsets, permissions, pagination, one error format."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError
from django.http import Http404
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from governance.lib.masking import mask
from governance.lib.pagination import KeysetPagination, PagePagination  # noqa: F401  (re-exported)
from governance.lib.permissions import check_action_permissions
from governance.lib.scope import is_scoped_model
from governance.lib.workflow import UNKNOWN_MOVE


def _django_error_detail(exc: DjangoValidationError):
    if hasattr(exc, "error_dict"):
        # A model's clean() or a constraint reports under __all__: that is DRF's non_field_errors.
        return {
            ("non_field_errors" if field == "__all__" else field): [str(m) for e in errs for m in e.messages]
            for field, errs in exc.error_dict.items()
        }
    return {"non_field_errors": [str(m) for m in exc.messages]}


def exception_handler(exc, context):
    """Every error answers `{"error": {"code", "message", "fields"}}`."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(_django_error_detail(exc))
    elif isinstance(exc, ProtectedError):
        exc = exceptions.APIException("This record is still referenced and cannot be deleted.")
        exc.status_code = status.HTTP_409_CONFLICT
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    detail = response.data
    fields = {}
    if isinstance(exc, exceptions.ValidationError):
        if isinstance(detail, dict):
            fields = {k: v for k, v in detail.items() if k != "non_field_errors"}
            non_field = detail.get("non_field_errors") or []
            message = "; ".join(str(m) for m in non_field) or "; ".join(
                f"{k}: {v[0] if isinstance(v, list) and v else v}" for k, v in fields.items()
            )
        else:
            message = "; ".join(str(m) for m in detail) if isinstance(detail, list) else str(detail)
    else:
        message = str(detail.get("detail", detail)) if isinstance(detail, dict) else str(detail)
    code = getattr(exc, "default_code", "error")
    if isinstance(exc, exceptions.APIException) and isinstance(
        getattr(exc, "detail", None), exceptions.ErrorDetail
    ):
        code = exc.detail.code or code
    response.data = {"error": {"code": code, "message": message, "fields": fields}}
    return response


class ScopedSerializerMixin:
    """Limits every related-object choice to what the requesting user may see."""

    def get_fields(self):
        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        for field in fields.values():
            target = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            queryset = getattr(target, "queryset", None)
            if queryset is not None and is_scoped_model(queryset.model):
                target.queryset = queryset.visible_to(request.user)
        return fields


class ScopedModelSerializer(ScopedSerializerMixin, serializers.ModelSerializer):
    pass


class PersonalDataField(serializers.CharField):
    """A personal datum (a phone, an ID number): written in full, always read masked by the one rule."""

    def __init__(self, kind, **kwargs):
        self.kind = kind
        super().__init__(**kwargs)

    def to_representation(self, value):
        return mask(self.kind, value)


class ActionPermissionsMixin:
    """Each action needs one model permission, named once here, never with `has_perm` in its body.

    By default (`governance.lib.permissions.required_permission`) on the queryset's model:
    list and retrieve need `view`, create `add`, update and partial_update `change`, destroy
    `delete`; an `@action` that only reads needs `view`, one that writes needs `change` on one
    record (`detail=True`) and `add` on the collection (`detail=False`).

    An action that needs something else declares it in `action_permissions`, action name to either
    `view`/`add`/`change`/`delete` (on the queryset's model) or a full "app_label.codename" (another
    model, or a custom permission)::

        action_permissions = {"photos": "governance.add_casephoto"}

    The declaration holds for every HTTP method of that action; a name that is not an action of the
    viewset is refused at import.
    """

    action_permissions: dict[str, str] = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        check_action_permissions(cls)


class ScopedViewSet(ActionPermissionsMixin, viewsets.ModelViewSet):
    """A viewset whose queryset is always `visible_to(request.user)`: out of scope is 404.

    Writes go through services: override `perform_create`/`perform_update` to call one. Permissions
    per action: see `ActionPermissionsMixin`.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def get_queryset(self):
        return super().get_queryset().visible_to(self.request.user)


def api_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    return exceptions.ValidationError(_django_error_detail(exc))


def run_service(fn, **kwargs):
    """Call a service, turning its Django ValidationError into the API's 400 answer."""
    try:
        return fn(**kwargs)
    except DjangoValidationError as exc:
        raise api_validation_error(exc) from exc


def run_move(view, workflow, obj, name: str, **data):
    """An API move action: the move from the workflow's table, its declared permission (403), the domain
    service (400 with the reason when refused). `name` is a move's name or the status it leads to."""
    move = workflow.resolve(getattr(obj, workflow.status_field), name)
    if move is None:
        error = workflow.illegal(obj, name, None) if name in workflow.statuses.values else None
        raise api_validation_error(error or DjangoValidationError(UNKNOWN_MOVE % {"move": name}))
    if not workflow.may(view.request.user, obj, move):
        view.permission_denied(view.request)
    return run_service(workflow.run, obj=obj, move=move, user=view.request.user, **data)


class ErrorSerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField()


class ErrorResponseSerializer(serializers.Serializer):
    """Every error answer: a code, a message and, for invalid input, the messages of each field."""

    error = ErrorSerializer()


def action_response(serializer_class, instance, request, status_code=status.HTTP_200_OK):
    return Response(serializer_class(instance, context={"request": request}).data, status=status_code)
