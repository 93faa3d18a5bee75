from django.urls import path

from governance.reports import views

urlpatterns = [
    path("cockpit/", views.CockpitView.as_view(), name="cockpit"),
    path("reports/", views.ReportListView.as_view(), name="report-list"),
    path("reports/new/", views.ReportCreateView.as_view(), name="report-create"),
    path("reports/statistics/", views.StatisticsPackageView.as_view(), name="report-statistics"),
    path("reports/<int:pk>/", views.ReportDetailView.as_view(), name="report-detail"),
    path("reports/<int:pk>/edit/", views.ReportEditView.as_view(), name="report-edit"),
    path("reports/<int:pk>/download/", views.ReportDownloadView.as_view(), name="report-download"),
]
