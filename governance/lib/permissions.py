"""API permission classes (a module of their own: DRF imports them while its views module loads).

Every viewset action needs exactly one model permission, worked out in one place
(`required_permission`), so an action written tomorrow is guarded like the ones written today.
"""

from django.core.exceptions import ImproperlyConfigured
from rest_framework import permissions

MODEL_ACTIONS = ("view", "add", "change", "delete")

# DRF's own viewset actions and the model permission each needs.
VIEWSET_ACTIONS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}


def check_action_permissions(viewset_class) -> None:
    """Refuse, at import, a declaration that names no action of the viewset or no permission."""
    for name, declared in getattr(viewset_class, "action_permissions", {}).items():
        if not callable(getattr(viewset_class, name, None)):
            raise ImproperlyConfigured(
                f"{viewset_class.__name__}.action_permissions names {name!r}, which is not one of its actions."
            )
        if "." not in declared and declared not in MODEL_ACTIONS:
            raise ImproperlyConfigured(
                f"{viewset_class.__name__}.action_permissions[{name!r}] = {declared!r}: give one of "
                f"{', '.join(MODEL_ACTIONS)} or a full 'app_label.codename'."
            )


def _model_permission(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def _is_detail(view, action: str) -> bool:
    """Whether the action works on one record: as routed, else as declared by `@action`.

    When neither says, it counts as one record: `change` is the stricter guess.
    """
    detail = getattr(view, "detail", None)
    if detail is None:
        detail = getattr(getattr(view, action, None), "detail", None)
    return True if detail is None else bool(detail)


def required_permission(view, method: str, model) -> str | None:
    """The one permission ("app_label.codename") that `view.action` needs on `model`.

    Declared in `view.action_permissions`, else: DRF's own actions as in VIEWSET_ACTIONS; a custom
    action that only reads needs `view`; one that writes needs `change` on one record (`detail=True`)
    and `add` on the collection. None when the request reaches no action (OPTIONS, or an unrouted method).
    """
    action = getattr(view, "action", None)
    if not action:
        return None
    declared = getattr(view, "action_permissions", {}).get(action)
    if declared is None:
        if action in VIEWSET_ACTIONS:
            declared = VIEWSET_ACTIONS[action]
        elif method in permissions.SAFE_METHODS:
            declared = "view"
        else:
            declared = "change" if _is_detail(view, action) else "add"
    return declared if "." in declared else _model_permission(model, declared)


class ModelPermissions(permissions.DjangoModelPermissions):
    """Each action needs its one model permission (`required_permission`), reading included.

    A request that reaches no action falls back to DRF's map of HTTP methods (reading included).
    """

    perms_map = {
        **permissions.DjangoModelPermissions.perms_map,
        "GET": ["%(app_label)s.view_%(model_name)s"],
        "HEAD": ["%(app_label)s.view_%(model_name)s"],
        "OPTIONS": ["%(app_label)s.view_%(model_name)s"],
    }

    def has_permission(self, request, view):
        if not request.user or not request.user.is_authenticated:
            return False
        # DefaultRouter's API root lists endpoints and has no model.
        if getattr(view, "_ignore_model_permissions", False):
            return True
        model = self._queryset(view).model
        perm = required_permission(view, request.method, model)
        if perm is None:
            return request.user.has_perms(self.get_required_permissions(request.method, model))
        return request.user.has_perm(perm)
