"""Choices that read as people expect: yes/no filters offer 全部 first, a rating waits for the verdict."""

from django.urls import reverse
from django.utils import translation

from volunteers.forms import RateForm


def test_a_yes_no_filter_starts_from_all_not_unknown(territory, street_staff, client_as):
    page = client_as(street_staff).get(reverse("governance:staff-evaluation-list")).content.decode()
    assert '<option value="" selected>全部</option>' in page
    assert "未知" not in page


def test_the_rating_has_no_default_and_names_each_score(territory, street_staff):
    with translation.override("zh-hans"):
        form = RateForm(data={"rating": "", "comment": ""}, user=street_staff)
        assert not form.is_valid() and "rating" in form.errors
        labels = [str(label) for _value, label in form.fields["rating"].choices]
    assert labels[0].startswith("— ") and labels[1:] == [
        "5 · 满意",
        "4 · 比较满意",
        "3 · 基本满意",
        "2 · 不太满意",
        "1 · 不满意",
    ]
