"""A generated test over every write the API router exposes: each needs its one model permission.

The rule is stated here again, independently of governance.lib.permissions: create and collection
actions need `add_<model>`, destroy `delete_<model>`, every other write on one record
`change_<model>`, unless listed in DECLARED with the reason. A new viewset or action is walked
automatically: one that lets a user through on `add` alone, or asks for a permission not written
here, fails.
"""

from typing import NamedTuple

import pytest
from django.apps import apps
from django.contrib.auth.models import Permission
from rest_framework.permissions import SAFE_METHODS

from config.api import router
from governance.lib.permissions import ModelPermissions
from governance.lib.roles import PROJECT_APPS
from governance.models import Assignment
from governance.territory.choices import Role
from partybuilding.models import MemberFileEntry, MemberTransfer
from property.choices import ComplaintStatus
from property.models import Complaint
from tests.factories import AREA_FACTORIES, UserFactory, load_area_factories
from tests.partybuilding.factories import make_member, org_chain

load_area_factories()

OWNER_SCOPED = {"my-assignment", "notification"}  # the user's own records: being logged in is enough

# Writes that need something other than the rule, and why (the page asks for the same).
DECLARED = {
    # Summoning and photos add records of their own to the case.
    ("enforcement-case", "summon"): "governance.add_summons",
    ("enforcement-case", "photos"): "governance.add_casephoto",
    # Escalating raises a joint-enforcement case.
    ("need", "escalate"): "governance.add_enforcementcase",
    # Showing full numbers is personal data, logged.
    ("resident", "reveal"): "governance.view_resident_pii",
    ("need", "reveal"): "governance.view_resident_pii",
    # Finding a resident by number confirms the number: personal data too, logged.
    ("resident", "search"): "governance.view_resident_pii",
    # The move table decides: an evaluator submits, someone with change_evaluation confirms.
    ("staff-evaluation", "move"): "governance.view_evaluation",
}


# Routed writes the schema leaves out, because they answer 405 whatever is sent, and why.
NOT_IN_SCHEMA = {
    ("party-action", "create"): "follow-up actions are created with their meeting's decisions",
    ("summons", "create"): "summonses are made by a case's `summon` action",
    ("staff-evaluation", "create"): "evaluations are opened a quarter at a time (`open-quarter`)",
}


class Write(NamedTuple):
    """One routed write: `url` has `{pk}` where a record's id goes."""

    basename: str
    viewset: type
    method: str
    action: str
    url: str
    detail: bool

    @property
    def model(self):
        return self.viewset.queryset.model


def _writes() -> list[Write]:
    found = []
    for prefix, viewset, basename in router.registry:
        for route in router.get_routes(viewset):
            for method, action in route.mapping.items():
                if method.upper() in SAFE_METHODS or method not in viewset.http_method_names:
                    continue
                if not hasattr(viewset, action):
                    continue
                url = "/api/" + route.url.strip("^$").format(prefix=prefix, lookup="{pk}", trailing_slash="/")
                found.append(Write(basename, viewset, method, action, url, route.detail))
    return found


WRITES = _writes()
MODEL_WRITES = [w for w in WRITES if w.basename not in OWNER_SCOPED]
DETAIL_WRITES = [w for w in MODEL_WRITES if w.detail]
COLLECTION_WRITES = [w for w in MODEL_WRITES if not w.detail]


def _id(write: Write) -> str:
    return f"{write.method.upper()} {write.url}"


def _perm(model, action):
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def expected_permission(write: Write) -> str:
    if (write.basename, write.action) in DECLARED:
        return DECLARED[(write.basename, write.action)]
    if write.action == "destroy":
        return _perm(write.model, "delete")
    return _perm(write.model, "change" if write.detail else "add")


@pytest.fixture
def user_with(territory):
    """`user_with(*perms)`: a user who sees the whole street and holds exactly `perms`, nothing else."""

    def make(*perms):
        user = UserFactory()
        # An assignment without its role's group: the scope of a street, none of the role's permissions.
        Assignment.objects.create(user=user, role=Role.VIEWER, area=territory.street)
        for full in perms:
            app_label, codename = full.split(".")
            user.user_permissions.add(
                Permission.objects.get(content_type__app_label=app_label, codename=codename)
            )
        return user

    return make


def _state(obj=None):
    """The row's own values and how many rows every model of ours has: what a write could change."""
    counts = {
        m._meta.label: m._base_manager.count() for m in apps.get_models() if m._meta.app_label in PROJECT_APPS
    }
    row = type(obj)._base_manager.filter(pk=obj.pk).values().get() if obj is not None else None
    return row, counts


def _call(api, method: str, url: str):
    return getattr(api, method)(url, {}, format="json")


def test_every_viewset_checks_model_permissions():
    for _prefix, viewset, basename in router.registry:
        if basename in OWNER_SCOPED:
            continue
        assert ModelPermissions in viewset.permission_classes, basename


def test_declared_permissions_are_the_ones_listed_here():
    declared = {}
    for _prefix, viewset, basename in router.registry:
        model = viewset.queryset.model
        for action, perm in getattr(viewset, "action_permissions", {}).items():
            declared[(basename, action)] = perm if "." in perm else _perm(model, perm)
    assert declared == DECLARED


