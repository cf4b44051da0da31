from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("funding-lines", views.FundingLineViewSet, basename="funding-line")
router.register("proposals", views.GroupProposalViewSet, basename="proposal")

urlpatterns = router.urls
