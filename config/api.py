"""One API root: every app's router registered under /api/ (walked by the scope test)."""

from rest_framework.routers import DefaultRouter

from governance.api import router as governance_router
from partybuilding.api.urls import router as partybuilding_router
from property.api.urls import router as property_router
from volunteers.api.urls import router as volunteers_router

router = DefaultRouter()
for app_router in (governance_router, partybuilding_router, property_router, volunteers_router):
    router.registry.extend(app_router.registry)

urlpatterns = router.urls
