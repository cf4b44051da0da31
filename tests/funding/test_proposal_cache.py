"""The proposals for group arrangements (the list, one proposal, its form, and the same through
the API) come from the cache while nothing they show changed (cases.cache.proposals_read): a
proposal, a forum's step, a group oza resting on one, a document of one, or a name shows at
once."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from cases import services as case_services
from cases.models import TeamRole
from funding import proposals
from funding.api.views import GroupProposalViewSet
from funding.models import ProposalStage
from funding.views import ProposalDetailView, ProposalEditView, ProposalListView
from oza.documents import rendering
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind
from tests.factories import (
    UserFactory,
    make_group_arrangement,
    take_proposal_to,
    write_proposal,
)
from tests.reading import calls_of, read_main

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def policy():
    return UserFactory(beleidsmedewerker=True, first_name="Hanna", last_name="Smit")


@pytest.fixture
def proposal(policy):
    return write_proposal(by=policy, title="Faalangstgroep VO")


def list_page(proposal):
    return reverse("funding:proposal_list")


def detail_page(proposal):
    return reverse("funding:proposal_detail", args=[proposal.pk])


def edit_page(proposal):
    return reverse("funding:proposal_edit", args=[proposal.pk])


def new_page(proposal):
    return reverse("funding:proposal_add")


@pytest.mark.parametrize(
    ("page_of", "view"),
    [
        (list_page, ProposalListView),
        (detail_page, ProposalDetailView),
        (edit_page, ProposalEditView),
        (new_page, ProposalEditView),
    ],
)
def test_a_repeated_proposals_page_comes_from_the_cache(
    client, policy, proposal, page_of, view, monkeypatch
):
    made = calls_of(monkeypatch, view, "get_context_data")
    first, _queries = read_main(client, policy, page_of(proposal))
    second, _queries = read_main(client, policy, page_of(proposal))
    assert "Faalangstgroep VO" in first or page_of is new_page
    assert second == first
    assert len(made) == 1


def write_another(proposal, policy):
    write_proposal(by=policy, title="Concentratiegroep PO")
    return "Concentratiegroep PO"


def submit(proposal, policy):
    proposals.proposal_submit(by=policy, proposal=proposal)
    return 'class="tag tag-warning"'  # no longer a draft: on the route


def record_a_step(proposal, policy):
    take_proposal_to(proposal, "rbo", by=policy)
    return "eïnformeerd"  # the beleidsoverleg's outcome: (G|g)eïnformeerd


def rename_the_writer(proposal, policy):
    policy.last_name = "Smit-Jansen"
    policy.save()
    return "Smit-Jansen"


def retitle(proposal, policy):
    proposals.proposal_save(
        by=policy,
        proposal=proposal,
        title="Faalangstgroep VO en MBO",
        sections=proposal.sections,
        business_case_kind=proposal.business_case_kind,
        business_case=proposal.business_case,
        expected_version=proposal.version,
    )
    return "Faalangstgroep VO en MBO"


def request_its_pdf(proposal, policy):
    document_services.document_request(
        by=policy, kind=DocumentKind.PROPOSAL, proposal=proposal, audience=Audience.TEAM
    )
    return "Voorstel groepsarrangement versie 1"


@pytest.mark.parametrize(
    ("page_of", "change"),
    [
        (list_page, write_another),
        (list_page, submit),
        (list_page, record_a_step),
        (list_page, rename_the_writer),
        (detail_page, submit),
        (detail_page, record_a_step),
        (detail_page, request_its_pdf),
        (edit_page, retitle),
    ],
)
def test_a_change_to_the_proposals_shows_at_once(client, policy, proposal, page_of, change):
    url = page_of(proposal)
    read_main(client, policy, url)
    before, _queries = read_main(client, policy, url)
    expected = change(proposal, policy)
    assert expected not in before
    assert expected in read_main(client, policy, url)[0]


def test_the_form_of_a_proposal_decided_on_is_closed_at_once(client, policy, proposal):
    url = edit_page(proposal)
    read_main(client, policy, url)
    read_main(client, policy, url)
    take_proposal_to(proposal, ProposalStage.DECIDED, by=policy)
    assert client.get(url).status_code == 403


def test_the_group_ozas_on_a_proposal_are_those_the_reader_may_open(client, policy, proposal):
    decided = take_proposal_to(proposal, "besloten", by=policy)
    group = make_group_arrangement(group_proposal=decided, name="Groep B")
    colleague = UserFactory(intern_begeleider=True)
    url = detail_page(decided)
    assert str(group) not in read_main(client, colleague, url)[0]
    case_services.team_member_add(
        by=group.procesbegeleider, arrangement=group, user=colleague, role=TeamRole.MENTOR
    )
    assert str(group) in read_main(client, colleague, url)[0]


def test_a_parent_never_gets_a_cached_proposals_page(client, policy, proposal, portal_user):
    read_main(client, policy, list_page(proposal))
    client.force_login(portal_user)
    assert client.get(list_page(proposal)).status_code == 403
    assert client.get(detail_page(proposal)).status_code == 403


@pytest.mark.parametrize("detail", [False, True])
def test_the_apis_proposals_come_from_the_cache_and_show_a_change_at_once(
    policy, proposal, detail, monkeypatch
):
    client = APIClient()
    client.force_login(policy)
    url = f"/api/v1/proposals/{proposal.pk}/" if detail else "/api/v1/proposals/"
    made = calls_of(monkeypatch, GroupProposalViewSet, "get_queryset")
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert len(made) == 1
    submit(proposal, policy)
    record = client.get(url).json()
    if not detail:
        [record] = record["results"]
    assert record["stage"] == "beleidsoverleg"


@pytest.mark.parametrize("page_of", [list_page, detail_page])
def test_a_group_oza_started_on_a_proposal_shows_at_once(client, policy, proposal, page_of):
    decided = take_proposal_to(proposal, "besloten", by=policy)
    url = page_of(decided)
    read_main(client, policy, url)
    make_group_arrangement(procesbegeleider=policy, group_proposal=decided, name="Groep A")
    shown = read_main(client, policy, url)[0]
    if page_of is list_page:
        assert '<td class="col-optional">1</td>' in shown  # the oza's on it
    else:
        assert "Groep A" in shown


def test_a_pdf_the_worker_could_not_make_shows_at_once(client, policy, proposal, monkeypatch):
    """The worker marks a failed rendering with a queryset update, which sends no signal."""
    document = document_services.document_request(
        by=policy, kind=DocumentKind.PROPOSAL, proposal=proposal, audience=Audience.TEAM
    )
    url = detail_page(proposal)
    read_main(client, policy, url)
    assert "mislukt" not in read_main(client, policy, url)[0]
    monkeypatch.setattr(rendering, "render_pdf", lambda *args, **kwargs: 1 / 0)
    document_services.document_render(document_pk=document.pk)
    assert "mislukt" in read_main(client, policy, url)[0]
