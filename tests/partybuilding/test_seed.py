"""seed_demo fills party building for the demo street, and a second run changes nothing."""

import io

from django.core.management import call_command

from partybuilding.models import (
    CommitteeSeat,
    CommunityCheckIn,
    FollowUpAction,
    JointCommittee,
    Meeting,
    PartyMember,
    PartyOrganisation,
    Pledge,
    PledgeDelivery,
    ResidentUnit,
    SupervisionPost,
)

MODELS = [
    PartyOrganisation,
    PartyMember,
    ResidentUnit,
    JointCommittee,
    CommitteeSeat,
    Meeting,
    FollowUpAction,
    Pledge,
    PledgeDelivery,
    SupervisionPost,
    CommunityCheckIn,
]


def test_seed_demo_is_believable_and_idempotent(db):
    call_command("seed_demo", stdout=io.StringIO())
    first = {m.__name__: m.objects.count() for m in MODELS}
    # Four levels: 1 district committee, 1 street working committee, 4 communities, 10 grid branches;
    # plus the 8 resident units' own organisations.
    assert PartyOrganisation.objects.filter(level__isnull=False).count() == 16
    assert first["ResidentUnit"] == 8
    assert first["JointCommittee"] == 5
    assert first["Meeting"] == 20
    assert FollowUpAction.objects.filter(status="done").count() == 8
    assert all(n > 0 for n in first.values()), first
    call_command("seed_demo", stdout=io.StringIO())
    assert {m.__name__: m.objects.count() for m in MODELS} == first
