from django.contrib.auth import views as auth_views
from django.urls import path

from governance.views import enforcement, home, notifications, residents, territory
from governance.views import staff as staff_views

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
    # Street staff (issue 4)
    *[
        path(f"staff/{route}", view, name=f"staff-{name}")
        for route, view, name in [
            ("", staff_views.StaffMemberListView.as_view(), "member-list"),
            ("new/", staff_views.StaffMemberCreateView.as_view(), "member-create"),
            ("<int:pk>/", staff_views.StaffMemberDetailView.as_view(), "member-detail"),
            ("<int:pk>/edit/", staff_views.StaffMemberUpdateView.as_view(), "member-update"),
            ("departments/", staff_views.DepartmentListView.as_view(), "department-list"),
            ("departments/new/", staff_views.DepartmentCreateView.as_view(), "department-create"),
            ("departments/<int:pk>/", staff_views.DepartmentDetailView.as_view(), "department-detail"),
            ("departments/<int:pk>/edit/", staff_views.DepartmentUpdateView.as_view(), "department-update"),
            ("portfolios/", staff_views.PortfolioListView.as_view(), "portfolio-list"),
            ("portfolios/assign/", staff_views.PortfolioAssignView.as_view(), "portfolio-assign"),
            ("in-charge/", staff_views.InChargeView.as_view(), "in-charge"),
            ("posts/", staff_views.PostListView.as_view(), "post-list"),
            ("posts/new/", staff_views.PostCreateView.as_view(), "post-create"),
            ("posts/<int:pk>/", staff_views.PostDetailView.as_view(), "post-detail"),
            ("posts/<int:pk>/edit/", staff_views.PostUpdateView.as_view(), "post-update"),
            ("absences/new/", staff_views.AbsenceCreateView.as_view(), "absence-create"),
            ("coverage/", staff_views.CoverageView.as_view(), "coverage"),
            ("evaluations/", staff_views.EvaluationListView.as_view(), "evaluation-list"),
            ("evaluations/open/", staff_views.EvaluationOpenQuarterView.as_view(), "evaluation-open"),
            ("evaluations/export/", staff_views.EvaluationQuarterExportView.as_view(), "evaluation-export"),
            ("evaluations/<int:pk>/", staff_views.EvaluationDetailView.as_view(), "evaluation-detail"),
            ("evaluations/<int:pk>/score/", staff_views.EvaluationScoreView.as_view(), "evaluation-score"),
            ("evaluations/<int:pk>/self/", staff_views.EvaluationSelfAssessView.as_view(), "evaluation-self"),
            ("evaluations/<int:pk>/move/", staff_views.EvaluationMoveView.as_view(), "evaluation-move"),
            ("inspections/new/", staff_views.InspectionCreateView.as_view(), "inspection-create"),
            ("age/", staff_views.AgeStructureView.as_view(), "age"),
        ]
    ],
]
