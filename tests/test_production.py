"""The production shape in-process: static files collected into a manifest, every page 200 with DEBUG off."""

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.test import override_settings

from governance.lib.registry import visible_nav

pytestmark = pytest.mark.django_db

# The manifest is what failed in production (a vendored file naming a missing source map); WhiteNoise's
# compression on top costs minutes of CPU here, so this test leaves it out and `.ci/run` runs the real one.
MANIFEST = {
    **django_settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """`collectstatic` into a manifest, strict about every file a stylesheet or script refers to."""
    root = tmp_path_factory.mktemp("staticfiles")
    with override_settings(STATIC_ROOT=root, STORAGES=MANIFEST):
        call_command("collectstatic", interactive=False, verbosity=0)
    assert (root / "staticfiles.json").exists()
    return root


@pytest.fixture
def production(settings, collected_static):
    settings.DEBUG = False
    settings.STATIC_ROOT = collected_static
    settings.STORAGES = MANIFEST
    settings.WHITENOISE_AUTOREFRESH = False
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP, like an intranet without TLS


@pytest.mark.parametrize(
    "persona", ["street_admin", "street_staff", "secretary_a", "grid_worker", "viewer"], ids=str
)
def test_every_navigation_page_renders_under_debug_off(production, request, client, persona):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    urls = ["/", *(item.url for section in visible_nav(user) for item in section["items"])]
    assert len(urls) > 3
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "/static/vendor/bootstrap-5.3.9/bootstrap.min." in response.content.decode()


def test_the_hashed_static_files_are_served(production, client):
    from django.templatetags.static import static

    url = static("vendor/bootstrap-5.3.9/bootstrap.min.css")
    assert url != "/static/vendor/bootstrap-5.3.9/bootstrap.min.css"  # the manifest's hashed name
    assert client.get("/login/").status_code == 200
    response = client.get(url)
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
