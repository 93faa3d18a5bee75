from rest_framework.routers import SimpleRouter

from volunteers.api import views

router = SimpleRouter()
router.register("services/needs", views.NeedViewSet, basename="need")
router.register("services/rates", views.NeedRatesViewSet, basename="need-rates")
router.register("services/items", views.ServiceItemViewSet, basename="service-item")
router.register("services/teams", views.VolunteerTeamViewSet, basename="volunteer-team")
router.register("services/volunteers", views.VolunteerViewSet, basename="volunteer")
router.register("services/records", views.ServiceRecordViewSet, basename="service-record")
router.register("services/garden-projects", views.GardenProjectViewSet, basename="garden-project")
router.register("services/donations", views.DonationViewSet, basename="donation")
router.register("services/adoptions", views.AdoptionViewSet, basename="adoption")
router.register("services/care-logs", views.CareLogViewSet, basename="care-log")
urlpatterns = router.urls
