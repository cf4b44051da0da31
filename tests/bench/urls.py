"""The project's URLs with the benchmark's views, as OZA_BENCH_VIEWS=1 wires them."""

from django.urls import include, path

from oza.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("_bench/", include(("oza.bench_views", "bench"))), *project_urlpatterns]
