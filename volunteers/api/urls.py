from django.urls import path
from rest_framework.routers import SimpleRouter

from volunteers.api import open311, views

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

# Open311 GeoReport v2, public: mounted at /open311/v2/ by config/urls.py (JSON only, hence the suffix).
open311_patterns = (
    [
        path("discovery.json", open311.DiscoveryView.as_view(), name="discovery"),
        path("services.json", open311.ServiceListView.as_view(), name="services"),
        path("services/<str:service_code>.json", open311.ServiceDefinitionView.as_view(), name="service"),
        path("requests.json", open311.RequestListView.as_view(), name="requests"),
        path("requests/<str:service_request_id>.json", open311.RequestDetailView.as_view(), name="request"),
        path("tokens/<str:token>.json", open311.TokenView.as_view(), name="token"),
        path("places.json", open311.PlaceListView.as_view(), name="places"),
    ],
    "open311",
)
