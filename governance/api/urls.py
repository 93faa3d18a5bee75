from rest_framework.routers import SimpleRouter

from governance.api import enforcement, views

router = SimpleRouter()
router.register("areas", views.AreaViewSet, basename="area")
router.register("residents", views.ResidentViewSet, basename="resident")
router.register("me/assignments", views.MyAssignmentViewSet, basename="my-assignment")
router.register("notifications", views.NotificationViewSet, basename="notification")
# Joint enforcement (issue 7)
router.register(
    "enforcement-departments", enforcement.EnforcementDepartmentViewSet, basename="enforcement-department"
)
router.register("cases", enforcement.EnforcementCaseViewSet, basename="enforcement-case")
router.register("summonses", enforcement.SummonsViewSet, basename="summons")

from governance.api import staff  # noqa: E402  (issue 4)

staff.register(router)
urlpatterns = router.urls
