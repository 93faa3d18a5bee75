"""Permissions and scope paths cached between requests (governance.lib.authz), dropped by any change of rights."""

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance.models import Assignment
from governance.territory import services
from governance.territory.choices import Role
from tests.factories import UserFactory


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    return response, [q["sql"] for q in ctx.captured_queries]


def test_a_warm_request_reads_no_permissions_and_no_places(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    client.get(territory.community_a.get_absolute_url())
    response, sql = _queries(client, territory.community_a.get_absolute_url())
    assert response.status_code == 200
    assert not [q for q in sql if "auth_permission" in q]
    scope_paths = 'SELECT "governance_area"."path" AS "area__path" FROM "governance_assignment"'
    assert not [q for q in sql if q.startswith(scope_paths)]


def test_an_ended_assignment_takes_effect_on_the_next_request(territory, client_as):
    user = UserFactory(username="moved")
    services.assignment_create(user=user, role=Role.COMMUNITY_SECRETARY, area=territory.community_a)
    client = client_as(user)
    url = territory.community_a.get_absolute_url()
    assert client.get(url).status_code == 200
    services.assignment_delete(assignment=Assignment.objects.get(user=user))
    services.assignment_create(user=user, role=Role.COMMUNITY_SECRETARY, area=territory.community_b)
    assert client.get(url).status_code == 404
    assert client.get(territory.community_b.get_absolute_url()).status_code == 200


def test_a_permission_taken_from_a_role_takes_effect_on_the_next_request(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    url = territory.community_a.get_absolute_url()
    assert client.get(url).status_code == 200
    group = Group.objects.get(name=Role.COMMUNITY_SECRETARY)
    group.permissions.remove(Permission.objects.get(codename="view_area"))
    assert client.get(url).status_code == 403


def test_two_users_never_share_their_cached_rights(territory, secretary_a, secretary_b, client_as):
    url = territory.community_a.get_absolute_url()
    assert client_as(secretary_a).get(url).status_code == 200
    assert client_as(secretary_b).get(url).status_code == 404
