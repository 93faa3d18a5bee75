"""The admin: every party-building model lists for the street administrator; level rules hold there too."""

import pytest
from django.urls import reverse

from partybuilding import models
from partybuilding.choices import OrgLevel
from tests.partybuilding.factories import make_action, make_pledge, make_post, make_seat, org_chain

MODELS = [
    models.ResidentUnit,
    models.PartyOrganisation,
    models.PartyMember,
    models.CommunityCheckIn,
    models.JointCommittee,
    models.Meeting,
    models.FollowUpAction,
    models.Pledge,
    models.SupervisionPost,
]


@pytest.mark.parametrize("model", MODELS, ids=[m.__name__ for m in MODELS])
def test_admin_changelists_render(model, territory, street_admin, client_as):
    make_seat(territory.stairwell_a)
    make_action(territory.stairwell_a, owner=street_admin)
    make_pledge(territory.stairwell_a)
    make_post(territory.stairwell_a)
    url = reverse(f"admin:partybuilding_{model._meta.model_name}_changelist")
    assert client_as(street_admin).get(url).status_code == 200


def test_admin_adds_an_organisation_one_level_below_its_parent(territory, street_admin, client_as):
    chain = org_chain(territory.grid_a)
    client = client_as(street_admin)
    url = reverse("admin:partybuilding_partyorganisation_add")
    bad = client.post(
        url,
        {
            "name": "跳级支部",
            "level": OrgLevel.GRID_BRANCH,
            "area": territory.grid_b.pk,
            "parent": chain[OrgLevel.STREET_WORKING_COMMITTEE].pk,
        },
    )
    assert bad.status_code == 200
    assert "党组织的层级必须比上级组织低一级。" in bad.content.decode()
    good = client.post(
        url,
        {
            "name": "西岗社区第一网格党支部",
            "level": OrgLevel.GRID_BRANCH,
            "area": territory.grid_b.pk,
            "parent": org_chain(territory.grid_b)[OrgLevel.COMMUNITY_ORGANISATION].pk,
        },
    )
    assert good.status_code == 302
    assert models.PartyOrganisation.objects.get(name="西岗社区第一网格党支部").parent_level == 3
