"""The stored community and grid paths on the big tables: kept by every write, used by every scoped list."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.lib import bulk
from governance.lib.scope import ScopePrefixField
from governance.models import Area, Resident
from governance.residents.services import resident_update
from partybuilding.models import FollowUpAction, Meeting
from tests.factories import make_resident
from volunteers.models import Need, ServiceRecord


def _cut(area, level):
    return area.path[: Area.path_length(level)]


def test_every_big_table_keeps_its_community_and_grid():
    for model in (Resident, Need, ServiceRecord, Meeting, FollowUpAction):
        names = {f.name for f in model._meta.concrete_fields if isinstance(f, ScopePrefixField)}
        assert names == {"community_path", "grid_path"}, model
    from governance.models import EnforcementCase

    assert {f.name for f in EnforcementCase._meta.concrete_fields if isinstance(f, ScopePrefixField)} == {
        "community_path",
        "grid_path",
    }


def test_saving_a_record_cuts_its_places_path(territory):
    resident = make_resident(territory.stairwell_a)
    resident.refresh_from_db()
    assert resident.community_path == territory.community_a.path
    assert resident.grid_path == territory.grid_a.path


def test_a_record_placed_above_a_level_stores_no_path_for_it(territory):
    meeting = Meeting.objects.create(
        kind="grassroots_council",
        title="联席会",
        area=territory.community_a,
        held_at=datetime.datetime(2026, 5, 1, 9, tzinfo=datetime.UTC),
    )
    meeting.refresh_from_db()
    assert meeting.community_path == territory.community_a.path
    assert meeting.grid_path is None


def test_moving_a_resident_moves_the_stored_paths(territory):
    resident = make_resident(territory.stairwell_a)
    resident = resident_update(
        user=None, resident=resident, area=territory.stairwell_b, room="102", name=resident.name
    )
    resident.refresh_from_db()
    assert (resident.community_path, resident.grid_path) == (
        territory.community_b.path,
        territory.grid_b.path,
    )


def test_copy_and_bulk_update_keep_the_paths(territory):
    resident = make_resident(territory.stairwell_a)
    [row] = Resident.objects.filter(pk=resident.pk).values()
    household = resident.household
    Resident.objects.filter(pk=resident.pk).delete()
    household_copy = {k: v for k, v in row.items() if k not in ("community_path", "grid_path")}
    household_copy["id_number"] = None
    bulk.insert_rows(Resident, [household_copy])
    copied = Resident.objects.get(pk=resident.pk)
    assert (copied.community_path, copied.grid_path) == (territory.community_a.path, territory.grid_a.path)
    assert copied.household == household

    copied.area = territory.stairwell_b
    bulk.update_with_history(Resident, [copied], ["area"], user=None)
    copied.refresh_from_db()
    assert (copied.community_path, copied.grid_path) == (territory.community_b.path, territory.grid_b.path)


def test_moving_a_grid_recuts_the_records_below_it(territory, secretary_a, secretary_b):
    resident = make_resident(territory.stairwell_a)
    neighbour = make_resident(territory.stairwell_b)
    assert Resident.objects.visible_to(secretary_a).filter(pk=resident.pk).exists()
    # First child: the grid already there is shifted to make room, and its rows follow it too.
    Area.objects.move(territory.grid_a, territory.community_b, "first-child")
    for person, grid in ((resident, territory.grid_a), (neighbour, territory.grid_b)):
        person.refresh_from_db()
        grid.refresh_from_db()
        assert (person.community_path, person.grid_path) == (territory.community_b.path, grid.path)
    assert territory.grid_a.path < territory.grid_b.path  # the move did shift the old grid
    assert not Resident.objects.visible_to(secretary_a).filter(pk=resident.pk).exists()
    assert Resident.objects.visible_to(secretary_b).filter(pk=resident.pk).exists()


def test_a_secretarys_scope_is_an_equality_on_the_stored_path(
    territory, secretary_a, grid_worker, street_staff
):
    make_resident(territory.stairwell_a)
    sql = str(Resident.objects.visible_to(secretary_a).query)
    assert f'"community_path" = {territory.community_a.path}' in sql
    assert "governance_area" not in sql  # no join to the territory
    sql = str(Resident.objects.visible_to(grid_worker).query)
    assert f'"grid_path" = {territory.grid_a.path}' in sql
    # A street's staff keep the prefix match (no street column: at that level the scope is not selective).
    assert "LIKE" in str(Resident.objects.visible_to(street_staff).query)


def test_figures_within_a_community_use_the_stored_path(territory):
    make_resident(territory.stairwell_a)
    make_resident(territory.stairwell_b)
    with CaptureQueriesContext(connection) as ctx:
        assert Resident.objects.within(territory.community_a).count() == 1
    assert "community_path" in ctx.captured_queries[0]["sql"]
    assert Resident.objects.within(territory.street).count() == 2
    assert Resident.objects.within(territory.stairwell_b).count() == 1


@pytest.mark.django_db
def test_the_migration_fills_existing_rows(territory):
    """The migration's step, run on rows whose paths were never cut (as before this column existed)."""
    from django.db.migrations.executor import MigrationExecutor

    from governance.lib.scope import fill_prefixes

    resident = make_resident(territory.stairwell_a)
    Resident.objects.filter(pk=resident.pk).update(community_path=None, grid_path=None)
    state = MigrationExecutor(connection).loader.project_state()
    with connection.schema_editor() as editor:
        fill_prefixes("governance", "resident").code(state.apps, editor)
    resident.refresh_from_db()
    assert (resident.community_path, resident.grid_path) == (
        territory.community_a.path,
        territory.grid_a.path,
    )
