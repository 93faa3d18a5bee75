from rest_framework.routers import SimpleRouter

from governance.api import views

router = SimpleRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("residents", views.ResidentViewSet, basename="resident")
router.register("me/assignments", views.MyAssignmentViewSet, basename="my-assignment")
router.register("notifications", views.NotificationViewSet, basename="notification")
urlpatterns = router.urls
