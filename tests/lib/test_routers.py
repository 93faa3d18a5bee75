"""The read-replica router, tested with a second alias on the same server (a stand-in for the replica)."""

import pytest
from django.db import connections
from django.test.utils import CaptureQueriesContext

from governance.lib.routers import REPLICA, replica_reads
from governance.territory.models import Area

# Committed data: the second alias is a connection of its own and must see what the test wrote.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def replica():
    """A `replica` alias: a second connection to the test database, like a replica of it."""
    connections.settings[REPLICA] = {**connections["default"].settings_dict}
    # Built from default's settings (and under its name, which the test case allows to connect).
    connections[REPLICA] = connections.create_connection("default")
    try:
        yield connections[REPLICA]
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        del connections.settings[REPLICA]


def test_reads_inside_the_block_go_to_the_replica_and_writes_stay_on_default(replica, territory):
    with replica_reads():
        assert Area.objects.all().db == REPLICA
        with CaptureQueriesContext(replica) as on_replica:
            names = set(Area.objects.values_list("name", flat=True))
        street = Area.objects.get(pk=territory.street.pk)
        assert street._state.db == REPLICA
        street.name = "梁家屯路街道（改）"
        with CaptureQueriesContext(replica) as writes_on_replica:
            street.save(update_fields=["name"])
    assert len(on_replica.captured_queries) == 1
    assert {"梁家屯社区", "西岗社区"} <= names
    assert writes_on_replica.captured_queries == []
    assert street._state.db == "default"
    assert Area.objects.get(pk=territory.street.pk).name == "梁家屯路街道（改）"
    assert Area.objects.all().db == "default"


def test_the_dashboard_reads_from_the_replica(replica, client_as, street_admin):
    client = client_as(street_admin)
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get("/")
    assert response.status_code == 200
    assert len(on_replica.captured_queries) >= 5  # the panels' counts and the menu
    # On default only what authenticates the request: the session and the user.
    tables = {
        q["sql"].split(" FROM ")[1].split()[0] for q in on_default.captured_queries if " FROM " in q["sql"]
    }
    assert tables <= {'"django_session"', '"auth_user"'}


def test_without_a_replica_everything_reads_from_default(territory):
    with replica_reads():
        assert Area.objects.all().db == "default"
