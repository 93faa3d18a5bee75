"""The demo data: every stage of the status machine is shown, and a second run changes nothing."""

from django.core.management import call_command

from governance.models import CaseEvent, EnforcementCase, EnforcementDepartment, Summons


def test_seed_demo_is_idempotent(db):
    call_command("seed_demo", verbosity=0)
    counts = (
        EnforcementDepartment.objects.count(),
        EnforcementCase.objects.count(),
        Summons.objects.count(),
        CaseEvent.objects.count(),
    )
    assert counts[:2] == (6, 10)
    assert set(EnforcementCase.objects.values_list("status", flat=True)) == {
        "raised",
        "summoned",
        "on_site",
        "acted",
        "verified",
        "closed",
        "dropped",
    }
    call_command("seed_demo", verbosity=0)
    assert (
        EnforcementDepartment.objects.count(),
        EnforcementCase.objects.count(),
        Summons.objects.count(),
        CaseEvent.objects.count(),
    ) == counts