@pytest.mark.parametrize("write", DETAIL_WRITES, ids=_id)
def test_detail_write_refused_to_who_may_only_add(write, territory, user_with, api_as):
    obj = AREA_FACTORIES[write.model](territory.stairwell_a)
    held = {_perm(write.model, "view"), _perm(write.model, "add")}
    api = api_as(user_with(*held))
    before = _state(obj)
    response = _call(api, write.method, write.url.format(pk=obj.pk))
    if expected_permission(write) in held:
        # Declared above to need no more than this: the service refuses an empty request instead.
        assert response.status_code == 400, response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["error"]["code"] == "permission_denied"
    assert _state(obj) == before


@pytest.mark.parametrize("write", COLLECTION_WRITES, ids=_id)
def test_collection_write_refused_to_who_may_only_view(write, territory, user_with, api_as):
    AREA_FACTORIES[write.model](territory.stairwell_a)
    api = api_as(user_with(_perm(write.model, "view")))
    before = _state()
    response = _call(api, write.method, write.url)
    assert response.status_code == 403, response.content
    assert _state() == before


@pytest.mark.parametrize("write", MODEL_WRITES, ids=_id)
def test_write_passes_with_its_permission(write, territory, user_with, api_as):
    """The permission named above is enough to get past the check (the request itself may be wrong)."""
    obj = AREA_FACTORIES[write.model](territory.stairwell_a)
    api = api_as(user_with(_perm(write.model, "view"), expected_permission(write)))
    response = _call(api, write.method, write.url.format(pk=obj.pk))
    assert response.status_code != 403, response.content


# ------------------------------------------------------------------------ the grid worker's complaint


def _answered_complaint(territory, secretary_a):
    from property import services

    complaint = AREA_FACTORIES[Complaint](territory.stairwell_a)
    return services.complaint_answer(
        user=secretary_a, complaint=complaint, answer="明日修", on=complaint.received_on
    )


@pytest.mark.parametrize(
    ("move", "payload", "status"),
    [
        ("answer", {"answer": "已答复", "on": "2026-11-03"}, ComplaintStatus.RECEIVED),
        ("resolve", {"resolution": "已修", "on": "2026-11-04", "satisfaction": 5}, ComplaintStatus.ANSWERED),
    ],
)
def test_grid_worker_may_record_complaints_but_not_move_them(
    move, payload, status, territory, grid_worker, secretary_a, api_as
):
    if status == ComplaintStatus.RECEIVED:
        complaint = AREA_FACTORIES[Complaint](territory.stairwell_a)
    else:
        complaint = _answered_complaint(territory, secretary_a)
    before = _state(complaint)
    response = api_as(grid_worker).post(
        f"/api/property/complaints/{complaint.pk}/{move}/", payload, format="json"
    )
    assert response.status_code == 403
    assert Complaint.objects.get(pk=complaint.pk).status == status
    assert _state(complaint) == before
    # The community's secretary, who may change complaints, makes the same move.
    response = api_as(secretary_a).post(
        f"/api/property/complaints/{complaint.pk}/{move}/", payload, format="json"
    )
    assert response.status_code == 200, response.json()


@pytest.mark.parametrize(
    ("move", "payload", "model"),
    [
        ("transfer", {"transferred_on": "2026-05-01"}, MemberTransfer),
        ("file", {"kind": "award", "recorded_on": "2026-05-01", "text": "优秀党员"}, MemberFileEntry),
    ],
)
def test_party_member_moves_need_change(
    move, payload, model, territory, grid_worker, secretary_a, user_with, api_as
):
    member = make_member(territory.stairwell_a)
    url = f"/api/party/members/{member.pk}/{move}/"
    if move == "transfer":
        payload = {**payload, "to_organisation": org_chain(territory.stairwell_a)[3].pk}
    # The grid worker only reads members; a clerk who may add members still may not change one.
    clerk = user_with("partybuilding.view_partymember", "partybuilding.add_partymember")
    for user in (grid_worker, clerk):
        before = _state(member)
        response = api_as(user).post(url, payload, format="json")
        assert response.status_code == 403, user
        assert _state(member) == before
    assert model.objects.count() == 0
    # The community's secretary, who may change members, makes the same move.
    response = api_as(secretary_a).post(url, payload, format="json")
    assert response.status_code == 201, response.json()
    assert model.objects.count() == 1


def test_schema_names_the_permission_of_every_write():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    for write in MODEL_WRITES:
        if (write.basename, write.action) in NOT_IN_SCHEMA:
            assert write.method not in paths[write.url.replace("{pk}", "{id}")], _id(write)
            continue
        operation = paths[write.url.replace("{pk}", "{id}")][write.method]
        assert operation["responses"]["403"] == {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
            "description": f"Not logged in, or without the permission `{expected_permission(write)}`.",
        }, _id(write)


def test_every_operation_documents_its_error_answers():
    from drf_spectacular.generators import SchemaGenerator

    paths = SchemaGenerator().get_schema(request=None, public=True)["paths"]
    operations = [(p, m, op) for p, ops in paths.items() for m, op in ops.items() if m != "parameters"]
    assert len(operations) > 150
    for path, method, operation in operations:
        codes = set(operation["responses"])
        expected = {"400", "403", "429"} | ({"404"} if "{" in path else set())
        expected |= {"409"} if method == "delete" else set()
        assert expected <= codes, (method, path, codes)
