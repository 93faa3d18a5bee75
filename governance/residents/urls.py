from django.urls import path

from governance.residents import views

urlpatterns = [
    path("residents/", views.ResidentListView.as_view(), name="resident-list"),
    path("residents/new/", views.ResidentCreateView.as_view(), name="resident-create"),
    path("residents/<int:pk>/", views.ResidentDetailView.as_view(), name="resident-detail"),
    path("residents/<int:pk>/edit/", views.ResidentUpdateView.as_view(), name="resident-update"),
    path("residents/households/<int:pk>/print/", views.HouseholdPrintView.as_view(), name="household-print"),
    path("residents/<int:pk>/reveal/", views.ResidentRevealView.as_view(), name="resident-reveal"),
]
