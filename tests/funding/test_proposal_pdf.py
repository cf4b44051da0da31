"""The proposal for a group arrangement as a PDF (Bijlage 2), from the documents machinery:
every section in it, and at most two A4 at the maximum length."""

import pytest
from django.urls import reverse

from funding.models import PROPOSAL_MAX_CHARACTERS, PROPOSAL_OUTLINE, GroupProposal, outline_keys
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind, DocumentStatus
from tests.factories import UserFactory, write_proposal
from tests.pdf import pdf_text, squash

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return UserFactory(beleidsmedewerker=True)


def rendered(proposal, by):
    document = document_services.document_request(
        by=by, kind=DocumentKind.PROPOSAL, proposal=proposal, audience=Audience.TEAM
    )
    document_services.document_render(document_pk=document.pk)
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE, document.error
    return document


def test_the_pdf_holds_every_section_of_the_proposal(policy):
    proposal = write_proposal(by=policy, title="Faalangstgroep VO")

    text = pdf_text(rendered(proposal, policy))

    assert "Faalangstgroep VO" in text
    for chapter, sections in PROPOSAL_OUTLINE:
        assert str(chapter) in text
        for key, _heading in sections:
            assert squash(proposal.sections[key]) in text


def test_a_proposal_of_the_maximum_length_prints_on_two_a4(policy):
    keys = outline_keys(PROPOSAL_OUTLINE)
    words = "Wij werken samen met school, ouders en jeugdhulp aan een passend aanbod. "
    per_section = PROPOSAL_MAX_CHARACTERS // len(keys)
    sections = {key: (words * 20)[:per_section].strip() for key in keys}
    proposal = GroupProposal(title="Onderwijs-zorggroep", sections=sections, created_by=policy)
    proposal.full_clean(exclude=["created_by"])
    proposal.save()
    assert proposal.proposal_length > PROPOSAL_MAX_CHARACTERS - len(keys) * 2

    document = rendered(proposal, policy)

    assert document.page_count <= 2


def test_any_professional_prints_a_proposal_and_no_child_is_logged(client, policy, outsider):
    proposal = write_proposal(by=policy)
    client.force_login(outsider)

    response = client.post(reverse("documents:proposal_request", args=[proposal.pk]))

    document = proposal.documents.get()
    assert response.status_code == 302
    assert response.url == reverse("documents:status", args=[document.pk])
    assert document_services.document_jeugdige_ids(document) == []
    page = client.get(reverse("funding:proposal_detail", args=[proposal.pk]))
    assert list(page.context["documents"]) == [document]


def test_a_parent_cannot_print_or_fetch_a_proposal(client, policy, portal_user):
    proposal = write_proposal(by=policy)
    document = rendered(proposal, policy)
    client.force_login(portal_user)

    assert client.post(reverse("documents:proposal_request", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 403


def test_a_proposal_is_printed_for_the_team_only(policy):
    proposal = write_proposal(by=policy)
    with pytest.raises(document_services.ValidationError):
        document_services.document_request(
            by=policy, kind=DocumentKind.PROPOSAL, proposal=proposal, audience=Audience.FAMILY
        )
