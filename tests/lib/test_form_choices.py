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


def _tags(html: str) -> list:
    """The elements, attributes (in any order) and texts of `html`: what a browser makes of it."""
    from html.parser import HTMLParser

    seen = []

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            seen.append((tag, sorted(attrs, key=lambda a: a[0])))

        def handle_endtag(self, tag):
            seen.append(("/" + tag,))

        def handle_data(self, data):
            if data.strip():
                seen.append(("text", data.strip()))

    Collect().feed(str(html))
    return seen


def test_the_quick_select_writes_djangos_own_html():
    from django import forms

    from governance.lib.forms import QuickSelect

    choices = [
        ("", "—"),
        ("a", 'A & "B" <c>'),
        ("Group", [(1, "一"), (2, "二")]),
        (None, "none"),
    ]
    for value in ("", "a", 2, None):
        attrs = {"id": "id_x", "class": "form-select form-select-sm", "required": True, "disabled": False}
        plain = forms.Select(choices=choices).render("x", value, attrs=attrs)
        quick = QuickSelect(choices=choices).render("x", value, attrs=attrs)
        assert _tags(quick) == _tags(plain), value


def test_list_filters_use_the_quick_select(territory, street_staff, client_as):
    """A list's place filter is rendered by QuickSelect and still offers and keeps the same choices."""
    page = client_as(street_staff).get("/services/needs/", {"place": territory.community_a.pk})
    place = page.context["filter"].form["place"]
    assert type(place.field.widget).__name__ == "QuickSelect"
    html = str(place)
    assert f'<option value="{territory.community_a.pk}" selected>' in html
    assert f'<option value="{territory.grid_b.pk}">' in html
