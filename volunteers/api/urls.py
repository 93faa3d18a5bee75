from rest_framework.routers import SimpleRouter

from volunteers.api import views

router = SimpleRouter()
router.register("needs", views.NeedViewSet, basename="need")
router.register("service-items", views.ServiceItemViewSet, basename="service-item")
router.register("volunteer-teams", views.VolunteerTeamViewSet, basename="volunteer-team")
router.register("volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("service-records", views.ServiceRecordViewSet, basename="service-record")
router.register("garden-projects", views.GardenProjectViewSet, basename="garden-project")
router.register("donations", views.DonationViewSet, basename="donation")
router.register("adoptions", views.AdoptionViewSet, basename="adoption")
router.register("care-logs", views.CareLogViewSet, basename="care-log")
urlpatterns = router.urls
