"""The admin pages of joint enforcement open for an administrator and read in Chinese."""

import pytest
from django.urls import reverse

from governance.enforcement import services
from tests.enforcement.factories import make_case, make_department


@pytest.mark.parametrize("model", ["enforcementdepartment", "casecategory", "enforcementcase", "summons"])
def test_admin_changelists_and_change_pages(model, territory, street_admin, client_as):
    department = make_department(territory.street, "城管执法队")
    case = make_case(territory.grid_a)
    [summons] = services.case_summon(user=street_admin, case=case, departments=[department])
    client = client_as(street_admin)
    assert client.get(reverse(f"admin:governance_{model}_changelist")).status_code == 200
    obj = {
        "enforcementdepartment": department,
        "casecategory": case.category,
        "enforcementcase": case,
        "summons": summons,
    }[model]
    assert client.get(reverse(f"admin:governance_{model}_change", args=[obj.pk])).status_code == 200
