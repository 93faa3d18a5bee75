from django.urls import path

from governance.staff import views

# (route below /staff/, view, name after `staff-`)
_PAGES = [
    ("", views.StaffMemberListView.as_view(), "member-list"),
    ("new/", views.StaffMemberCreateView.as_view(), "member-create"),
    ("<int:pk>/", views.StaffMemberDetailView.as_view(), "member-detail"),
    ("<int:pk>/edit/", views.StaffMemberUpdateView.as_view(), "member-update"),
    ("departments/", views.DepartmentListView.as_view(), "department-list"),
    ("departments/new/", views.DepartmentCreateView.as_view(), "department-create"),
    ("departments/<int:pk>/", views.DepartmentDetailView.as_view(), "department-detail"),
    ("departments/<int:pk>/edit/", views.DepartmentUpdateView.as_view(), "department-update"),
    ("portfolios/", views.PortfolioListView.as_view(), "portfolio-list"),
    ("portfolios/assign/", views.PortfolioAssignView.as_view(), "portfolio-assign"),
    ("in-charge/", views.InChargeView.as_view(), "in-charge"),
    ("posts/", views.PostListView.as_view(), "post-list"),
    ("posts/new/", views.PostCreateView.as_view(), "post-create"),
    ("posts/<int:pk>/", views.PostDetailView.as_view(), "post-detail"),
    ("posts/<int:pk>/edit/", views.PostUpdateView.as_view(), "post-update"),
    ("absences/new/", views.AbsenceCreateView.as_view(), "absence-create"),
    ("coverage/", views.CoverageView.as_view(), "coverage"),
    ("evaluations/", views.EvaluationListView.as_view(), "evaluation-list"),
    ("evaluations/open/", views.EvaluationOpenQuarterView.as_view(), "evaluation-open"),
    ("evaluations/export/", views.EvaluationQuarterExportView.as_view(), "evaluation-export"),
    ("evaluations/<int:pk>/", views.EvaluationDetailView.as_view(), "evaluation-detail"),
    ("evaluations/<int:pk>/print/", views.EvaluationPrintView.as_view(), "evaluation-print"),
    ("evaluations/<int:pk>/score/", views.EvaluationScoreView.as_view(), "evaluation-score"),
    ("evaluations/<int:pk>/self/", views.EvaluationSelfAssessView.as_view(), "evaluation-self"),
    ("evaluations/<int:pk>/move/", views.EvaluationMoveView.as_view(), "evaluation-move"),
    ("inspections/new/", views.InspectionCreateView.as_view(), "inspection-create"),
    ("age/", views.AgeStructureView.as_view(), "age"),
]

urlpatterns = [path(f"staff/{route}", view, name=f"staff-{name}") for route, view, name in _PAGES]
