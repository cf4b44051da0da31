"""Portal isolation: a child is reached only through the portal selector; professionals are
not family; parents never see professional pages. The URL lists are read from the URLconf, so
a new page is covered without changing these tests."""

import re
from datetime import timedelta

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from outcomes.models import SurveyMoment
from outcomes.services import survey_offer
from oza.portal import urls as portal_urls
from tests.factories import (
    make_individual_arrangement,
    plan_mdo,
    portal_guardian,
    shared_family_plan,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def child_patterns():
    return [p for p in portal_urls.urlpatterns if "jeugdige_pk" in p.pattern.converters]


def _family():
    arrangement = make_individual_arrangement(guardians=0)
    jeugdige = the_jeugdige(arrangement)
    parent = portal_guardian(jeugdige)
    meeting = plan_mdo(arrangement, starts_at=timezone.now() + timedelta(days=3))
    survey = survey_offer(arrangement=arrangement, moment=SurveyMoment.EVALUATION)[0]
    document = shared_family_plan(arrangement, jeugdige=jeugdige)
    return {
        "jeugdige": jeugdige,
        "parent": parent,
        "meeting": meeting,
        "survey": survey,
        "document": document,
    }


def kwargs_for(pattern, family):
    values = {
        "jeugdige_pk": family["jeugdige"].pk,
        "meeting_pk": family["meeting"].pk,
        "survey_pk": family["survey"].pk,
        "document_pk": family["document"].pk,
    }
    missing = set(pattern.pattern.converters) - set(values)
    assert not missing, f"add a value for {missing} of {pattern.name} to this test"
    return {name: values[name] for name in pattern.pattern.converters}


def test_there_are_child_pages_to_check():
    names = {p.name for p in child_patterns()}
    assert {
        "plan",
        "meetings",
        "meeting_ics",
        "documents",
        "document_download",
        "consent",
        "surveys",
        "viewed",
    } <= names


def test_a_parent_of_child_a_gets_404_on_every_page_of_child_b(client):
    a, b = _family(), _family()
    client.force_login(a["parent"].user)
    for pattern in child_patterns():
        # The page works for child A's own data ...
        own = reverse(f"portal:{pattern.name}", kwargs=kwargs_for(pattern, a))
        assert client.get(own).status_code == 200, own
        # ... and is a 404 for child B, on GET and on POST.
        other = reverse(f"portal:{pattern.name}", kwargs=kwargs_for(pattern, b))
        assert client.get(other).status_code == 404, other
        assert client.post(other, {"subject": "akkoord", "given": "1"}).status_code == 404, other
        # Mixing A's child with B's objects is a 404 too.
        mixed = {**kwargs_for(pattern, b), "jeugdige_pk": a["jeugdige"].pk}
        if len(mixed) > 1:
            url = reverse(f"portal:{pattern.name}", kwargs=mixed)
            assert client.get(url).status_code == 404, url


# The toegankelijkheidsverklaring is for anyone, professionals and visitors included.
PUBLIC_PORTAL = {"accessibility"}


def test_portal_pages_refuse_professionals(client, procesbegeleider):
    family = _family()
    # Even a professional on the child's team is not family.
    team_member = family["jeugdige"].participations.get().arrangement.procesbegeleider
    for user in (procesbegeleider, team_member):
        client.force_login(user)
        for pattern in portal_urls.urlpatterns:
            if pattern.name in PUBLIC_PORTAL:
                assert client.get(reverse(f"portal:{pattern.name}")).status_code == 200
                continue
            if pattern.name == "accept":
                url = reverse("portal:accept", kwargs={"token": "x"})
            elif pattern.pattern.converters:
                url = reverse(f"portal:{pattern.name}", kwargs=kwargs_for(pattern, family))
            else:
                url = reverse(f"portal:{pattern.name}")
            assert client.get(url).status_code == 403, url


def test_portal_pages_send_anonymous_visitors_to_the_login(client):
    family = _family()
    for pattern in child_patterns():
        url = reverse(f"portal:{pattern.name}", kwargs=kwargs_for(pattern, family))
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url


# The API's schema and its Swagger UI describe the API and hold no data: public.
PUBLIC = {"login", "logout", "set_language", "healthz", "schema", "docs"}


def _professional_urls(resolver=None, prefix=""):
    """Every non-portal, non-admin page of the project, with 1 for each number in its path."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = entry.namespace or ""
            if namespace in {"admin", "portal"}:
                continue
            yield from _professional_urls(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern) and entry.name not in PUBLIC:
            # Path converters (<int:pk>) and, for the API's routers, regex groups and anchors.
            path = re.sub(r"<(?:\w+:)?\w+>|\(\?P<\w+>[^)]*\)", "1", prefix + str(entry.pattern))
            yield "/" + path.replace("^", "").replace("$", "")


def test_professional_pages_refuse_a_parent(client):
    family = _family()
    client.force_login(family["parent"].user)
    urls = list(_professional_urls())
    assert "/" in urls and "/jeugdigen/1/portaaltoegang/" in urls
    assert len(urls) > 20
    for url in urls:
        assert client.get(url).status_code == 403, url
