from rest_framework.routers import SimpleRouter

from partybuilding.api import views

router = SimpleRouter()
router.register("party/resident-units", views.ResidentUnitViewSet, basename="party-resident-unit")
router.register("party/organisations", views.PartyOrganisationViewSet, basename="party-organisation")
router.register("party/members", views.PartyMemberViewSet, basename="party-member")
router.register("party/check-ins", views.CommunityCheckInViewSet, basename="party-check-in")
router.register("party/committees", views.JointCommitteeViewSet, basename="party-committee")
router.register("party/committee-seats", views.CommitteeSeatViewSet, basename="party-committee-seat")
router.register("party/meetings", views.MeetingViewSet, basename="party-meeting")
router.register("party/actions", views.FollowUpActionViewSet, basename="party-action")
router.register("party/pledges", views.PledgeViewSet, basename="party-pledge")
router.register("party/supervision-posts", views.SupervisionPostViewSet, basename="party-supervision-post")
urlpatterns = router.urls
