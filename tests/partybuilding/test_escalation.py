"""A meeting decision that several departments must carry out becomes a joint-enforcement case, once."""

from governance.enforcement.choices import SourceKind
from governance.models import EnforcementCase
from partybuilding.models import FollowUpAction
from tests.enforcement.factories import make_category
from tests.partybuilding.factories import make_action


def test_secretary_escalates_a_follow_up_action_and_the_case_names_the_meeting(
    territory, secretary_a, client_as
):
    action = make_action(territory.community_a)
    category = make_category()
    client = client_as(secretary_a)
    assert "转为联合执法案件" in client.get(action.get_absolute_url()).content.decode()
    response = client.post(
        f"/party/actions/{action.pk}/escalate/", {"category": category.pk, "urgency": "urgent"}
    )
    assert response.status_code == 302
    case = EnforcementCase.objects.get()
    action.refresh_from_db()
    assert action.case == case
    assert (case.source_kind, case.source_ref) == (SourceKind.MEETING, str(action.decision.meeting_id))
    assert case.urgency == "urgent"
    assert f"/cases/{case.pk}/" in client.get(action.get_absolute_url()).content.decode()

    again = client.post(
        f"/party/actions/{action.pk}/escalate/", {"category": category.pk, "urgency": "normal"}
    )
    assert again.status_code == 400
    assert "已转为联合执法案件" in again.content.decode()  # the page shows the case it already became
    assert EnforcementCase.objects.count() == 1


def test_escalation_without_a_category_or_from_another_community_changes_nothing(
    territory, secretary_a, secretary_b, client_as
):
    action = make_action(territory.community_a)
    category = make_category()
    missing = client_as(secretary_a).post(f"/party/actions/{action.pk}/escalate/", {"urgency": "normal"})
    assert missing.status_code == 400
    outsider = client_as(secretary_b).post(
        f"/party/actions/{action.pk}/escalate/", {"category": category.pk, "urgency": "normal"}
    )
    assert outsider.status_code == 404
    assert EnforcementCase.objects.count() == 0
    assert FollowUpAction.objects.get(pk=action.pk).case_id is None


def test_escalation_asks_first_and_the_actions_timeline_names_the_case_once(
    territory, secretary_a, client_as
):
    from django.contrib.auth.models import User

    User.objects.filter(pk=secretary_a.pk).update(first_name="张书记", last_name="")
    action = make_action(territory.community_a)
    client = client_as(secretary_a)
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'data-confirm="从该事项立联合执法案件？' in page
    client.post(
        f"/party/actions/{action.pk}/escalate/", {"category": make_category().pk, "urgency": "urgent"}
    )
    case = EnforcementCase.objects.get()
    timeline = client.get(action.get_absolute_url()).context["timeline"]
    assert [(e["case_id"], str(e["who"])) for e in timeline][0] == (case.pk, "secretary_a")
    assert [e["case_id"] for e in timeline[1:]] == [None] * (len(timeline) - 1)
    body = client.get(action.get_absolute_url()).content.decode()
    assert body.count(f"案件 #{case.pk}") == 2  # the banner and the timeline entry
    assert "张书记" in body and "secretary_a ·" not in body  # people by name, not login
