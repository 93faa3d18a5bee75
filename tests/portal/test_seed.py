from django.core.management import call_command

from governance.models import Area, Assignment, Resident


def test_seed_demo_builds_the_street_and_a_second_run_changes_nothing(db):
    call_command("seed_demo", verbosity=0)
    counts = (Area.objects.count(), Resident.objects.count(), Assignment.objects.count())
    assert Area.objects.get(depth=2).name == "梁家屯路街道"
    assert counts[1] >= 300
    call_command("seed_demo", verbosity=0)
    assert (Area.objects.count(), Resident.objects.count(), Assignment.objects.count()) == counts
