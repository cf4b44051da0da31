from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("mdos", views.MeetingViewSet, basename="mdo")
router.register("agreements", views.AgreementViewSet, basename="agreement")

urlpatterns = router.urls
