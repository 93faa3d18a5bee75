"""Extension points filled by each app at start-up: navigation, dashboard panels, sections of a record's page
and demo-data seeders.

A lower app never imports a higher one; the higher one registers itself here (STYLE.md, layering).
"""

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext_lazy

_FIRST_LABEL = gettext_lazy("Used most")


@dataclass
class NavItem:
    label: str
    url_name: str
    permission: str | None = None

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass
class NavSection:
    key: str
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)


NAV: dict[str, NavSection] = {}


def nav_section(key: str, label: str, order: int) -> NavSection:
    return NAV.setdefault(key, NavSection(key, label, order))


def nav_item(section_key: str, label: str, url_name: str, permission: str | None = None) -> None:
    NAV[section_key].items.append(NavItem(label, url_name, permission))


# Per role: the items used most, first and in this order (a "常用" section), and the sections a role never
# uses (left out of its menu even where it holds a view permission).
NAV_FIRST: dict[str, list[tuple[int, str]]] = {}
NAV_HIDDEN: dict[str, set[str]] = {}


def nav_first(role: str, url_name: str, order: int) -> None:
    """Put `url_name` into `role`'s "常用" section at the top of the menu (lower `order` first)."""
    entries = [e for e in NAV_FIRST.setdefault(str(role), []) if e[1] != url_name]
    NAV_FIRST[str(role)] = sorted([*entries, (order, url_name)])


def nav_hide_for(role: str, *section_keys: str) -> None:
    """Leave whole sections out of `role`'s menu: work that role does not do."""
    NAV_HIDDEN.setdefault(str(role), set()).update(section_keys)


def _may(user, item: NavItem) -> bool:
    return item.permission is None or user.has_perm(item.permission)


def visible_nav(user, roles=None) -> list[dict]:
    """The navigation sections and items this user may use (empty sections are left out).

    With the user's `roles`, the items those roles use most come first in a section of their own, and the
    sections no role of theirs uses are left out. Someone holding several roles gets the union.
    """
    roles = {str(r) for r in roles or ()}
    by_url = {i.url_name: i for section in NAV.values() for i in section.items}
    first_names = []
    for role in sorted(roles):
        for _order, name in NAV_FIRST.get(role, []):
            if name not in first_names and name in by_url and _may(user, by_url[name]):
                first_names.append(name)
    hidden = set.intersection(*(NAV_HIDDEN.get(r, set()) for r in roles)) if roles else set()
    sections = []
    if first_names:
        sections.append({"key": "first", "label": _FIRST_LABEL, "items": [by_url[n] for n in first_names]})
    for section in sorted(NAV.values(), key=lambda s: s.order):
        if section.key in hidden:
            continue
        items = [i for i in section.items if _may(user, i) and i.url_name not in first_names]
        if items:
            sections.append({"key": section.key, "label": section.label, "items": items})
    return sections


@dataclass
class Card:
    """A number card on the dashboard: big number, label, optional unit, link and tone."""

    label: str
    value: object
    url: str = ""
    unit: str = ""
    tone: str = ""  # "", "success", "warning", "danger", "info"
    note: str = ""


@dataclass
class DashboardPanel:
    key: str
    order: int
    permission: str | None
    render: Callable  # (request) -> dict with "title", "cards", optional "template" and extra context
    watches: tuple[str, ...] = ()  # models read ("app.Model"): their writes invalidate the cached panel
    personal: bool = False  # shows the person's own work too, so it is cached per user, not per scope
    roles: frozenset | None = None  # the roles whose home page shows it; None: every role

    def shown_to(self, roles) -> bool:
        return self.roles is None or not roles or bool(self.roles & {str(r) for r in roles})


PANELS: list[DashboardPanel] = []


def dashboard_panel(
    key: str,
    order: int,
    permission: str | None = None,
    watches: tuple = (),
    personal: bool = False,
    roles=None,
):
    """Register a function `(request) -> context` as a dashboard panel (for `roles` only, when given).

    With `watches` (the models it reads) the panel is cached per scope for a short time and invalidated by
    writes to those models (governance.lib.dashcache); its context must then be plain data (no querysets).
    """

    def decorator(fn):
        PANELS[:] = [p for p in PANELS if p.key != key]
        shown = frozenset(str(r) for r in roles) if roles is not None else None
        PANELS.append(DashboardPanel(key, order, permission, fn, tuple(watches), personal, shown))
        PANELS.sort(key=lambda p: p.order)
        return fn

    return decorator


@dataclass
class RecordSection:
    key: str
    order: int
    permission: str | None
    render: Callable  # (request, obj) -> dict with "title", "template" and the template's context, or None


RECORD_SECTIONS: dict[str, list[RecordSection]] = {}


