"""Meeting attachments: downloaded only through the scoped view; nothing under /media/ is public."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from partybuilding import services
from partybuilding.models import MeetingAttachment
from tests.factories import pdf_bytes

pytestmark = pytest.mark.django_db

CONTENT = pdf_bytes()  # a real PDF: uploads are parsed


@pytest.fixture
def attachment(settings, tmp_path, territory, secretary_a):
    settings.MEDIA_ROOT = tmp_path
    meeting = services.meeting_log(
        user=secretary_a,
        kind="joint_party_building",
        title="三方联席会",
        area=territory.community_a,
        held_at=timezone.now() - datetime.timedelta(hours=2),
    )
    upload = SimpleUploadedFile("会议纪要.pdf", CONTENT, content_type="application/pdf")
    return services.attachment_add(user=secretary_a, meeting=meeting, upload=upload)


def _url(attachment):
    return f"/party/meetings/attachments/{attachment.pk}/"


def test_someone_who_may_see_the_meeting_downloads_it(client_as, secretary_a, attachment):
    response = client_as(secretary_a).get(_url(attachment))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CONTENT
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Security-Policy"] == "sandbox; default-src 'none'"


def test_the_meeting_page_links_to_the_download(client_as, secretary_a, attachment):
    html = client_as(secretary_a).get(attachment.meeting.get_absolute_url()).content.decode()
    assert f'href="{_url(attachment)}"' in html
    assert "/media/" not in html


def test_another_community_gets_404(client_as, secretary_b, attachment):
    assert client_as(secretary_b).get(_url(attachment)).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, attachment):
    response = client.get(_url(attachment))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_user_without_a_role_is_refused(client_as, attachment):
    from tests.factories import UserFactory

    assert client_as(UserFactory(username="nobody")).get(_url(attachment)).status_code == 403


def test_the_file_has_no_public_address(client, client_as, secretary_a, attachment):
    path = f"/media/{attachment.file.name}"
    assert client.get(path).status_code == 404
    assert client_as(secretary_a).get(path).status_code == 404


def test_the_api_gives_the_download_address(api_as, secretary_a, attachment):
    response = api_as(secretary_a).get(f"/api/party/meetings/{attachment.meeting_id}/")
    assert response.status_code == 200
    assert response.json()["attachments"] == [
        {
            "id": attachment.pk,
            "name": "会议纪要.pdf",
            "size": len(CONTENT),
            "file": f"http://testserver{_url(attachment)}",
            "uploaded_at": response.json()["attachments"][0]["uploaded_at"],
        }
    ]
    assert MeetingAttachment.objects.count() == 1
