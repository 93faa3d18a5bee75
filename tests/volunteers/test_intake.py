"""The residents' own channel, as services: report, confirm by SMS code, limits, duplicates, rating by link."""

import datetime
import io
import re

import pytest
import time_machine
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from governance.models import Notification, OutboxMessage
from governance.residents.models import Household, Resident
from tests.volunteers.factories import category, make_need
from volunteers import selectors, services
from volunteers.choices import NeedStatus, ResidentVerdict
from volunteers.models import Need, NeedRollup, ResidentReport, ResidentReportPhoto

PHONE = "13912345678"


def png(name="scene.png", size=(40, 30)) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, format="PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def report(territory, *, phone=PHONE, address="203.0.113.7", area=None, **extra):
    data = {
        "community": territory.community_a,
        "area": area or territory.stairwell_a,
        "category": category("维修服务"),
        "requester_name": "王大妈",
        "requester_phone": phone,
        "description": "楼道灯坏了，晚上看不见",
        "client_address": address,
    }
    data.update(extra)
    return services.submit_public_need(**data)


def sms_code(_outbox=None) -> str:
    """The code of the latest SMS in the outbox (delivered or not: tests without commits never deliver)."""
    body = OutboxMessage.objects.filter(channel="sms").latest("pk").body
    return re.search(r"\b(\d{6})\b", body).group(1)


def deliver(django_capture_on_commit_callbacks, fn, *args, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        return fn(*args, **kwargs)


def test_a_confirmed_report_enters_the_workflow_once_and_tells_the_secretary(
    territory, secretary_a, _sms_outbox, django_capture_on_commit_callbacks
):
    pending = deliver(django_capture_on_commit_callbacks, report, territory, photos=[png()])
    assert (pending.is_confirmed, pending.need, pending.receipt_number) == (False, None, None)
    assert Need.objects.count() == 0
    [code_sms] = _sms_outbox
    assert code_sms.to == PHONE
    assert OutboxMessage.objects.get().channel == "sms"
    code = sms_code(_sms_outbox)
    photo = ResidentReportPhoto.objects.get()
    assert photo.image.name.startswith(f"resident-reports/{pending.pk}/")

    need = services.resident_report_confirm(report=pending, code=code)
    pending.refresh_from_db()
    assert re.fullmatch(r"\d{12}", pending.receipt_number)
    assert (need.channel, need.status, need.area, need.requester_phone) == (
        "resident",
        NeedStatus.SUBMITTED,
        territory.stairwell_a,
        PHONE,
    )
    assert need.created_by.username == "resident-channel" and not need.created_by.is_active
    assert NeedRollup.objects.get().total == 1  # the three rates' facts count it
    [notice] = Notification.objects.filter(recipient=secretary_a)
    assert notice.url == need.get_absolute_url()
    # Confirming again (a double tap) records nothing more.
    assert services.resident_report_confirm(report=pending, code=code) == need
    assert (Need.objects.count(), Notification.objects.filter(recipient=secretary_a).count()) == (1, 1)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"requester_name": " "}, "requester_name"),
        ({"requester_phone": "12345"}, "requester_phone"),
        ({"requester_phone": "0371-66881234"}, "requester_phone"),  # a landline gets no SMS
        ({"description": ""}, "description"),
        ({"photos": [SimpleUploadedFile("x.png", b"not a picture")]}, "photos"),
        ({"photos": [png(), png(), png(), png()]}, "photos"),
    ],
)
def test_bad_input_is_refused_beside_its_field_and_nothing_is_saved(territory, _sms_outbox, change, field):
    with pytest.raises(ValidationError) as caught:
        report(territory, **change)
    assert field in caught.value.message_dict
    assert (ResidentReport.objects.count(), ResidentReportPhoto.objects.count(), len(_sms_outbox)) == (
        0,
        0,
        0,
    )


def test_a_place_outside_the_community_is_refused(territory):
    with pytest.raises(ValidationError) as caught:
        report(territory, area=territory.stairwell_b)
    assert "area" in caught.value.message_dict


def test_wrong_codes_are_counted_and_stop_after_five(territory, _sms_outbox):
    pending = report(territory)
    for left in (4, 3, 2, 1, 0):
        with pytest.raises(ValidationError, match=f"{left} tries left"):
            wrong = "000000" if sms_code() != "000000" else "111111"
            services.resident_report_confirm(report=pending, code=wrong)
    with pytest.raises(ValidationError, match="Too many wrong codes"):
        services.resident_report_confirm(report=pending, code=sms_code(_sms_outbox))
    assert Need.objects.count() == 0


