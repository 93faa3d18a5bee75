"""The access matrix, generated from the URL patterns: every page and API route that names a record, for an
outsider (community B's secretary), a read-only viewer and the insiders, against a record of community A.

Reads from outside answer 404 (or 403 where the role lacks the permission), never the record; writes from
outside or from a read-only role change nothing (every table of ours compared before and after). A new URL
that names a record fails this test until its model has an area factory or the route is listed below.
"""

import hashlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import AREA_FACTORIES, load_area_factories

load_area_factories()

PROJECT_APPS = ("governance", "partybuilding", "property", "volunteers")
# Routes naming something other than one scoped record, each with the reason it is not in the matrix.
NOT_A_RECORD = {
    "services/list/<str:code>/": "the public Service List of a community: public by design",
    "api/portal/notifications/<pk>/": "a user's own notification (owner-scoped, tested in test_api_scope)",
    "api/territory/my-assignments/<pk>/": "a user's own assignment (owner-scoped, tested in test_api_scope)",
    "notifications/<int:pk>/": "a user's own notification (owner-scoped)",
    "notifications/<int:pk>/read/": "a user's own notification (owner-scoped)",
    "api/portal/notifications/<pk>/read/": "a user's own notification (owner-scoped)",
    "services/list/<int:area_pk>/": "the public Service List of a community: public by design",
    "r/<int:community_pk>/": "the residents' public intake of a community: public by design (tests/volunteers/"
    "test_resident_pages.py)",
    "r/<int:community_pk>/needs/": "the public Needs List of a community: public by design, no personal data",
    "r/<int:community_pk>/poster/": "the QR poster of a community's public intake: public by design",
    "r/<int:community_pk>/poster/<int:building_pk>/": "the QR poster of a building: public by design",
    "r/confirm/<str:token>/": "a resident's pending report, named by a signed token, not a scoped record",
    "r/receipt/<str:token>/": "a resident's receipt, named by a signed token, not a scoped record",
    "r/rate/<str:token>/": "a resident's rating link, signed and expiring (tampered and expired: tests/volunteers)",
    "services/needs/report-photos/<int:pk>/": "a resident's photo, served through its need (in and out of scope: "
    "tests/volunteers/test_resident_pages.py)",
    "media/<path>": "uploaded files served by the development server only (DEBUG)",
    "cases/photos/<int:pk>/": "a case photo, served through its case (protected downloads are their own test)",
    "party/meetings/attachments/<int:pk>/": "a meeting's file, served through its meeting (tests/partybuilding/"
    "test_downloads.py: in scope, out of scope 404, no role, anonymous)",
    "reports/<int:pk>/download/": "a report's document, which exists only once rendered (downloads within and "
    "outside scope: tests/reports/test_views.py)",
    "imports/<slug:roster>/export/": "a roster, not a record: the rows are the user's scope (tests/dataimport)",
    "imports/<slug:roster>/template/": "a roster's template, drop-downs from the user's scope (tests/dataimport)",
    "imports/<slug:roster>/upload/": "a roster's upload (tests/dataimport)",
    "imports/batch/<int:pk>/": "a user's own import (another user's is 404: tests/dataimport/test_access.py)",
    "imports/batch/<int:pk>/checked.xlsx": "a user's own import (tests/dataimport/test_access.py)",
    "imports/batch/<int:pk>/confirm/": "a user's own import (tests/dataimport/test_access.py)",
    "imports/batch/<int:pk>/undo/": "a user's own import (tests/dataimport/test_access.py)",
    "open311/v2/services/<str:service_code>.json": "Open311: a public service definition (a category)",
    "open311/v2/requests/<str:service_request_id>.json": "Open311: a request's public status by receipt number, "
    "nothing personal (tests/volunteers/test_open311.py)",
    "open311/v2/tokens/<str:token>.json": "Open311: a signed token's request id (tests/volunteers/test_open311.py)",
}
# Routes whose `pk` names a record of another model than the view's own (a form adding a child record).
PK_MODEL = {
    "property/cooperatives/<int:pk>/agreements/new/": ("property", "Cooperative"),
    "property/cooperatives/<int:pk>/members/new/": ("property", "Cooperative"),
}
WRITE_METHODS = ("post", "put", "patch", "delete")
# Pages that name no record but act on records the user picks (the header's search, the batch actions): they
# are listed here so that each has its outsider test, beside the generated matrix.
PAGES_OVER_RECORDS = {
    "search/": "tests/portal/test_search.py (scope per kind, numbers only for permitted roles)",
    "services/needs/batch/": "tests/lib/test_batch.py (another community's rows: 404, nothing changed)",
    "services/records/batch/": "tests/lib/test_batch.py",
    "party/actions/batch/": "tests/lib/test_batch.py",
}


