"""A user's permissions and scope paths, kept in the cache between requests instead of read every time.

Every request needs them (three queries: the user's own permissions, their groups' and their assignments'
places). They change rarely: when an assignment is made or ended, when a role's permissions are rebuilt,
or when an account changes. Each of those writes bumps one generation number, which is part of every key,
so the next request of every user reads them afresh; entries live at most `AUTHZ_CACHE_SECONDS`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from governance.lib import generations

GENERATION_KEY = "jiedao:authz:gen"


def cache():
    return caches["default"]


def _seconds() -> int:
    return getattr(settings, "AUTHZ_CACHE_SECONDS", 300)


def bump(**kwargs) -> None:
    """Forget everyone's cached permissions and places (at once, and again when the write commits)."""
    if kwargs.get("update_fields") and set(kwargs["update_fields"]) <= {"last_login"}:
        return  # a login changes no rights

    generations.bump(cache(), GENERATION_KEY)
    transaction.on_commit(lambda: generations.bump(cache(), GENERATION_KEY), robust=True)


def cached_for(user, what: str, compute):
    """`compute()` for this user, from the cache when their rights have not changed since."""
    if _seconds() <= 0 or not user.pk:
        return compute()
    key = f"jiedao:authz:{generations.generation(cache(), GENERATION_KEY)}:{user.pk}:{what}"
    found = cache().get(key)
    if found is None:
        found = compute()
        cache().set(key, found, _seconds())
    return found


class CachedModelBackend(ModelBackend):
    """Django's model backend, with each user's permission set kept between requests."""

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            user_obj._perm_cache = cached_for(
                user_obj, "perms", lambda: set(super(CachedModelBackend, self).get_all_permissions(user_obj))
            )
        return user_obj._perm_cache


def connect() -> None:
    from governance.territory.models import Assignment

    user_model = get_user_model()
    for model in (Assignment, user_model, Group):
        post_save.connect(bump, sender=model, dispatch_uid=f"jiedao-authz-save-{model._meta.label}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"jiedao-authz-delete-{model._meta.label}")
    for through in (
        Group.permissions.through,
        user_model.groups.through,
        user_model.user_permissions.through,
    ):
        m2m_changed.connect(bump, sender=through, dispatch_uid=f"jiedao-authz-m2m-{through._meta.label}")