def test_an_expired_code_is_refused(territory, _sms_outbox):
    pending = report(territory)
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)),
        pytest.raises(ValidationError, match="expired"),
    ):
        services.resident_report_confirm(report=pending, code=sms_code(_sms_outbox))


def test_the_n_plus_first_report_from_one_address_or_one_phone_is_refused_in_chinese(territory):
    from django.utils import translation

    for i in range(5):  # five per address a day
        report(territory, phone=f"1391234560{i}")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        report(territory, phone="13912345609")
    assert caught.value.messages == ["今天从这个网络提交的次数过多，请明天再试或致电社区。"]
    for i in range(3):  # three per phone a day, from any address
        report(territory, address=f"198.51.100.{i}")
    with translation.override("zh-hans"), pytest.raises(ValidationError) as caught:
        report(territory, address="198.51.100.9")
    assert caught.value.messages == ["今天用这个手机号提交的次数过多，请明天再试或致电社区。"]
    assert ResidentReport.objects.count() == 8
    # A day later the window has moved on.
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25)):
        report(territory, address="198.51.100.9")


def test_the_phone_links_the_resident_and_a_second_report_is_flagged_as_a_duplicate(
    territory, secretary_a, _sms_outbox
):
    household = Household.objects.create(area=territory.stairwell_a, room="101")
    resident = Resident.objects.create(
        name="王大妈",
        gender="F",
        birth_date=datetime.date(1950, 1, 1),
        phone=PHONE,
        area=territory.stairwell_a,
        household=household,
    )
    first = services.resident_report_confirm(report=report(territory), code=sms_code(_sms_outbox))
    assert first.resident == resident
    second = services.resident_report_confirm(
        report=report(territory, area=territory.grid_a), code=sms_code(_sms_outbox)
    )
    assert second.duplicate_of == first  # same phone, same category, within days
    notice = Notification.objects.filter(recipient=secretary_a).order_by("pk").last()
    assert f"Likely a duplicate of need No. {first.pk}" in notice.body
    # Same stairwell, another phone: also flagged; another category: not.
    third = services.resident_report_confirm(
        report=report(territory, phone="13800000001"), code=sms_code(_sms_outbox)
    )
    assert third.duplicate_of == first
    other = services.resident_report_confirm(
        report=report(territory, phone="13800000002", category=category("助残")), code=sms_code(_sms_outbox)
    )
    assert other.duplicate_of is None

    # The secretary merges one and keeps the other; the rollup follows each move.
    services.NEED_WORKFLOW.run(second, services.NEED_WORKFLOW.moves["merge"], user=secretary_a)
    second.refresh_from_db()
    assert (second.status, second.decline_reason) == (
        "declined",
        f"A duplicate of need No. {first.pk}; handled there.",
    )
    services.NEED_WORKFLOW.run(third, services.NEED_WORKFLOW.moves["keep_both"], user=secretary_a)
    third.refresh_from_db()
    assert (third.status, third.duplicate_of) == ("submitted", None)
    rows = {r.category.name: (r.total, r.declined) for r in NeedRollup.objects.select_related("category")}
    assert rows == {"维修服务": (3, 1), "助残": (1, 0)}
    with pytest.raises(ValidationError):  # no longer flagged: neither move is open
        services.NEED_WORKFLOW.apply(third, "keep_both", user=secretary_a)


def _done(territory, secretary_a, _sms_outbox):
    need = services.resident_report_confirm(report=report(territory), code=sms_code(_sms_outbox))
    services.need_accept(need=need, user=secretary_a)
    services.need_assign(need=need, user=secretary_a, department="物业")
    return services.need_complete(need=need, user=secretary_a, public_answer="已更换楼道灯")


def test_completion_texts_a_signed_rating_link_and_the_rating_feeds_the_rates(
    territory, secretary_a, _sms_outbox, django_capture_on_commit_callbacks
):
    need = deliver(django_capture_on_commit_callbacks, _done, territory, secretary_a, _sms_outbox)
    link = _sms_outbox[-1].body.split("：")[-1].split()[-1]
    assert link.startswith("http://127.0.0.1:8000/r/rate/")
    token = link.rsplit("/", 2)[-2]
    assert services.rating_need(token) == need
    before = selectors.community_public_rates(territory.community_a)
    assert (before.rated, before.satisfied) == (0, 0)
    services.need_rate_by_resident(
        need=services.rating_need(token), verdict=ResidentVerdict.BASICALLY, comment="挺快"
    )
    need.refresh_from_db()
    assert (need.status, need.rating, need.first_rating) == ("rated", 4, 4)
    after = selectors.community_public_rates(territory.community_a)
    assert (after.rated, after.satisfied, after.satisfaction_rate) == (1, 1, 100.0)
    with pytest.raises(ValidationError):  # the link rates once
        services.need_rate_by_resident(need=services.rating_need(token), verdict=ResidentVerdict.SATISFIED)


