"""Printed documents: minutes, a case sheet, a household card, an evaluation sheet — A4, Chinese document
dates, signature lines, personal data masked as on screen, and the same scope as the record's page."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from governance.residents.models import PersonalDataAccess
from governance.templatetags.jiedao import cn_date, cn_datetime
from tests.enforcement.factories import make_case
from tests.factories import make_resident
from tests.partybuilding.factories import make_meeting
from tests.staff.factories import make_staff

pytestmark = pytest.mark.django_db


def test_document_dates_are_written_the_chinese_way():
    assert cn_date(datetime.date(2026, 11, 28)) == "2026年11月28日"
    assert cn_date(datetime.date(2026, 1, 5)) == "2026年1月5日"
    moment = datetime.datetime(2026, 11, 27, 18, 30, tzinfo=datetime.UTC)  # 02:30 the next day in Shanghai
    assert cn_datetime(moment) == "2026年11月28日 02:30"
    assert cn_date(None) == ""


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-print" in html and "打印" in html  # the print button
    assert "print.css" in html and "sidenav" not in html  # the document alone, without the portal's frame
    assert "（签字）" in html  # signature lines
    return html


def test_meeting_minutes_print_with_decisions_and_signatures(territory, secretary_a, client_as):
    held = datetime.datetime(2026, 11, 28, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))
    meeting = make_meeting(
        territory.community_a, owner=secretary_a, decisions=2, held_at=held, title="党建联席会"
    )
    meeting.minutes = "讨论了楼道照明。"
    meeting.save()

    html = _page(client_as(secretary_a), reverse("partybuilding:meeting-print", args=[meeting.pk]))

    assert "会议纪要" in html and "党建联席会" in html and "讨论了楼道照明。" in html
    assert "2026年11月28日 09:30" in html
    assert "决定1" in html and "决定2" in html
    assert "2026年12月8日" in html  # the actions' due date, ten days on


def test_case_sheet_prints_its_timeline(territory, secretary_a, client_as):
    case = make_case(territory.grid_a, title="楼顶违建")

    html = _page(client_as(secretary_a), reverse("governance:enforcement-case-print", args=[case.pk]))

    assert "联合执法案件处置单" in html and "楼顶违建" in html
    assert f"案件编号：{case.pk}" in html
    assert html.count("<li>") == case.events.count() >= 1


def test_household_card_masks_numbers_as_on_screen(territory, secretary_a, client_as):
    head = make_resident(territory.stairwell_a, room="302", name="户主甲", is_household_head=True)
    member = make_resident(territory.stairwell_a, room="302", name="家人乙")

    html = _page(client_as(secretary_a), reverse("governance:household-print", args=[head.household_id]))

    assert "一户一档" in html and "户主甲" in html and "家人乙" in html
    for resident in (head, member):
        assert resident.masked_id_number in html
        assert resident.id_number not in html and resident.phone not in html
    assert PersonalDataAccess.objects.count() == 0  # nothing full was shown, so nothing is logged


def test_evaluation_sheet_has_the_five_scores_and_signature_lines(territory, street_staff, client_as):
    from governance.staff.models import Evaluation

    cadre = make_staff(territory.street, name="王干部")
    evaluation = Evaluation.objects.create(
        area=territory.street,
        cadre=cadre,
        year=2026,
        quarter=3,
        deadline=datetime.date(2026, 10, 15),
        morality=90,
        ability=85,
        diligence=88,
        performance=92,
        integrity=95,
    )

    html = _page(client_as(street_staff), reverse("governance:staff-evaluation-print", args=[evaluation.pk]))

    assert "干部季度考评表" in html and "王干部" in html and "2026年第3季度" in html
    assert "2026年10月15日" in html
    assert "90.0" in html  # the average of the five
    assert "被考评人（签字）" in html and "考评人（签字）" in html


@pytest.mark.parametrize(
    "url_name",
    ["partybuilding:meeting-print", "governance:enforcement-case-print", "governance:household-print"],
)
def test_outside_the_scope_a_print_is_not_found(url_name, territory, secretary_b, client_as):
    obj = {
        "partybuilding:meeting-print": lambda: make_meeting(territory.community_a),
        "governance:enforcement-case-print": lambda: make_case(territory.grid_a),
        "governance:household-print": lambda: make_resident(territory.stairwell_a).household,
    }[url_name]()

    assert client_as(secretary_b).get(reverse(url_name, args=[obj.pk])).status_code == 404


def test_detail_pages_link_to_their_print(territory, secretary_a, client_as):
    client = client_as(secretary_a)
    resident = make_resident(territory.stairwell_a)
    meeting = make_meeting(territory.community_a)
    case = make_case(territory.grid_a)
    for page, printed in (
        (resident.get_absolute_url(), reverse("governance:household-print", args=[resident.household_id])),
        (meeting.get_absolute_url(), reverse("partybuilding:meeting-print", args=[meeting.pk])),
        (case.get_absolute_url(), reverse("governance:enforcement-case-print", args=[case.pk])),
    ):
        assert f'href="{printed}"' in client.get(page).content.decode()
