"""The OpenAPI schema: each operation documents the error answers it can really give.

403 names the one model permission the operation needs; 400 is documented where the client sends a body
or query parameters, 404 where the path names a record (outside your scope is 404 too) and on every read
(a page beyond the last, a record a filter names that is not yours), 409 where a
delete can meet a record still referenced, and 429 everywhere (the API is throttled). Every error has the
one error shape.
"""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from governance.lib.api import ErrorResponseSerializer
from governance.lib.permissions import ModelPermissions, required_permission


def _model_field_is_blank(field) -> bool:
    model = getattr(getattr(field.parent, "Meta", None), "model", None)
    if model is None or not field.source or "." in field.source:
        return False
    try:
        return model._meta.get_field(field.source).blank
    except Exception:
        return False


class PermissionAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the error answers (400/403/404/409/429) each operation can give."""

    def _required_permission(self) -> str | None:
        if not any(isinstance(p, ModelPermissions) for p in self.view.get_permissions()):
            return None
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return None
        return required_permission(self.view, self.method, queryset.model)

    def _error_answers(self) -> dict[str, str]:
        answers = {}
        perm = self._required_permission()
        if perm:
            answers["403"] = f"Not logged in, or without the permission `{perm}`."
        else:
            answers["403"] = "Not logged in."
        answers["400"] = "The request is not valid; `fields` names each field and what is wrong with it."
        if "{" in self.path:
            answers["404"] = "No such record in your scope."
        elif self.method == "GET":
            answers["404"] = "A page beyond the last, or a record the query names that is not in your scope."
        if self.method == "DELETE":
            answers["409"] = "The record is still referenced and cannot be deleted."
        answers["429"] = "Too many requests; `Retry-After` says in how many seconds to try again."
        return answers

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        # DRF drops `allow_blank` from read-only fields, so a model's blank choice ("" until chosen) would be
        # missing from the enum the schema promises: put it back for choices the model lets stay blank.
        if isinstance(field, serializers.ChoiceField) and field.read_only and _model_field_is_blank(field):
            field.allow_blank = True
        return super()._map_serializer_field(field, direction, bypass_extensions)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, description in self._error_answers().items():
            if code not in responses:
                answer = OpenApiResponse(ErrorResponseSerializer, description=description)
                responses[code] = self._get_response_for_code(answer, code, direction=direction)
        return responses
