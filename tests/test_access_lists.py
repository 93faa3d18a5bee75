"""The access matrix's other half: every list, export and admin URL, for an outsider, a read-only role and an
insider, generated from the URL patterns and the admin's registry like `test_access_matrix.py`.

- Lists and exports (pages, `?export=xlsx`, the export views, API lists and collection actions): community B's
  secretary renders all of them before and after a record of every scoped model is made in community A; what
  appears in between (a link to a record, a row of a workbook, a row of an API answer, a name of A's) is a
  leak. Community A's secretary must see their new records there: the walk is not blind.
- Writes (POST, PUT, PATCH, DELETE) to each of these URLs from the outsider and the read-only viewer change no
  table of ours.
- The admin: for every registered model, a staff administrator of community B (no superuser) gets 404 on the
  change, delete and history pages of community A's record and does not find it in the change list; the
  administrator of community A does; a read-only staff user's writes change nothing.

A new page, export or API list without an entry below, or a new admin model without a factory or a reason,
fails this test.
"""

import csv
import io
import json
import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from openpyxl import load_workbook
from simple_history.admin import SimpleHistoryAdmin

from governance.dataimport.models import ImportBatch
from governance.lib.views import ObjectCreateView, ObjectListView
from governance.models import Assignment, ChannelPreference, Household, Notification, PersonalDataAccess
from governance.territory import services as territory_services
from governance.territory.choices import Role
from tests.factories import AREA_FACTORIES, UserFactory, load_area_factories, make_resident
from tests.test_access_matrix import PROJECT_APPS, WRITE_METHODS
from tests.volunteers.factories import category, ensure_reference_data, make_garden
from volunteers.models import GardenPlot, ResidentReport, ServiceContact

load_area_factories()

# Pages without URL arguments that are not a list page (`ObjectListView`) and no export: why each is here.
# They are still rendered by the outsider and checked for leaks, and written to; only the insider's "sees
# the new record" check is for lists and exports.
PAGES = {
    "": "the home page: the user's own work and panels",
    "login/": "the login form",
    "api/schema/": "the OpenAPI schema, no data",
    "api/docs/": "the API's documentation page",
    "api/": "the API's index of routes",
    "api/token/": "obtains a token for the user's own password (POST)",
    "notifications/": "the user's own notifications",
    "party/": "the organisation chart within the user's scope",
    "party/committees/": "joint committees within the scope (cards, not a list page)",
    "party/supervision/": "the supervision network within the scope",
    "property/fees/collection/": "collection rates, figures of the scope",
    "services/rates/": "the three rates, figures of the scope",
    "services/garden/": "the party gardens within the scope (cards)",
    "cases/scorecard/": "department scorecard, figures of the scope",
    "staff/portfolios/assign/": "a form",
    "party/meetings/new/": "a form (a wizard of its own)",
    "reports/new/": "a form drafting a work report",
    "staff/in-charge/": "who is in charge, within the scope",
    "staff/coverage/": "A/B post coverage within the scope",
    "staff/evaluations/open/": "a form opening a quarter",
    "staff/age/": "age structure, figures of the scope",
    "cockpit/": "the leaders' cockpit, figures of the scope",
    "imports/": "the import index: rosters and the user's own imports",
    "search/": "the header search: each kind scoped like its list (tests/portal/test_search.py)",
    "r/status/": "the residents' public status lookup by receipt number and the phone's last four digits",
    "services/needs/batch/": "a batch action's confirmation: the ticked rows, each checked for scope",
    "services/records/batch/": "a batch action's confirmation: the ticked rows, each checked for scope",
    "party/actions/batch/": "a batch action's confirmation: the ticked rows, each checked for scope",
}
# Export views other than a list page's `?export=xlsx`, with the query strings that make each file.
EXPORTS = {
    "staff/evaluations/export/": [{}],
    "reports/statistics/": [{}, {"format": "csv"}],
    "services/records/feedback/": [{"export": "xlsx"}],
}
# Routes nobody renders here: what they do is not a read of rows, or another test owns them.
SKIP = {
    "healthz/": "the health check, no data (503 in tests, which run no worker: tests/lib/test_health.py)",
    "logout/": "ends the session the walk runs in",
    "i18n/setlang/": "sets the language cookie, no data",
    "notifications/read/": "marks the user's own notifications read (owner-scoped: test_api_scope)",
    "open311/v2/discovery.json": "Open311, public: service discovery, no data",
    "open311/v2/services.json": "Open311, public: the Service List's categories, no data",
    "open311/v2/places.json": "Open311, public: a community's place names (tests/volunteers/test_open311.py)",
    "open311/v2/requests.json": "Open311, public: residents' requests with nothing personal, by receipt "
    "number (tests/volunteers/test_open311.py)",
}
# Lists whose default view does not show a freshly made record of community A, and why.
INSIDER_NOT_SHOWN = {
    "areas/": "the area factory returns community A's stairwell, which is there from the start",
    "areas/?{'export': 'xlsx'}": "the area factory returns community A's stairwell, there from the start",
    "api/territory/areas/": "the area factory returns community A's stairwell, there from the start",
    "api/territory/my-assignments/": "the user's own assignments, which no factory adds to",
    "staff/evaluations/export/?{}": "this quarter's evaluations; the factory's evaluation is of another quarter",
}
# Lists of the street's reference data, which the factories of community A's records add to, and why.
STREET_WIDE_ROWS = {
    "api/enforcement/cases/categories/": "case categories belong to the whole street (a case's factory makes one)",
}