def test_a_dissatisfied_rating_reopens_the_need_and_tells_the_secretary(territory, secretary_a, _sms_outbox):
    need = _done(territory, secretary_a, _sms_outbox)
    token = services.rating_token(need)
    services.need_rate_by_resident(need=need, verdict=ResidentVerdict.DISSATISFIED, comment="灯还是不亮")
    need.refresh_from_db()
    assert (need.status, need.first_rating, need.rating) == ("assigned", 2, None)
    assert Notification.objects.filter(recipient=secretary_a, title__contains="dissatisfied").count() == 1
    assert selectors.community_public_rates(territory.community_a).satisfaction_rate == 0.0
    with pytest.raises(Need.DoesNotExist):  # the old link rated the first handling; it rates nothing now
        services.rating_need(token)


def test_a_tampered_or_expired_rating_link_is_refused(territory, secretary_a, _sms_outbox):
    need = _done(territory, secretary_a, _sms_outbox)
    token = services.rating_token(need)
    with pytest.raises(signing.BadSignature):
        services.rating_need(token[:-2] + ("AA" if not token.endswith("AA") else "BB"))
    with (
        time_machine.travel(timezone.now() + datetime.timedelta(days=15)),
        pytest.raises(signing.SignatureExpired),
    ):
        services.rating_need(token)


def test_staff_recorded_needs_get_no_sms(territory, secretary_a, _sms_outbox):
    need = make_need(territory.grid_a, requester_phone=PHONE)
    services.need_accept(need=need, user=secretary_a)
    services.need_assign(need=need, user=secretary_a, department="物业")
    services.need_complete(need=need, user=secretary_a)
    assert OutboxMessage.objects.filter(channel="sms").count() == 0


def test_the_status_lookup_needs_the_number_and_the_phones_last_four_digits(territory, _sms_outbox):
    pending = report(territory)
    services.resident_report_confirm(report=pending, code=sms_code(_sms_outbox))
    pending.refresh_from_db()
    assert selectors.resident_report_lookup(pending.receipt_number, PHONE[-4:]) == pending
    assert selectors.resident_report_lookup(pending.receipt_number, "0000") is None
    assert selectors.resident_report_lookup("000000000000", PHONE[-4:]) is None
    assert selectors.resident_report_lookup(pending.receipt_number, "56") is None


def test_a_new_code_replaces_the_old_one_at_most_twice(territory, _sms_outbox):
    pending = report(territory)
    first = sms_code()
    for _ in range(2):
        services.resident_report_resend_code(report=pending, client_address="203.0.113.7")
    assert OutboxMessage.objects.filter(channel="sms").count() == 3
    with pytest.raises(ValidationError, match="No more codes"):
        services.resident_report_resend_code(report=pending, client_address="203.0.113.7")
    latest = sms_code()
    if latest != first:
        with pytest.raises(ValidationError, match="not right"):
            services.resident_report_confirm(report=pending, code=first)
    assert services.resident_report_confirm(report=pending, code=latest).channel == "resident"


def test_reports_never_confirmed_are_deleted_with_their_photos_after_two_days(
    territory, _sms_outbox, django_capture_on_commit_callbacks
):
    from volunteers.tasks import resident_reports_purge

    stale = report(territory, photos=[png()])
    photo = ResidentReportPhoto.objects.get(report=stale)
    storage = photo.image.storage
    assert storage.exists(photo.image.name)
    confirmed = report(territory, phone="13800000001")
    services.resident_report_confirm(report=confirmed, code=sms_code())
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2, minutes=1)):
        fresh = report(territory, phone="13800000002", address="198.51.100.1")
        with django_capture_on_commit_callbacks(execute=True):
            assert resident_reports_purge() == 1
    assert set(ResidentReport.objects.values_list("pk", flat=True)) == {confirmed.pk, fresh.pk}
    assert not storage.exists(photo.image.name)
    assert Need.objects.count() == 1
