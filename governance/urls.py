from django.contrib.auth import views as auth_views
from django.urls import path

from governance.views import enforcement, home, notifications, residents, territory

app_name = "governance"
urlpatterns = [
    path("", home.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("areas/", territory.AreaListView.as_view(), name="area-list"),
    path("areas/<int:pk>/", territory.AreaDetailView.as_view(), name="area-detail"),
    path("areas/<int:pk>/add/", territory.AreaAddChildView.as_view(), name="area-add-child"),
    path("residents/", residents.ResidentListView.as_view(), name="resident-list"),
    path("residents/new/", residents.ResidentCreateView.as_view(), name="resident-create"),
    path("residents/import/", residents.ResidentImportView.as_view(), name="resident-import"),
    path("residents/<int:pk>/", residents.ResidentDetailView.as_view(), name="resident-detail"),
    path("residents/<int:pk>/edit/", residents.ResidentUpdateView.as_view(), name="resident-update"),
    path("residents/<int:pk>/reveal/", residents.ResidentRevealView.as_view(), name="resident-reveal"),
    path("notifications/", notifications.notification_list, name="notification-list"),
    path("notifications/read/", notifications.notification_read, name="notification-read-all"),
    path("notifications/<int:pk>/read/", notifications.notification_read, name="notification-read"),
    # Joint enforcement (issue 7)
    path("cases/", enforcement.CaseListView.as_view(), name="enforcement-case-list"),
    path("cases/new/", enforcement.CaseCreateView.as_view(), name="enforcement-case-create"),
    path("cases/scorecard/", enforcement.ScorecardView.as_view(), name="enforcement-scorecard"),
    path("cases/departments/", enforcement.DepartmentListView.as_view(), name="enforcement-department-list"),
    path(
        "cases/departments/<int:pk>/",
        enforcement.DepartmentDetailView.as_view(),
        name="enforcement-department-detail",
    ),
    path("cases/<int:pk>/", enforcement.CaseDetailView.as_view(), name="enforcement-case-detail"),
    path("cases/<int:pk>/move/", enforcement.CaseMoveView.as_view(), name="enforcement-case-move"),
    path("cases/<int:pk>/summon/", enforcement.CaseSummonView.as_view(), name="enforcement-case-summon"),
    path("cases/<int:pk>/photos/", enforcement.CasePhotoAddView.as_view(), name="enforcement-case-photo-add"),
    path("cases/photos/<int:pk>/", enforcement.CasePhotoView.as_view(), name="enforcement-photo"),
    path("cases/summons/<int:pk>/", enforcement.SummonsStepView.as_view(), name="enforcement-summons-step"),
]