ADMIN_EXTRA_FACTORIES = {
    # Scoped models the admin shows that no page or API names by id; `owner` is the insider, whose own
    # records the owner-scoped ones are.
    Household: lambda territory, owner: make_resident(territory.stairwell_a).household,
    Assignment: lambda territory, owner: territory_services.assignment_create(
        user=UserFactory(), role=Role.GRID_WORKER, area=territory.grid_a
    ),
    GardenPlot: lambda territory, owner: GardenPlot.objects.create(
        project=make_garden(territory.community_a), code="A-01"
    ),
    ImportBatch: lambda territory, owner: ImportBatch.objects.create(
        roster="residents", user=owner, filename="梁家屯社区居民.xlsx", content=b"", size=0
    ),
    Notification: lambda territory, owner: Notification.objects.create(
        recipient=owner, title="梁家屯社区 需求已逾期"
    ),
    PersonalDataAccess: lambda territory, owner: PersonalDataAccess.objects.create(
        user=owner, resident=make_resident(territory.stairwell_a), channel="page"
    ),
    ChannelPreference: lambda territory, owner: ChannelPreference.objects.create(area=territory.community_a),
    ServiceContact: lambda territory, owner: ServiceContact.objects.create(
        area=territory.community_a, label="社区办公室", phone="0371-66660000"
    ),
    ResidentReport: lambda territory, owner: _resident_report(territory),
}


def _resident_report(territory):
    ensure_reference_data()
    return ResidentReport.objects.create(
        community=territory.community_a,
        area=territory.stairwell_a,
        category=category(),
        requester_name="梁家屯居民",
        requester_phone="13800138000",
        description="楼道灯坏了",
    )


# Admin models without a place, each with why a scoped administrator may see every row (or none).
ADMIN_STREET_WIDE = {
    "auth.Group": "the roles: one group per role, the same for every street",
    "auth.User": "accounts: only a superuser holds the auth permissions",
    "authtoken.TokenProxy": "API tokens: only a superuser holds the authtoken permissions",
    "axes.AccessAttempt": "login protection: only a superuser holds the axes permissions",
    "axes.AccessLog": "login protection: only a superuser holds the axes permissions",
    "axes.AccessFailureLog": "login protection: only a superuser holds the axes permissions",
    "django_celery_beat.PeriodicTask": "the portal's schedule, one for the whole portal",
    "django_celery_beat.CrontabSchedule": "the portal's schedule, one for the whole portal",
    "django_celery_beat.IntervalSchedule": "the portal's schedule, one for the whole portal",
    "django_celery_beat.ClockedSchedule": "the portal's schedule, one for the whole portal",
    "django_celery_beat.SolarSchedule": "the portal's schedule, one for the whole portal",
    "governance.CaseCategory": "reference data of the street: enforcement case categories",
    "governance.PortalSetting": "the portal's settings",
    "governance.OutboxMessage": "the delivery log street administrators watch (issue 13): addresses of staff, "
    "no resident's data; street administrators are assigned at street level",
    "governance.ReminderLog": "the reminder ledger: rule, stage, record id and recipients, no record's content",
    "volunteers.ServiceCategory": "reference data of the street: service categories",
    "volunteers.NeedDeadline": "reference data of the street: the deadlines per urgency",
}

