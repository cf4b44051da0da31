"""The benchmark's two ceilings (bench/run.py), wired only when ``OZA_BENCH_VIEWS`` is set.

``constant`` is what the stack costs without the database; ``one_query`` authenticates the
session (professionals only, like every case page) and runs one indexed query: the floor any
real page pays."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path

from cases.models import TeamMember


def constant(request):
    return HttpResponse("ok", content_type="text/plain")


@login_required
def one_query(request):
    if not request.user.is_professional:
        raise PermissionDenied
    # Index team_user_arrangement.
    count = TeamMember.objects.filter(user=request.user).count()
    return HttpResponse(str(count), content_type="text/plain")


urlpatterns = [
    path("constant/", constant, name="constant"),
    path("one-query/", one_query, name="one_query"),
]
