"""seed_scale: the large street for the benchmark, built once (small) for this module and rolled back after."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from governance.enforcement.models import EnforcementCase, Summons
from governance.lib.validators import id_birth_date, id_gender, validate_id_number
from governance.management.commands.seed_scale import build_community, sizes
from governance.models import Area, Resident
from governance.territory.choices import AreaLevel
from partybuilding.models import FollowUpAction, Meeting
from property.models import FeeRecord, PropertyCompany
from tests.factories import UserFactory
from volunteers.models import Need, NeedEvent, ServiceRecord

DAY = datetime.date(2026, 11, 30)


def _build(residents: int, seed: int) -> dict:
    call_command("seed_scale", residents=residents, seed=seed, today=DAY, stdout=io.StringIO())
    generated = Area.objects.filter(depth=AreaLevel.COMMUNITY, name__startswith="生成").order_by("path")
    return {
        "communities": list(generated),
        "residents": list(
            Resident.objects.filter(area__path__startswith=generated[0].path)
            .order_by("id")
            .values_list("name", "gender", "birth_date", "household__room", "area__name")
        ),
    }


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield _build(400, seed=7)
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _in(community):
    return {"area__path__startswith": community.path}


def test_sizes_follow_the_real_streets_proportions():
    communities, size = sizes(300_000)
    assert communities == 8
    assert size["residents"] == 37_500
    assert (size["needs"], size["cases"], size["meetings"], size["service_records"]) == (
        24_938,
        2_494,
        1_249,
        12_750,
    )
    # 8 grids × 10 buildings × 4 stairwells, 80 months of fees per building: 51,200 fee rows in all
    assert (
        size["grids"],
        size["buildings_per_grid"],
        size["stairwells_per_building"],
        size["fee_months"],
    ) == (
        8,
        10,
        4,
        80,
    )


def test_every_generated_community_has_its_share_of_every_table(seeded, db):
    communities = seeded["communities"]
    assert [c.name for c in communities] == ["生成01社区", "生成02社区"]
    _count, size = sizes(400)
    for community in communities:
        assert Resident.objects.filter(**_in(community)).count() == 200
        assert Need.objects.filter(**_in(community)).count() == size["needs"] == 133
        assert EnforcementCase.objects.filter(**_in(community)).count() == size["cases"] == 13
        assert Meeting.objects.filter(**_in(community)).count() == size["meetings"] == 7
        assert FollowUpAction.objects.filter(**_in(community)).count() == 14
        assert ServiceRecord.objects.filter(**_in(community)).count() == size["service_records"] == 68
        buildings = Area.objects.filter(depth=AreaLevel.BUILDING, path__startswith=community.path).count()
        assert FeeRecord.objects.filter(**_in(community)).count() == buildings * size["fee_months"]
    assert Summons.objects.filter(case__area__path__startswith=communities[0].path).exists()


def test_communities_are_loaded_one_after_another(seeded, db):
    first, second = seeded["communities"]
    for model in (Resident, Need, EnforcementCase):
        ids_first = model.objects.filter(**_in(first)).values_list("id", flat=True)
        ids_second = model.objects.filter(**_in(second)).values_list("id", flat=True)
        assert max(ids_first) < min(ids_second)


def test_generated_residents_pass_the_id_number_rules(seeded, db):
    residents = Resident.objects.filter(**_in(seeded["communities"][0])).exclude(id_number=None)
    assert residents.count() > 150
    for r in residents:
        validate_id_number(r.id_number)
        assert id_birth_date(r.id_number) == r.birth_date
        assert id_gender(r.id_number) == r.gender


def test_each_needs_timeline_ends_in_its_status(seeded, db):
    needs = Need.objects.filter(**_in(seeded["communities"][0]))
    last = {}
    for event in NeedEvent.objects.filter(need__in=needs).order_by("at", "id"):
        last[event.need_id] = event.to_status
    assert last == dict(needs.values_list("id", "status"))
    assert {"declined", "closed", "rated"} <= set(last.values())
    assert NeedEvent.objects.filter(need__in=needs, move="reopen").exists()


def test_the_same_seed_gives_the_same_community(seeded, django_db_blocker):
    first = seeded["communities"][0]
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            # The new community takes the first one's name and its company the credit code.
            Area.objects.filter(pk=first.pk).update(name="旧社区")
            PropertyCompany.objects.filter(credit_code__contains="SCALE").update(
                credit_code=Replace("credit_code", Value("SCALE"), Value("OLDSC"))
            )
            now = timezone.make_aware(datetime.datetime.combine(DAY, datetime.time(12)))
            _count, size = sizes(400)
            ctx = build_community(
                street=Area.objects.get(pk=first.parent_id), index=1, size=size, now=now, seed=7
            )
            again = list(
                Resident.objects.filter(area__path__startswith=ctx["community"].path)
                .order_by("id")
                .values_list("name", "gender", "birth_date", "household__room", "area__name")
            )
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
    # The same people in the same rooms (their ID numbers avoid those already in the database, so a second
    # build beside the first draws others; on an empty database they are the same too).
    assert len(again) == 200
    assert again == seeded["residents"]


def test_a_second_run_is_refused(seeded, db):
    before = Area.objects.count()
    with pytest.raises(CommandError, match="already here"):
        call_command("seed_scale", residents=400, stdout=io.StringIO())
    assert Area.objects.count() == before


def test_a_database_with_real_accounts_is_refused(db):
    UserFactory(username="wang.lei", email="wang.lei@jiedao.gov.cn")
    before = Area.objects.count()
    with pytest.raises(CommandError, match="1 user accounts"):
        call_command("seed_scale", residents=400, stdout=io.StringIO())
    assert Area.objects.count() == before