# Admin change lists that do not link the insider's record, and why (the change page itself is checked).
ADMIN_LIST_NOT_LINKED = {
    "governance.Area": "a tree: its top level is the administrator's community, the stairwell three levels "
    "below is fetched by treebeard's children view (checked below)",
}

LINK = re.compile(r'href="(/[^"?#]*\d+/[^"?#]*)"')
TABLE_ROW = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
TAG = re.compile(r"<[^>]+>")


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route.replace("^", "").replace("$", ""), pattern


def _view(pattern):
    return getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)


def _no_argument_routes():
    return [
        (route, pattern)
        for route, pattern in _walk(get_resolver())
        if "<" not in route and "(?P" not in route and not route.startswith("admin/")
    ]


def _classify():
    """(list pages, exports, API lists, API collection writes, other pages, unknown routes)."""
    lists, exports, api_lists, api_posts, pages, unknown = [], [], [], [], [], []
    for route, pattern in _no_argument_routes():
        view = _view(pattern)
        if route in SKIP:
            continue
        if route in PAGES:
            pages.append(route)
        elif route in EXPORTS:
            exports += [(route, query) for query in EXPORTS[route]]
        elif view is not None and issubclass(view, ObjectCreateView):
            pages.append(route)  # a form: its drop-downs are read like a list
        elif route.startswith("api/") and "get" not in getattr(pattern.callback, "actions", {"get": 1}):
            api_posts.append(route)
        elif view is not None and issubclass(view, ObjectListView):
            lists.append(route)
            if view.export_filename:
                exports.append((route, {"export": "xlsx"}))
        elif route.startswith("api/") and "get" in getattr(pattern.callback, "actions", {}):
            api_lists.append(route)
        else:
            unknown.append(route)
    return sorted(lists), exports, sorted(api_lists), sorted(api_posts), sorted(pages), sorted(unknown)


LISTS, LIST_EXPORTS, API_LISTS, API_POSTS, OTHER_PAGES, UNKNOWN = _classify()


# ------------------------------------------------------------------------------------ what a reader sees


def _rows(response) -> set[str]:
    """What a response shows, as comparable pieces: links to records and names (pages), rows (files, API)."""
    kind = response.get("Content-Type", "")
    body = response.content
    if "spreadsheetml" in kind:
        sheets = load_workbook(io.BytesIO(body), read_only=True).worksheets
        return {repr(row) for sheet in sheets for row in sheet.iter_rows(values_only=True)}
    if kind.startswith("text/csv"):
        return {repr(row) for row in csv.reader(io.StringIO(body.decode("utf-8-sig")))}
    if kind.startswith("application/json"):
        data = json.loads(body or b"null")
        items = data.get("results", [data]) if isinstance(data, dict) else data
        return {json.dumps(item, sort_keys=True, ensure_ascii=False) for item in items or []}
    html = body.decode()
    cells = {" ".join(TAG.sub(" ", row).split()) for row in TABLE_ROW.findall(html)}
    return set(LINK.findall(html)) | cells


def _text(response) -> str:
    if "spreadsheetml" in response.get("Content-Type", ""):
        return "\n".join(sorted(_rows(response)))
    return response.content.decode("utf-8-sig", errors="replace")


def _read_all(client, api) -> dict[str, tuple[int, set, str]]:
    seen = {}
    for route in [*LISTS, *OTHER_PAGES]:
        response = client.get("/" + route)
        seen[route] = (response.status_code, _rows(response), _text(response))
    for route, query in LIST_EXPORTS:
        response = client.get("/" + route, query)
        seen[f"{route}?{query}"] = (response.status_code, _rows(response), _text(response))
    for route in API_LISTS:
        response = api.get("/" + route, {"page_size": 200})
        seen[route] = (response.status_code, _rows(response), _text(response))
    return seen


def _make_community_a_records(territory) -> set[str]:
    """A record of every scoped model in community A; returns the names they show."""
    names = {territory.community_a.name}
    for make in AREA_FACTORIES.values():
        obj = make(territory.stairwell_a)
        for attr in ("name", "title", "requester_name", "description"):
            value = getattr(obj, attr, None)
            if isinstance(value, str) and len(value) >= 3:
                names.add(value)
    return names


