"""Dashboard panels and other figures over a scope, cached for a short time and invalidated by the writes
that change them.

A panel (or a list page's summary, a report's table: `cached_figures`) declares the models it reads
(`watches`). Each model has a generation number in the cache; saving or deleting one of its rows bumps it at
once, in whichever process writes (a reader who computes the panel between the write and its
commit may keep the old figures until the entry expires). A cached panel
is filed under the panel, the language, the day, the user's scope (their roles and places; plus the user
for a panel that shows the person's own work) and the generations of what it watches, and lives
`DASHBOARD_CACHE_SECONDS` (60 by default). Writes that bypass `save()` (COPY, raw SQL) show within that time;
`update()` and `bulk_create` on a scoped queryset announce themselves (`governance.lib.scope.rows_changed`).
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


def cache():
    return caches[CACHE_ALIAS]


def _generation_key(label: str) -> str:
    return f"{PREFIX}:gen:{label}"


def bump(label: str) -> None:
    generations.bump(cache(), _generation_key(label))


def _written(sender, **kwargs) -> None:
    # Every model, not only those a panel of this process watches: a worker that never loaded a panel still
    # has to make its writes visible to the web processes' caches.
    if sender._meta.model_name.startswith("historical"):  # a record's history row follows the record
        return
    bump(sender._meta.label_lower)


def connect() -> None:
    from governance.lib.scope import rows_changed

    post_save.connect(_written, dispatch_uid="jiedao-dashboard-save")
    post_delete.connect(_written, dispatch_uid="jiedao-dashboard-delete")
    rows_changed.connect(_written, dispatch_uid="jiedao-dashboard-rows")


def scope_signature(user) -> str:
    """The same for two users who hold the same roles on the same places (they see the same panels)."""
    from governance.territory.models import Assignment

    rows = sorted(Assignment.objects.filter(user=user).values_list("role", "area__path"))
    return hashlib.sha256(repr((user.is_superuser, rows)).encode()).hexdigest()[:24]


def _cached(kind: str, parts: list[str], watches, compute):
    """`compute()` from the cache, filed under `parts`, the day, the language and the generations of `watches`."""
    seconds = getattr(settings, "DASHBOARD_CACHE_SECONDS", 60)
    if seconds <= 0 or not watches:
        return compute()
    labels = sorted(label.lower() for label in watches)
    watched = generations.generations(cache(), [_generation_key(label) for label in labels])
    parts = [
        *parts,
        get_language() or "",
        timezone.localdate().isoformat(),
        ",".join(str(watched[_generation_key(label)]) for label in labels),
    ]
    key = f"{PREFIX}:{kind}:" + hashlib.sha256("|".join(parts).encode()).hexdigest()
    found = cache().get(key)
    if found is not None:
        return found
    value = compute()
    cache().set(key, value, seconds)
    return value


def cached_render(panel, request, signature: str):
    """The panel's context from the cache, or rendered now and kept."""
    parts = [panel.key, signature, str(request.user.pk) if panel.personal else ""]
    return _cached("panel", parts, panel.watches, lambda: panel.render(request))


def places_signature(user) -> str:
    """The same for two users who see the same records (their scope's paths), with no query."""
    from governance.lib.scope import user_scope_paths, user_sees_everything

    paths = [] if user_sees_everything(user) else user_scope_paths(user)
    return hashlib.sha256(repr((user_sees_everything(user), paths)).encode()).hexdigest()[:24]


def cached_figures(name: str, request, watches, compute, *, vary: str = ""):
    """Figures over the requesting user's scope (a list page's summary, a report's table), cached as panels
    are: per scope and `vary` (say, the list's filters), dropped when a model in `watches` is written.

    Summaries like "person-times and hours of every confirmed record" cost a scan that grows with the data;
    from the cache they cost one look-up. `compute()` must return plain data (no querysets).
    """
    return _cached("figures", [name, places_signature(request.user), vary], watches, compute)
