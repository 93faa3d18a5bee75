from django.urls import path

from governance.territory import views

urlpatterns = [
    path("areas/", views.AreaListView.as_view(), name="area-list"),
    path("areas/<int:pk>/", views.AreaDetailView.as_view(), name="area-detail"),
    path("areas/<int:pk>/add/", views.AreaAddChildView.as_view(), name="area-add-child"),
]
