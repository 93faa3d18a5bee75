"""The admin pages of street staff open for a street administrator, with history."""

import pytest
from django.urls import reverse

from governance.models import Evaluation
from tests.staff.factories import _evaluation, _post, make_staff

MODELS = [
    "department",
    "staffmember",
    "leadershipportfolio",
    "post",
    "absence",
    "evaluation",
    "frontlineinspection",
]


@pytest.mark.parametrize("model", MODELS)
def test_changelists_open(territory, street_admin, client_as, model):
    _post(territory.stairwell_a)
    _evaluation(territory.stairwell_a)
    response = client_as(street_admin).get(reverse(f"admin:governance_{model}_changelist"))
    assert response.status_code == 200


def test_history_of_a_staff_record(territory, street_admin, client_as):
    staff = make_staff(territory.street)
    response = client_as(street_admin).get(reverse("admin:governance_staffmember_history", args=[staff.pk]))
    assert response.status_code == 200


def test_admin_cannot_change_evaluation_status_by_hand(territory, street_admin, client_as):
    evaluation = _evaluation(territory.stairwell_a)
    response = client_as(street_admin).get(
        reverse("admin:governance_evaluation_change", args=[evaluation.pk])
    )
    assert 'name="status"' not in response.content.decode()
    assert Evaluation.objects.get().status == "pending"