def test_every_list_page_export_and_api_list_is_in_the_matrix():
    assert UNKNOWN == [], "list these routes in PAGES, EXPORTS or SKIP (or make them an ObjectListView)"
    assert not set(PAGES) - {r for r, _ in _no_argument_routes()}, "PAGES names a route that is gone"
    assert len(LISTS) >= 29 and len(LIST_EXPORTS) >= 33 and len(API_LISTS) >= 52


def test_an_outsider_sees_no_row_of_another_community_and_the_insider_does(
    territory, secretary_a, secretary_b, client_as, api_as
):
    outsider = (Client(), api_as(secretary_b))
    outsider[0].force_login(secretary_b)
    insider = (Client(), api_as(secretary_a))
    insider[0].force_login(secretary_a)
    before_b, before_a = _read_all(*outsider), _read_all(*insider)

    names = _make_community_a_records(territory)
    after_b, after_a = _read_all(*outsider), _read_all(*insider)

    errors = [(url, status) for url, (status, _r, _t) in {**after_a, **after_b}.items() if status >= 500]
    assert errors == []
    leaks = {}
    for url, (_status, rows, text) in after_b.items():
        if url in STREET_WIDE_ROWS:
            continue
        new_rows = rows - before_b[url][1]
        new_names = {n for n in names if n in text and n not in before_b[url][2]}
        if new_rows or new_names:
            leaks[url] = (sorted(new_rows)[:3], sorted(new_names)[:3])
    assert leaks == {}

    walked = list(LISTS) + [f"{r}?{q}" for r, q in LIST_EXPORTS] + list(API_LISTS)
    read_by_b = [url for url in walked if after_b[url][0] == 200]
    blind = [
        url
        for url in walked
        if url not in INSIDER_NOT_SHOWN
        and after_a[url][0] == 200
        and not (after_a[url][1] - before_a[url][1])
    ]
    assert len(read_by_b) >= 80
    assert blind == []


@pytest.mark.parametrize("role", ["secretary_b", "viewer"])
def test_writes_to_lists_and_exports_change_nothing(role, request, territory, client_as, api_as):
    user = request.getfixturevalue(role)
    client, api = client_as(user), api_as(user)
    _make_community_a_records(territory)
    before = _tables()
    failures = []
    for route in [*LISTS, *OTHER_PAGES, *EXPORTS, *API_LISTS, *API_POSTS]:
        caller = api if route.startswith("api/") else client
        for method in WRITE_METHODS:
            response = getattr(caller, method)("/" + route, {})
            if response.status_code >= 500 or response.status_code in (200, 201) and route.startswith("api/"):
                failures.append((method.upper(), route, response.status_code))
    assert failures == []
    assert _changed(before) == []


# ------------------------------------------------------------------------------------------------ admin