def record_section(model_label: str, key: str, order: int, permission: str | None = None):
    """Register a function `(request, obj) -> context` adding a section to a record's page, e.g. a higher app's
    needs on a resident's page (`"governance.resident"`); returning None leaves the section out."""

    def decorator(fn):
        sections = RECORD_SECTIONS.setdefault(model_label, [])
        sections[:] = [s for s in sections if s.key != key]
        sections.append(RecordSection(key, order, permission, fn))
        sections.sort(key=lambda s: s.order)
        return fn

    return decorator


@dataclass
class WorkCards:
    """A person's own work on their home page ("my overdue", "to accept"), before the panels.

    `render(request)` returns the cards; `roles` are those whose home page starts with them.
    """

    key: str
    order: int
    roles: frozenset
    permission: str | None
    render: Callable


WORK_CARDS: list[WorkCards] = []


def work_cards(key: str, order: int, *, roles, permission: str | None = None):
    """Register a function `(request) -> list[Card]` as cards of the "my work" row of these roles."""

    def decorator(fn):
        WORK_CARDS[:] = [w for w in WORK_CARDS if w.key != key]
        WORK_CARDS.append(WorkCards(key, order, frozenset(str(r) for r in roles), permission, fn))
        WORK_CARDS.sort(key=lambda w: w.order)
        return fn

    return decorator


def record_sections(request, obj) -> list[dict]:
    """The sections other apps add to this record's page, for this user, in order."""
    label = obj._meta.label_lower
    rendered = []
    for section in RECORD_SECTIONS.get(label, []):
        if section.permission is not None and not request.user.has_perm(section.permission):
            continue
        ctx = section.render(request, obj)
        if ctx is not None:
            rendered.append(ctx)
    return rendered


@dataclass
class QuickAction:
    """A big button on a role's home page: the thing they start most often (record a need, raise a case)."""

    label: str
    url_name: str
    permission: str
    roles: frozenset
    order: int

    @property
    def url(self) -> str:
        return reverse(self.url_name)


QUICK_ACTIONS: list[QuickAction] = []


def quick_action(label, url_name: str, *, permission: str, roles, order: int) -> None:
    QUICK_ACTIONS[:] = [q for q in QUICK_ACTIONS if q.url_name != url_name]
    QUICK_ACTIONS.append(QuickAction(label, url_name, permission, frozenset(str(r) for r in roles), order))
    QUICK_ACTIONS.sort(key=lambda q: q.order)


@dataclass
class DemoSeeder:
    key: str
    order: int
    run: Callable  # (ctx: dict) -> None; must be idempotent


SEEDERS: list[DemoSeeder] = []


def demo_seeder(key: str, order: int):
    """Register an idempotent function that adds an app's demo data; it receives the shared context dict."""

    def decorator(fn):
        SEEDERS[:] = [s for s in SEEDERS if s.key != key]
        SEEDERS.append(DemoSeeder(key, order, fn))
        SEEDERS.sort(key=lambda s: s.order)
        return fn

    return decorator


SCALE_SEEDERS: list[DemoSeeder] = []


def scale_seeder(key: str, order: int):
    """Register a function that bulk-loads one generated community's rows of an app (`seed_scale`).

    It receives the shared context (the community, its stairwells, users, a seeded random generator and
    the sizes) and adds what it made for the seeders after it (e.g. the residents for the needs).
    """

    def decorator(fn):
        SCALE_SEEDERS[:] = [s for s in SCALE_SEEDERS if s.key != key]
        SCALE_SEEDERS.append(DemoSeeder(key, order, fn))
        SCALE_SEEDERS.sort(key=lambda s: s.order)
        return fn

    return decorator


@dataclass
class SearchKind:
    """One kind of record the header's search box finds: a scoped finder and how a hit reads.

    `find(user, text)` returns the kind's queryset for `text`, already limited by `visible_to(user)` and in
    the order hits are shown; `describe(obj)` gives (title, detail line); `more_url(text)` opens the kind's
    own list filtered by the same text.
    """

    key: str
    label: str
    order: int
    permission: str
    find: Callable
    describe: Callable
    more_url: Callable


SEARCH_KINDS: list[SearchKind] = []


def search_kind(key: str, label, order: int, *, permission: str, describe: Callable, more_url: Callable):
    """Register a function `(user, text) -> queryset` as one kind of the header's search."""

    def decorator(fn):
        SEARCH_KINDS[:] = [k for k in SEARCH_KINDS if k.key != key]
        SEARCH_KINDS.append(SearchKind(key, label, order, permission, fn, describe, more_url))
        SEARCH_KINDS.sort(key=lambda k: k.order)
        return fn

    return decorator


def autoload(
    package: str,
    module_names=(
        "navigation",
        "dashboard",
        "reminders",
        "seed",
        "scale",
        "roles",
        "figures",
        "imports",
        "search",
    ),
) -> None:
    """Import a package's registration modules (those it has), so that it registers itself at start-up.

    An app (or a governance domain) then adds a topic by adding a file, without editing a shared list.
    """
    for name in module_names:
        dotted = f"{package}.{name}"
        try:
            importlib.import_module(dotted)
        except ModuleNotFoundError as exc:
            if exc.name != dotted:
                raise
