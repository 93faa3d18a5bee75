from django.urls import path

from governance.dataimport import views

urlpatterns = [
    path("imports/", views.ImportIndexView.as_view(), name="import-index"),
    path("imports/<slug:roster>/template/", views.RosterTemplateView.as_view(), name="import-template"),
    path("imports/<slug:roster>/export/", views.RosterExportView.as_view(), name="import-export"),
    path("imports/<slug:roster>/upload/", views.RosterUploadView.as_view(), name="import-upload"),
    path("imports/batch/<int:pk>/", views.BatchDetailView.as_view(), name="import-detail"),
    path("imports/batch/<int:pk>/confirm/", views.BatchConfirmView.as_view(), name="import-confirm"),
    path("imports/batch/<int:pk>/undo/", views.BatchUndoView.as_view(), name="import-undo"),
    path("imports/batch/<int:pk>/checked.xlsx", views.BatchErrorsView.as_view(), name="import-errors"),
]
