"""The rule that gives each API action its one permission, and the checks on its declarations."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from rest_framework.decorators import action

from governance.lib.api import ScopedViewSet
from governance.lib.permissions import required_permission
from property.models import Complaint


class ComplaintLikeViewSet(ScopedViewSet):
    queryset = Complaint.objects.all()
    action_permissions = {"escalate": "governance.add_enforcementcase", "note": "view"}

    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None): ...

    @action(detail=False, methods=["post"])
    def bulk(self, request): ...

    @action(detail=True, methods=["get"])
    def history(self, request, pk=None): ...

    @action(detail=True, methods=["post"])
    def escalate(self, request, pk=None): ...

    @action(detail=True, methods=["post"])
    def note(self, request, pk=None): ...


@pytest.mark.parametrize(
    ("name", "method", "detail", "expected"),
    [
        ("list", "GET", False, "property.view_complaint"),
        ("retrieve", "GET", True, "property.view_complaint"),
        ("create", "POST", False, "property.add_complaint"),
        ("update", "PUT", True, "property.change_complaint"),
        ("partial_update", "PATCH", True, "property.change_complaint"),
        ("destroy", "DELETE", True, "property.delete_complaint"),
        ("answer", "POST", True, "property.change_complaint"),
        ("bulk", "POST", False, "property.add_complaint"),
        ("history", "GET", True, "property.view_complaint"),
        ("escalate", "POST", True, "governance.add_enforcementcase"),
        ("note", "POST", True, "property.view_complaint"),
    ],
)
def test_each_action_needs_one_permission(name, method, detail, expected):
    view = ComplaintLikeViewSet(action=name, detail=detail)
    assert required_permission(view, method, Complaint) == expected


def test_unrouted_view_falls_back_on_the_action_then_on_change():
    # Built without a router (no `detail` attribute): `@action` says what it is, else `change`.
    assert required_permission(ComplaintLikeViewSet(action="bulk"), "POST", Complaint) == (
        "property.add_complaint"
    )
    assert required_permission(ComplaintLikeViewSet(action="answer"), "POST", Complaint) == (
        "property.change_complaint"
    )
    assert required_permission(ComplaintLikeViewSet(action=None), "OPTIONS", Complaint) is None


def test_a_declaration_must_name_an_action_and_a_permission():
    with pytest.raises(ImproperlyConfigured, match="'answr', which is not one of its actions"):

        class Misspelt(ScopedViewSet):
            queryset = Complaint.objects.all()
            action_permissions = {"answr": "change"}

    with pytest.raises(ImproperlyConfigured, match="give one of view, add, change, delete"):

        class Vague(ScopedViewSet):
            queryset = Complaint.objects.all()
            action_permissions = {"create": "approve"}