def _walk(resolver, prefix=""):
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def _normal(route: str) -> str:
    """A route as people write it: DRF's regex `(?P<pk>[^/.]+)` shown as `<pk>`."""
    import re

    route = route.replace("^", "").replace("$", "")
    return re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", route)


def _view_model(pattern):
    view = getattr(pattern.callback, "view_class", None) or getattr(pattern.callback, "cls", None)
    if view is None:
        return None
    model = getattr(view, "model", None)
    if model is None and getattr(view, "queryset", None) is not None:
        model = view.queryset.model
    return model


def record_routes():
    """(route, model, url parameter) for every route whose only parameter names one record."""
    routes, unknown = [], []
    for raw, pattern in _walk(get_resolver()):
        route = _normal(raw)
        if route.startswith("admin/") or "<" not in route or "format" in raw:
            continue
        if route in NOT_A_RECORD:
            continue
        params = [p.split(":")[-1] for p in __import__("re").findall(r"<([^>]+)>", route)]
        model = apps.get_model(*PK_MODEL[route]) if route in PK_MODEL else _view_model(pattern)
        if params[0] == "pk" and model in AREA_FACTORIES:
            routes.append((route, model, params[1:]))
        else:
            unknown.append(route)
    return sorted(routes, key=lambda r: r[0]), sorted(set(unknown))


ROUTES, UNKNOWN = record_routes()


def checksum() -> str:
    digest = hashlib.sha256()
    for app in PROJECT_APPS:
        for model in apps.get_app_config(app).get_models():
            rows = model._base_manager.order_by("pk").values_list()
            digest.update(f"{model._meta.label}:{list(rows)!r}".encode())
    return digest.hexdigest()


def _url(route: str, pk: int, extra: list[str]) -> str:
    import re

    url = re.sub(r"<(int:)?pk>", str(pk), route, count=1)
    for name in extra:  # a move's name or similar: any value; outside the scope the record is not found first
        url = re.sub(rf"<(\w+:)?{name}>", "x", url)
    return "/" + url


def test_every_route_naming_a_record_is_in_the_matrix():
    assert UNKNOWN == [], "give these routes' models an area factory, or list them in NOT_A_RECORD"
    assert len(ROUTES) > 60


def test_pages_over_records_exist_and_ask_anonymous_to_log_in(client, territory):
    routes = {_normal(raw) for raw, _pattern in _walk(get_resolver())}
    before = checksum()
    for route in PAGES_OVER_RECORDS:
        assert route in routes
        for method in ("get", "post"):
            response = getattr(client, method)("/" + route, {"q": "梁", "batch": "assign", "ids": ["1"]})
            assert response.status_code == 302 and response["Location"].startswith("/login/"), route
    assert checksum() == before


def test_insiders_reach_every_route(territory, secretary_a, client_as, api_as):
    """The matrix's URLs are real: community A's secretary never gets a 404 or a server error reading them."""
    client, api = client_as(secretary_a), api_as(secretary_a)
    made = {}
    failures = []
    for route, model, extra in ROUTES:
        if model not in made:
            made[model] = AREA_FACTORIES[model](territory.stairwell_a)
        url = _url(route, made[model].pk, extra)
        status = (api if route.startswith("api/") else client).get(url).status_code
        if status == 404 or status >= 500:
            failures.append((url, status))
    assert failures == []


@pytest.mark.parametrize("role", ["secretary_b", "viewer"])
def test_outsiders_and_read_only_roles_read_nothing_outside_and_change_nothing(
    role, request, territory, client_as, api_as
):
    user = request.getfixturevalue(role)
    client = client_as(user)
    api = api_as(user)
    made = {}
    for _route, model, _extra in ROUTES:
        if model not in made:
            made[model] = AREA_FACTORIES[model](territory.stairwell_a)
    before = checksum()
    failures = []
    for route, model, extra in ROUTES:
        url = _url(route, made[model].pk, extra)
        caller = api if route.startswith("api/") else client
        read = caller.get(url)
        if role == "secretary_b" and read.status_code not in (403, 404, 405):
            failures.append(("GET", url, read.status_code))
        if role == "viewer" and read.status_code >= 500:
            failures.append(("GET", url, read.status_code))
        for method in WRITE_METHODS:
            response = getattr(caller, method)(url, {})
            # Outside the scope a write is refused before anything else. A read-only role inside the scope
            # may see a refusal in several shapes (403, a form shown again with the service's reason, an
            # unknown move's 404); what holds for both is checked below: no table changed.
            refused = response.status_code in (403, 404, 405) or (
                role == "viewer" and response.status_code < 500
            )
            if not refused:
                failures.append((method.upper(), url, response.status_code))
    assert failures == []
    assert checksum() == before