def _tables() -> dict[str, list]:
    """Every row of every table of ours, by model: a write that changed one is named in the failure."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values_list())
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def _changed(before: dict) -> list[str]:
    after = _tables()
    return [label for label in before if before[label] != after[label]]


ADMIN_MODELS = sorted(admin.site._registry, key=lambda m: m._meta.label)


SCOPED_ADMIN = [m for m in ADMIN_MODELS if m in AREA_FACTORIES or m in ADMIN_EXTRA_FACTORIES]


def _make_admin_records(territory, owner) -> dict:
    """A record of community A for every scoped admin model, made in the factories' own order (some make
    a record another one needs first)."""
    made = {m: make(territory.stairwell_a) for m, make in AREA_FACTORIES.items() if m in SCOPED_ADMIN}
    made |= {m: make(territory, owner) for m, make in ADMIN_EXTRA_FACTORIES.items()}
    return made


def _admin_urls(model, obj=None) -> dict[str, str]:
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    urls = {"changelist": base, "add": f"{base}add/"}
    if obj is not None:
        urls |= {
            "change": f"{base}{obj.pk}/change/",
            "delete": f"{base}{obj.pk}/delete/",
            "history": f"{base}{obj.pk}/history/",
        }
        history = getattr(obj, "history", None)
        if isinstance(admin.site._registry[model], SimpleHistoryAdmin) and history.exists():
            urls["version"] = f"{base}{obj.pk}/history/{history.first().history_id}/"
    return urls


def _staff(username, role, area):
    user = UserFactory(username=username, is_staff=True)
    territory_services.assignment_create(user=user, role=role, area=area)
    return user


@pytest.fixture
def admins(territory):
    """Staff administrators of one community each (no superuser), and a read-only staff user of the street."""
    return {
        "insider": _staff("admin_a", Role.STREET_ADMIN, territory.community_a),
        "outsider": _staff("admin_b", Role.STREET_ADMIN, territory.community_b),
        "read_only": _staff("admin_viewer", Role.VIEWER, territory.street),
    }


def test_every_admin_model_has_a_factory_or_a_reason():
    unaccounted = [
        m._meta.label
        for m in ADMIN_MODELS
        if m not in SCOPED_ADMIN and m._meta.label not in ADMIN_STREET_WIDE
    ]
    assert unaccounted == [], "give these models an area factory, or say in ADMIN_STREET_WIDE why not"
    assert not set(ADMIN_STREET_WIDE) & {m._meta.label for m in SCOPED_ADMIN}
    assert len(SCOPED_ADMIN) >= 45


def test_admin_outside_the_scope_is_404_and_inside_it_is_shown(territory, admins):
    made = _make_admin_records(territory, admins["insider"])
    insider, outsider = Client(), Client()
    insider.force_login(admins["insider"])
    outsider.force_login(admins["outsider"])
    failures = []
    for model, obj in made.items():
        urls = _admin_urls(model, obj)
        change_link = f'href="{urls["change"]}'
        inside = insider.get(urls["changelist"])
        linked = change_link in inside.content.decode() or model._meta.label in ADMIN_LIST_NOT_LINKED
        if inside.status_code != 200 or not linked:
            failures.append(("insider list", model._meta.label, inside.status_code))
        for name in ("change", "history"):
            status = insider.get(urls[name]).status_code
            if status != 200:
                failures.append((f"insider {name}", model._meta.label, status))
        listing = outsider.get(urls["changelist"])
        if listing.status_code not in (200, 403) or change_link in listing.content.decode():
            failures.append(("outsider list", model._meta.label, listing.status_code))
        for name, url in urls.items():
            if name in ("changelist", "add"):
                continue
            status = outsider.get(url).status_code
            if status not in (403, 404):
                failures.append((f"outsider {name}", model._meta.label, status))
    assert failures == []


@pytest.mark.parametrize("who", ["outsider", "read_only"])
def test_admin_writes_from_outside_or_read_only_change_nothing(who, territory, admins):
    made = _make_admin_records(territory, admins["insider"])
    client = Client()
    client.force_login(admins[who])
    before = _tables()
    failures = []
    for model in ADMIN_MODELS:
        urls = _admin_urls(model, made.get(model))
        listing = client.get(urls["changelist"])
        if listing.status_code not in (200, 403):
            failures.append(("GET", urls["changelist"], listing.status_code))
        pks = [str(made[model].pk)] if model in made else []
        actions = {"action": "delete_selected", "_selected_action": pks, "post": "yes"}
        writes = [(urls["changelist"], actions, False), (urls["add"], {}, False)]
        writes += [(urls[n], {"post": "yes"}, True) for n in ("change", "delete", "version") if n in urls]
        for url, data, names_the_record in writes:
            status = client.post(url, data).status_code
            # The read-only user is refused (403) or shown the form again; the outsider finds nothing (404).
            if status >= 500 or (who == "outsider" and names_the_record and status not in (403, 404)):
                failures.append(("POST", url, status))
    assert failures == []
    assert _changed(before) == []


def test_the_area_tree_in_the_admin_keeps_to_the_scope(territory, admins):
    """treebeard's own views: the tree's top level, a node's children, moving a node."""
    insider, outsider = Client(), Client()
    insider.force_login(admins["insider"])
    outsider.force_login(admins["outsider"])
    top = insider.get("/admin/governance/area/").content.decode()
    assert f'href="/admin/governance/area/{territory.community_a.pk}/change/' in top
    assert f'href="/admin/governance/area/{territory.community_b.pk}/change/' not in top
    building = territory.building_a
    children = insider.get(f"/admin/governance/area/children/{building.pk}/").json()["result_html"]
    assert f"/admin/governance/area/{territory.stairwell_a.pk}/change/" in children
    theirs = outsider.get(f"/admin/governance/area/children/{building.pk}/").json()["result_html"]
    assert f"/admin/governance/area/{territory.stairwell_a.pk}/change/" not in theirs

    before = _tables()
    move = {"node": territory.stairwell_a.pk, "target": territory.building_b.pk, "relation": "child"}
    assert outsider.post("/admin/governance/area/move/", move).status_code == 404
    assert _changed(before) == []
