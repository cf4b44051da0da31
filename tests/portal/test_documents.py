"""Documents in the portal: only the ouders/jeugdige versions the team shared, of the family's
own child, downloaded with an audit row, with nothing unshared and no amounts in them."""

import pytest
from django.urls import reverse

from cases.models import Phase
from oza.audit.models import AuditAction, AuditEvent
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind
from tests.factories import (
    JeugdigeFactory,
    grant_funding,
    make_group_arrangement,
    make_individual_arrangement,
    portal_guardian,
    shared_family_plan,
    the_jeugdige,
)
from tests.pdf import pdf_bytes_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def family(procesbegeleider):
    arrangement = make_individual_arrangement(
        procesbegeleider=procesbegeleider, phase=Phase.EXECUTION
    )
    jeugdige = the_jeugdige(arrangement)
    return arrangement, jeugdige, portal_guardian(jeugdige)


def render(arrangement, jeugdige, by, audience):
    document = document_services.document_request(
        by=by,
        kind=DocumentKind.PLAN,
        arrangement=arrangement,
        jeugdige=jeugdige,
        audience=audience,
    )
    document_services.document_render(document_pk=document.pk)
    document.refresh_from_db()
    return document


def test_the_page_lists_only_shared_family_versions(client, family, procesbegeleider):
    arrangement, jeugdige, parent = family
    shared = shared_family_plan(arrangement, jeugdige=jeugdige)
    render(arrangement, jeugdige, procesbegeleider, Audience.FAMILY)  # not shared
    render(arrangement, jeugdige, procesbegeleider, Audience.TEAM)  # never for the family
    client.force_login(parent.user)

    response = client.get(reverse("portal:documents", args=[jeugdige.pk]))

    assert response.status_code == 200
    assert list(response.context["documents"]) == [shared]


def test_a_parent_downloads_the_shared_plan_without_amounts(client, family, procesbegeleider):
    arrangement, jeugdige, parent = family
    line = arrangement.funding_lines.get()
    assert line.amount is not None
    document = shared_family_plan(arrangement, jeugdige=jeugdige)
    client.force_login(parent.user)

    response = client.get(reverse("portal:document_download", args=[jeugdige.pk, document.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_bytes_text(b"".join(response.streaming_content))
    assert str(jeugdige) in text
    assert "Bekostiging" not in text
    assert f"{line.amount:.2f}".replace(".", ",") not in text
    assert f"{line.amount:.2f}" not in text
    event = AuditEvent.objects.get(actor=parent.user, action=AuditAction.EXPORT)
    assert event.jeugdige_id == jeugdige.pk
    assert event.object_type == "documents.Document"


def test_an_unshared_version_is_gone_from_the_portal(client, family, procesbegeleider):
    arrangement, jeugdige, parent = family
    document = shared_family_plan(arrangement, jeugdige=jeugdige)
    document_services.document_share(document=document, by=procesbegeleider, shared=False)
    client.force_login(parent.user)

    url = reverse("portal:document_download", args=[jeugdige.pk, document.pk])
    assert client.get(url).status_code == 404
    assert not client.get(reverse("portal:documents", args=[jeugdige.pk])).context["documents"]


def test_in_a_group_a_family_gets_only_its_own_childs_plan(client, procesbegeleider):
    mine, other = JeugdigeFactory(age=9), JeugdigeFactory(age=9)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[mine, other])
    grant_funding(group, by=procesbegeleider)
    parent = portal_guardian(mine)
    own = shared_family_plan(group, jeugdige=mine)
    theirs = shared_family_plan(group, jeugdige=other)
    client.force_login(parent.user)

    listed = client.get(reverse("portal:documents", args=[mine.pk])).context["documents"]

    assert list(listed) == [own]
    url = reverse("portal:document_download", args=[mine.pk, theirs.pk])
    assert client.get(url).status_code == 404
