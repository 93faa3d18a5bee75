"""Dashboard panels cached per scope for a short time, and invalidated by the writes that change them.

A panel declares the models it reads (`watches`). Each watched model has a generation number in the cache;
saving or deleting one of its rows bumps it at once (a reader who computes the panel between the write and its
commit may keep the old figures until the entry expires). A cached panel
is filed under the panel, the language, the day, the user's scope (their roles and places; plus the user
for a panel that shows the person's own work) and the generations of what it watches, and lives
`DASHBOARD_CACHE_SECONDS` (60 by default). Writes that bypass `save()` (bulk updates, COPY) show within
that time.
"""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import get_language

from governance.lib import generations

CACHE_ALIAS = "default"
PREFIX = "jiedao:dash"
_WATCHED: set[str] = set()


def cache():
    return caches[CACHE_ALIAS]


def watch(labels) -> None:
    """Make writes to these models (``"app_label.ModelName"``) invalidate the panels that read them."""
    _WATCHED.update(label.lower() for label in labels)


def _generation_key(label: str) -> str:
    return f"{PREFIX}:gen:{label}"


def bump(label: str) -> None:
    generations.bump(cache(), _generation_key(label))


def _written(sender, **kwargs) -> None:
    label = sender._meta.label_lower
    if label in _WATCHED:
        bump(label)


def connect() -> None:
    post_save.connect(_written, dispatch_uid="jiedao-dashboard-save")
    post_delete.connect(_written, dispatch_uid="jiedao-dashboard-delete")


def scope_signature(user) -> str:
    """The same for two users who hold the same roles on the same places (they see the same panels)."""
    from governance.territory.models import Assignment

    rows = sorted(Assignment.objects.filter(user=user).values_list("role", "area__path"))
    return hashlib.sha256(repr((user.is_superuser, rows)).encode()).hexdigest()[:24]


def cached_render(panel, request, signature: str):
    """The panel's context from the cache, or rendered now and kept."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)
    if seconds <= 0 or not panel.watches:
        return panel.render(request)
    labels = sorted(label.lower() for label in panel.watches)
    watched = generations.generations(cache(), [_generation_key(label) for label in labels])
    parts = [
        panel.key,
        get_language() or "",
        timezone.localdate().isoformat(),
        signature,
        str(request.user.pk) if panel.personal else "",
        ",".join(str(watched[_generation_key(label)]) for label in labels),
    ]
    key = f"{PREFIX}:panel:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    found = cache().get(key)
    if found is not None:
        return found
    ctx = panel.render(request)
    cache().set(key, ctx, seconds)
    return ctx
