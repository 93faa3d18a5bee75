"""The OpenAPI schema: each operation documents the 403 that its one model permission can answer."""

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse

from governance.lib.api import ErrorResponseSerializer
from governance.lib.permissions import ModelPermissions, required_permission


class PermissionAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus a 403 naming the permission each operation needs."""

    def _required_permission(self) -> str | None:
        if not any(isinstance(p, ModelPermissions) for p in self.view.get_permissions()):
            return None
        queryset = getattr(self.view, "queryset", None)
        if queryset is None:
            return None
        return required_permission(self.view, self.method, queryset.model)

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        perm = self._required_permission()
        if perm and "403" not in responses:
            refused = OpenApiResponse(
                ErrorResponseSerializer,
                description=f"Not logged in, or without the permission `{perm}`.",
            )
            responses["403"] = self._get_response_for_code(refused, "403", direction=direction)
        return responses
