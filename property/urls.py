from django.urls import path

from property import views

app_name = "property"
urlpatterns = [
    path("", views.CompanyListView.as_view(), name="company-list"),
    path("companies/new/", views.CompanyCreateView.as_view(), name="company-create"),
    path("companies/<int:pk>/", views.CompanyDetailView.as_view(), name="company-detail"),
    path("companies/<int:pk>/edit/", views.CompanyUpdateView.as_view(), name="company-update"),
    path("companies/<int:pk>/scorecard/", views.ScorecardView.as_view(), name="company-scorecard"),
    path("contracts/", views.ContractListView.as_view(), name="contract-list"),
    path("contracts/new/", views.ContractCreateView.as_view(), name="contract-create"),
    path("cooperatives/", views.CooperativeListView.as_view(), name="cooperative-list"),
    path("cooperatives/new/", views.CooperativeCreateView.as_view(), name="cooperative-create"),
    path("cooperatives/<int:pk>/", views.CooperativeDetailView.as_view(), name="cooperative-detail"),
    path("cooperatives/<int:pk>/members/new/", views.MemberCreateView.as_view(), name="member-create"),
    path(
        "cooperatives/<int:pk>/agreements/new/", views.AgreementCreateView.as_view(), name="agreement-create"
    ),
    path("fees/", views.FeeListView.as_view(), name="fee-list"),
    path("fees/new/", views.FeeCreateView.as_view(), name="fee-create"),
    path("fees/collection/", views.CollectionView.as_view(), name="collection"),
    path("subsidies/", views.SubsidyListView.as_view(), name="subsidy-list"),
    path("subsidies/new/", views.SubsidyCreateView.as_view(), name="subsidy-create"),
    path("inspections/", views.InspectionListView.as_view(), name="inspection-list"),
    path("inspections/new/", views.InspectionCreateView.as_view(), name="inspection-create"),
    path("inspections/<int:pk>/", views.InspectionDetailView.as_view(), name="inspection-detail"),
    path("inspections/<int:pk>/findings/", views.FindingAddView.as_view(), name="finding-add"),
    path("findings/<int:pk>/fix/", views.FindingFixView.as_view(), name="finding-fix"),
    path("complaints/", views.ComplaintListView.as_view(), name="complaint-list"),
    path("complaints/new/", views.ComplaintCreateView.as_view(), name="complaint-create"),
    path("complaints/<int:pk>/", views.ComplaintDetailView.as_view(), name="complaint-detail"),
    path("complaints/<int:pk>/<str:move>/", views.ComplaintMoveView.as_view(), name="complaint-move"),
    path("re-employment/", views.PlacementListView.as_view(), name="placement-list"),
    path("re-employment/new/", views.PlacementCreateView.as_view(), name="placement-create"),
]
