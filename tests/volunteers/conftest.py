import pytest

from tests.volunteers.factories import ensure_reference_data


@pytest.fixture(autouse=True)
def reference_data(request):
    """Deadlines and categories as the data migration seeds them (re-made after a transactional flush)."""
    if "transactional_db" in request.fixturenames or "live_server" in request.fixturenames:
        request.getfixturevalue("transactional_db")
    else:
        request.getfixturevalue("db")
    ensure_reference_data()


@pytest.fixture(autouse=True)
def english_messages():
    """Service-level assertions read the English msgids; Chinese is checked where it is the point."""
    from django.utils import translation

    with translation.override("en"):
        yield
