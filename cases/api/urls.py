from rest_framework.routers import SimpleRouter

from . import views

router = SimpleRouter()
router.register("jeugdigen", views.JeugdigeViewSet, basename="jeugdige")
router.register("ozas", views.ArrangementViewSet, basename="oza")

urlpatterns = router.urls
