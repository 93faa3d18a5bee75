from django.urls import path

from partybuilding import views

app_name = "partybuilding"
urlpatterns = [
    path("", views.OrgChartView.as_view(), name="organisation-chart"),
    path("organisations/<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("units/", views.ResidentUnitListView.as_view(), name="unit-list"),
    path("units/new/", views.ResidentUnitCreateView.as_view(), name="unit-create"),
    path("units/<int:pk>/", views.ResidentUnitDetailView.as_view(), name="unit-detail"),
    path("units/<int:pk>/edit/", views.ResidentUnitUpdateView.as_view(), name="unit-update"),
    path("members/", views.PartyMemberListView.as_view(), name="member-list"),
    path("members/new/", views.PartyMemberCreateView.as_view(), name="member-create"),
    path("members/<int:pk>/", views.PartyMemberDetailView.as_view(), name="member-detail"),
    path("members/<int:pk>/transfer/", views.MemberTransferView.as_view(), name="member-transfer"),
    path("members/<int:pk>/file/", views.MemberFileAddView.as_view(), name="member-file-add"),
    path("meetings/", views.MeetingListView.as_view(), name="meeting-list"),
    path("meetings/new/", views.MeetingCreateView.as_view(), name="meeting-create"),
    path("meetings/<int:pk>/", views.MeetingDetailView.as_view(), name="meeting-detail"),
    path("meetings/<int:pk>/minutes/", views.MeetingMinutesView.as_view(), name="meeting-minutes"),
    path("meetings/<int:pk>/attachments/", views.MeetingAttachmentView.as_view(), name="meeting-attachment"),
    path(
        "meetings/attachments/<int:pk>/",
        views.MeetingAttachmentDownloadView.as_view(),
        name="meeting-attachment-download",
    ),
    path("meetings/<int:pk>/decisions/", views.MeetingDecisionView.as_view(), name="meeting-decision"),
    path("meetings/<int:pk>/attendance/", views.MeetingAttendanceView.as_view(), name="meeting-attendance"),
    path("actions/", views.ActionListView.as_view(), name="action-list"),
    path("actions/<int:pk>/", views.ActionDetailView.as_view(), name="action-detail"),
    path("actions/<int:pk>/escalate/", views.ActionEscalateView.as_view(), name="action-escalate"),
    path("actions/<int:pk>/<str:move>/", views.ActionMoveView.as_view(), name="action-move"),
    path("committees/", views.CommitteeListView.as_view(), name="committee-list"),
    path("committees/<int:pk>/", views.CommitteeDetailView.as_view(), name="committee-detail"),
    path("committees/<int:pk>/seats/", views.CommitteeSeatAddView.as_view(), name="committee-seat-add"),
    path("pledges/", views.PledgeListView.as_view(), name="pledge-list"),
    path("pledges/new/", views.PledgeCreateView.as_view(), name="pledge-create"),
    path("pledges/<int:pk>/", views.PledgeDetailView.as_view(), name="pledge-detail"),
    path("pledges/<int:pk>/deliveries/", views.PledgeDeliverView.as_view(), name="pledge-deliver"),
    path("supervision/", views.SupervisionView.as_view(), name="supervision"),
    path("check-ins/", views.CheckInListView.as_view(), name="checkin-list"),
    path("check-ins/new/", views.CheckInCreateView.as_view(), name="checkin-create"),
]
