"""Names stay in scope like rows: no page or API list a secretary of community B opens names community A.

Filter drop-downs and form choices are built from querysets; each must go through `visible_to(user)`.
The test renders every page without URL arguments and every API list as secretary B, once before and once
after a record of every scoped model was made in community A, and looks for A's names in what changed.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from config.api import router
from tests.factories import AREA_FACTORIES, load_area_factories

load_area_factories()

SKIP_PREFIXES = ("admin/", "i18n/", "api/", "accounts/logout", "logout")


def _page_urls(resolver=None, prefix=""):
    """Every page URL without arguments (the list pages, dashboards and forms a user opens first)."""
    resolver = resolver or get_resolver()
    urls = []
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIP_PREFIXES):
            continue
        if isinstance(pattern, URLResolver):
            urls += _page_urls(pattern, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and "(?P" not in route:
            urls.append("/" + route.lstrip("^").rstrip("$"))
    return sorted(set(urls))


PAGE_URLS = _page_urls()
API_LISTS = [f"/api/{prefix}/" for prefix, _viewset, _basename in router.registry]


def _render_all(client, api) -> dict[str, str]:
    bodies = {}
    for url in PAGE_URLS:
        response = client.get(url)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            bodies[url] = response.content.decode()
    for url in API_LISTS:
        response = api.get(url, {"page_size": 200})
        if response.status_code == 200:
            bodies[url] = response.content.decode()
    return bodies


def test_the_page_walk_covers_the_list_pages():
    for url in ("/residents/", "/services/needs/", "/cases/", "/party/meetings/", "/property/complaints/"):
        assert url in PAGE_URLS


@pytest.mark.django_db
def test_no_name_of_community_a_reaches_a_secretary_of_community_b(territory, secretary_b, client_as, api_as):
    client, api = client_as(secretary_b), api_as(secretary_b)
    before = _render_all(client, api)
    assert len(before) > 40  # pages and API lists secretary B may open at all

    names = {territory.community_a.name}
    for make in AREA_FACTORIES.values():
        obj = make(territory.stairwell_a)
        for attr in ("name", "title", "requester_name", "description"):
            value = getattr(obj, attr, None)
            if isinstance(value, str) and len(value) >= 2:
                names.add(value)
    assert len(names) > 10

    after = _render_all(client, api)
    leaks = [
        (url, name)
        for url, html in after.items()
        for name in names
        if name in html and name not in before.get(url, "")
    ]
    assert leaks == []
    assert territory.community_a.name not in "".join(after.values())
