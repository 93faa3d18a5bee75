import pytest
from django.db import IntegrityError, transaction

from governance.models import Area
from governance.territory import services
from governance.territory.choices import AreaLevel


def test_levels_follow_depth_and_children_sit_one_level_below(territory):
    assert territory.district.level == AreaLevel.DISTRICT
    assert territory.community_a.level == AreaLevel.COMMUNITY
    assert territory.stairwell_a.level == AreaLevel.STAIRWELL
    assert territory.stairwell_a.parent == territory.building_a
    assert territory.stairwell_a.depth == territory.building_a.depth + 1


def test_sibling_names_are_unique_in_the_service_and_the_database(territory):
    with pytest.raises(Exception) as exc:
        services.area_create(parent=territory.street, name="梁家屯社区")
    assert "同一上级下已有同名区域" in str(exc.value) or "sibling" in str(exc.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.filter(pk=territory.community_b.pk).update(name="梁家屯社区")
    # the same name under another parent is fine
    assert services.area_create(parent=territory.community_b, name="第二网格").parent == territory.community_b


def test_nothing_below_a_stairwell(territory):
    with pytest.raises(Exception, match="单元|stairwell"):
        services.area_create(parent=territory.stairwell_a, name="101")
    assert Area.objects.filter(parent=territory.stairwell_a).count() == 0


def test_database_refuses_a_root_that_is_not_a_district(territory):
    with pytest.raises(IntegrityError), transaction.atomic():
        Area.objects.filter(pk=territory.street.pk).update(parent=None)


def test_subtree_is_one_indexed_prefix_query(territory, django_assert_num_queries):
    with django_assert_num_queries(1) as ctx:
        names = set(Area.objects.subtree(territory.community_a).values_list("name", flat=True))
    assert names == {"梁家屯社区", "第一网格", "1号楼", "1单元"}
    assert "LIKE" in ctx.captured_queries[0]["sql"].upper()


def test_an_area_names_its_ancestors_by_level_without_counting_path_characters(
    territory, django_assert_num_queries
):
    stairwell = territory.stairwell_a
    assert stairwell.path_at(AreaLevel.COMMUNITY) == territory.community_a.path
    assert stairwell.ancestor_at(AreaLevel.STREET) == territory.street
    with django_assert_num_queries(0):
        assert territory.community_a.ancestor_at(AreaLevel.COMMUNITY) is territory.community_a
        assert territory.street.community is None  # above the communities
    assert territory.grid_a.community == territory.community_a
    with pytest.raises(ValueError):
        territory.street.path_at(AreaLevel.GRID)
    assert Area.path_length(AreaLevel.COMMUNITY) == len(territory.community_a.path)


def test_short_label_and_children_follow_the_levels(territory):
    assert territory.community_a.short_label == "梁家屯社区"
    assert territory.building_a.short_label == f"{territory.grid_a.name} {territory.building_a.name}"
    assert (territory.building_a.can_have_children, territory.stairwell_a.can_have_children) == (True, False)
