from django.urls import path

from governance.enforcement import views

urlpatterns = [
    path("cases/", views.CaseListView.as_view(), name="enforcement-case-list"),
    path("cases/new/", views.CaseCreateView.as_view(), name="enforcement-case-create"),
    path("cases/scorecard/", views.ScorecardView.as_view(), name="enforcement-scorecard"),
    path("cases/departments/", views.DepartmentListView.as_view(), name="enforcement-department-list"),
    path(
        "cases/departments/<int:pk>/",
        views.DepartmentDetailView.as_view(),
        name="enforcement-department-detail",
    ),
    path("cases/<int:pk>/", views.CaseDetailView.as_view(), name="enforcement-case-detail"),
    path("cases/<int:pk>/print/", views.CasePrintView.as_view(), name="enforcement-case-print"),
    path("cases/<int:pk>/move/", views.CaseMoveView.as_view(), name="enforcement-case-move"),
    path("cases/<int:pk>/summon/", views.CaseSummonView.as_view(), name="enforcement-case-summon"),
    path("cases/<int:pk>/photos/", views.CasePhotoAddView.as_view(), name="enforcement-case-photo-add"),
    path("cases/photos/<int:pk>/", views.CasePhotoView.as_view(), name="enforcement-photo"),
    path("cases/summons/<int:pk>/", views.SummonsStepView.as_view(), name="enforcement-summons-step"),
]
