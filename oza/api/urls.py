"""/api/v1/: the URLs of each app's api package (cases, mdo, funding, outcomes), the OpenAPI
schema and Swagger UI. The Swagger UI page has no inline script (the split view serves it),
and Redoc is not offered: its page loads fonts from the internet."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

app_name = "api"

v1 = [
    path("", include("cases.api.urls")),
    path("", include("mdo.api.urls")),
    path("", include("funding.api.urls")),
    path("", include("outcomes.api.urls")),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api:schema"), name="docs"),
]
