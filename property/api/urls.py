from rest_framework.routers import SimpleRouter

from property.api import views

router = SimpleRouter()
router.register("property/companies", views.CompanyViewSet, basename="property-company")
router.register("property/contracts", views.ContractViewSet, basename="property-contract")
router.register("property/cooperatives", views.CooperativeViewSet, basename="property-cooperative")
router.register(
    "property/cooperative-members", views.CooperativeMemberViewSet, basename="property-cooperative-member"
)
router.register("property/agreements", views.AgreementViewSet, basename="property-agreement")
router.register("property/fees", views.FeeRecordViewSet, basename="property-fee")
router.register("property/subsidies", views.SubsidyViewSet, basename="property-subsidy")
router.register("property/inspections", views.InspectionViewSet, basename="property-inspection")
router.register("property/findings", views.FindingViewSet, basename="property-finding")
router.register("property/complaints", views.ComplaintViewSet, basename="property-complaint")
router.register("property/placements", views.PlacementViewSet, basename="property-placement")
urlpatterns = router.urls
