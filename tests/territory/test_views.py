"""Territory pages, the admin's scope, and constant query counts on the lists."""

from governance.models import Area
from governance.territory import services
from tests.factories import make_resident
from tests.helpers import assert_constant_queries


def test_area_page_shows_children_people_and_residents(territory, secretary_a, client_as):
    make_resident(territory.stairwell_a, name="王秀英")
    body = client_as(secretary_a).get(territory.community_a.get_absolute_url()).content.decode()
    assert "第一网格" in body and "王秀英" in body and "社区书记" in body


def test_area_of_another_community_is_404(territory, secretary_a, client_as):
    assert client_as(secretary_a).get(territory.community_b.get_absolute_url()).status_code == 404
    assert (
        client_as(secretary_a).post(f"/areas/{territory.grid_b.pk}/add/", {"name": "新楼"}).status_code == 404
    )
    assert not Area.objects.filter(name="新楼").exists()


def test_street_staff_adds_a_building_and_a_duplicate_is_refused(territory, street_staff, client_as):
    client = client_as(street_staff)
    response = client.post(f"/areas/{territory.grid_a.pk}/add/", {"name": "2号楼"})
    assert response.status_code == 302
    building = Area.objects.get(parent=territory.grid_a, name="2号楼")
    assert building.get_level_display() == "楼栋"
    again = client.post(f"/areas/{territory.grid_a.pk}/add/", {"name": "2号楼"})
    assert "同一上级下已有同名区域" in again.content.decode()
    assert Area.objects.filter(parent=territory.grid_a, name="2号楼").count() == 1


def test_viewer_cannot_add(territory, viewer, client_as):
    assert client_as(viewer).post(f"/areas/{territory.grid_a.pk}/add/", {"name": "3号楼"}).status_code == 403


def test_admin_shows_a_non_superuser_only_their_scope(territory, secretary_a, client_as):
    mine = make_resident(territory.stairwell_a, name="本社区居民")
    theirs = make_resident(territory.stairwell_b, name="外社区居民")
    secretary_a.is_staff = True
    secretary_a.save()
    client = client_as(secretary_a)
    body = client.get("/admin/governance/resident/").content.decode()
    assert "本社区居民" in body and "外社区居民" not in body
    assert client.get(f"/admin/governance/resident/{theirs.pk}/change/").status_code == 302  # "doesn't exist"
    assert client.get(f"/admin/governance/resident/{mine.pk}/change/").status_code == 200


def test_area_list_queries_stay_constant(territory, street_admin, client_as):
    counter = iter(range(10000))

    def add(n):
        for _ in range(n):
            services.area_create(parent=territory.street, name=f"社区{next(counter)}")

    client = client_as(street_admin)
    # session, user, user and group permissions, scope paths, count, one page of areas with parents,
    # the scope label, the unread count, the filter's parent and place choices
    assert assert_constant_queries(lambda: client.get("/areas/?level=3"), add) == 8
