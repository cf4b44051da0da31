from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from oza.portal import views as portal_views

from . import views

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", portal_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("oza.accounts.urls")),
    path("avg/", include("oza.avg.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", include("oza.api.urls")),
    path("documenten/", include("oza.documents.urls")),
    path("portaal/", include("oza.portal.urls")),
    path("uitkomsten/", include("outcomes.urls")),
    path("jeugdigen/<int:pk>/portaaltoegang/", include("oza.portal.team_urls")),
    path("", include("mdo.urls")),
    path("", include("funding.urls")),
    path("", include("cases.urls")),
]

if settings.OZA_BENCH_VIEWS:
    # Only for bench/run.py; settings refuse this flag in production.
    urlpatterns.insert(0, path("_bench/", include(("oza.bench_views", "bench"))))
