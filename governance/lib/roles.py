"""Roles are Django groups whose permissions are computed from one table; apps add grants at start-up."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import Q

from governance.territory.choices import Role

PROJECT_APPS = ("governance", "partybuilding", "property", "volunteers")
DEFAULT_ACTIONS = ("add", "change", "delete", "view")

# Extra permissions per role, as "app_label.codename"; apps call `grant()` from AppConfig.ready().
ROLE_GRANTS: dict[str, set[str]] = {role.value: set() for role in Role}

grant_defaults = {
    # Street administrators may do everything in the portal's own apps and manage users and schedules.
    Role.STREET_ADMIN: {"governance.view_resident_pii"},
    Role.COMMUNITY_SECRETARY: {"governance.view_resident_pii"},
}
for _role, _perms in grant_defaults.items():
    ROLE_GRANTS[_role.value].update(_perms)


# Default permissions a role does not get, as "app_label.codename"; apps call `withhold()`.
ROLE_WITHHELD: dict[str, set[str]] = {role.value: set() for role in Role}


def grant(role: Role, *perms: str) -> None:
    """Give `role` extra permissions ("app_label.codename")."""
    ROLE_GRANTS[role.value].update(perms)


def withhold(role: Role, *perms: str) -> None:
    """Keep default permissions ("app_label.codename") from `role`, for work its scope never covers."""
    ROLE_WITHHELD[role.value].update(perms)


def _default_perm_q(actions) -> Q:
    """Django's default model permissions (not custom ones like view_resident_pii) of the project's apps."""
    q = Q()
    for action in actions:
        q |= Q(codename__startswith=f"{action}_")
    return Q(content_type__app_label__in=PROJECT_APPS) & q


def role_permissions(role: str):
    perms = Permission.objects.select_related("content_type")
    if role == Role.STREET_ADMIN:
        base = _default_perm_q(DEFAULT_ACTIONS) | Q(
            content_type__app_label__in=("django_celery_beat",), codename__regex=r"^(view|change)_"
        )
    elif role == Role.STREET_STAFF:
        base = _default_perm_q(("add", "change", "view"))
    else:
        base = _default_perm_q(("view",))
    extra = Q(pk__in=[])
    for full in ROLE_GRANTS[role]:
        app_label, codename = full.split(".", 1)
        extra |= Q(content_type__app_label=app_label, codename=codename)
    withheld = Q(pk__in=[])
    for full in ROLE_WITHHELD[role]:
        app_label, codename = full.split(".", 1)
        withheld |= Q(content_type__app_label=app_label, codename=codename)
    # Custom permissions named like defaults (view_resident_pii) are only given when granted explicitly.
    return perms.filter(base | extra).exclude(Q(codename="view_resident_pii") & ~extra).exclude(withheld)


@transaction.atomic
def roles_sync() -> None:
    """Create one group per role and set its permissions from the grant table."""
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        group.permissions.set(role_permissions(role.value))
