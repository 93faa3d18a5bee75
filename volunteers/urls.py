from django.urls import path

from volunteers import views

app_name = "volunteers"
urlpatterns = [
    path("needs/", views.NeedListView.as_view(), name="need-list"),
    path("needs/batch/", views.NeedBatchView.as_view(), name="need-batch"),
    path("needs/new/", views.NeedCreateView.as_view(), name="need-create"),
    path("needs/<int:pk>/", views.NeedDetailView.as_view(), name="need-detail"),
    path("needs/report-photos/<int:pk>/", views.ResidentReportPhotoView.as_view(), name="report-photo"),
    path("needs/<int:pk>/escalate/", views.NeedEscalateView.as_view(), name="need-escalate"),
    # Before the moves' pattern, which would take "reveal" for a move's name.
    path("needs/<int:pk>/reveal/", views.NeedRevealView.as_view(), name="need-reveal"),
    path("needs/<int:pk>/<str:move>/", views.NeedMoveView.as_view(), name="need-move"),
    path("rates/", views.RatesView.as_view(), name="rates"),
    path("items/", views.ServiceItemListView.as_view(), name="item-list"),
    path("items/new/", views.ServiceItemCreateView.as_view(), name="item-create"),
    path("items/<int:pk>/", views.ServiceItemDetailView.as_view(), name="item-detail"),
    path("items/<int:pk>/edit/", views.ServiceItemUpdateView.as_view(), name="item-update"),
    path("contacts/", views.ServiceContactListView.as_view(), name="contact-list"),
    path("contacts/new/", views.ServiceContactCreateView.as_view(), name="contact-create"),
    path("contacts/<int:pk>/edit/", views.ServiceContactUpdateView.as_view(), name="contact-update"),
    path("list/<int:area_pk>/", views.public_service_list, name="public-list"),
    path("teams/", views.TeamListView.as_view(), name="team-list"),
    path("teams/new/", views.TeamCreateView.as_view(), name="team-create"),
    path("teams/<int:pk>/", views.TeamDetailView.as_view(), name="team-detail"),
    path("volunteers/", views.VolunteerListView.as_view(), name="volunteer-list"),
    path("volunteers/new/", views.VolunteerCreateView.as_view(), name="volunteer-create"),
    path("volunteers/<int:pk>/", views.VolunteerDetailView.as_view(), name="volunteer-detail"),
    path(
        "volunteers/<int:pk>/party-member/",
        views.VolunteerPartyMemberView.as_view(),
        name="volunteer-party-member",
    ),
    path("records/", views.RecordListView.as_view(), name="record-list"),
    path("records/feedback/", views.FeedbackView.as_view(), name="feedback"),
    path("records/batch/", views.RecordBatchView.as_view(), name="record-batch"),
    path("records/new/", views.RecordCreateView.as_view(), name="record-create"),
    path("records/<int:pk>/<str:decision>/", views.RecordDecideView.as_view(), name="record-decide"),
    path("garden/", views.GardenListView.as_view(), name="garden-list"),
    path("garden/<int:pk>/", views.GardenDetailView.as_view(), name="garden-detail"),
    path("garden/<int:pk>/donations/new/", views.DonationCreateView.as_view(), name="donation-create"),
    path("garden/adoptions/<int:pk>/cared/", views.CareLogTodayView.as_view(), name="carelog-today"),
]

# The residents' own channel, public (no account): mounted at /r/ by config/urls.py.
resident_patterns = (
    [
        path("status/", views.resident_status, name="status"),
        path("confirm/<str:token>/", views.resident_confirm, name="confirm"),
        path("receipt/<str:token>/", views.resident_receipt, name="receipt"),
        path("rate/<str:token>/", views.resident_rate, name="rate"),
        path("<int:community_pk>/", views.resident_intake, name="intake"),
        path("<int:community_pk>/needs/", views.public_needs_list, name="needs"),
        path("<int:community_pk>/poster/", views.resident_poster, name="poster"),
        path("<int:community_pk>/poster/<int:building_pk>/", views.resident_poster, name="building-poster"),
    ],
    "resident",
)
