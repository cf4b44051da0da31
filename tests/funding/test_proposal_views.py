"""The pages of group-arrangement proposals: the policy overview, writing, submitting, recording
the forums' decisions, and linking a group oza to its proposal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from funding.models import (
    BUSINESS_CASE_OUTLINE,
    PROPOSAL_MAX_CHARACTERS,
    PROPOSAL_OUTLINE,
    GroupProposal,
    ProposalStage,
    outline_keys,
)
from tests.factories import (
    JeugdigeFactory,
    UserFactory,
    make_group_arrangement,
    take_proposal_to,
    write_proposal,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def policy():
    return UserFactory(beleidsmedewerker=True)


def form_data(title="Onderwijs-zorggroep", fill="Tekst", **overrides) -> dict:
    data = {"title": title, "business_case_kind": "businesscase"}
    for prefix, outline in (
        ("proposal", PROPOSAL_OUTLINE),
        ("business_case", BUSINESS_CASE_OUTLINE),
    ):
        for key in outline_keys(outline):
            data[f"{prefix}-{key}"] = f"{fill} {key}" if fill else ""
    data.update(overrides)
    return data


def test_every_professional_sees_the_overview_and_a_parent_does_not(client, policy, portal_user):
    first = write_proposal(by=policy, title="Faalangstgroep VO")
    take_proposal_to(write_proposal(by=policy, title="Concentratiegroep PO"), "pora", by=policy)

    client.force_login(UserFactory(intern_begeleider=True))
    response = client.get(reverse("funding:proposal_list"))
    assert response.status_code == 200
    assert [p.title for p in response.context["proposals"]] == [
        "Faalangstgroep VO",
        "Concentratiegroep PO",
    ]
    assert "Portefeuillehoudersoverleg (PORA)" in response.content.decode()

    response = client.get(reverse("funding:proposal_list"), {"stage": "pora"})
    assert [p.title for p in response.context["proposals"]] == ["Concentratiegroep PO"]

    client.force_login(portal_user)
    assert client.get(reverse("funding:proposal_list")).status_code == 403
    assert client.get(reverse("funding:proposal_detail", args=[first.pk])).status_code == 403


def test_the_overview_costs_the_same_queries_for_3_and_30_proposals(client, policy, settings):
    settings.OZA_PAGE_SIZE = 100
    client.force_login(policy)
    url = reverse("funding:proposal_list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for n in range(3):
        take_proposal_to(write_proposal(by=policy, title=f"Groep {n}"), "rbo", by=policy)
    with_3 = count()
    for n in range(27):
        take_proposal_to(write_proposal(by=policy, title=f"Groep {n + 3}"), "oogo", by=policy)
    assert count() == with_3


def test_a_professional_writes_a_proposal_in_the_browser_form(client, procesbegeleider):
    client.force_login(procesbegeleider)
    assert client.get(reverse("funding:proposal_add")).status_code == 200

    response = client.post(reverse("funding:proposal_add"), form_data())

    proposal = GroupProposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("funding:proposal_detail", args=[proposal.pk])
    assert proposal.created_by == procesbegeleider
    assert proposal.sections["target_group"] == "Tekst target_group"
    assert proposal.business_case["mission"] == "Tekst mission"
    page = client.get(response.url).content.decode()
    assert "Tekst target_group" in page
    assert "Besluitvorming (bijlage 4)" in page


def test_a_proposal_too_long_is_refused_with_the_input_kept(client, procesbegeleider):
    client.force_login(procesbegeleider)
    data = form_data(**{"proposal-approach": "x" * (PROPOSAL_MAX_CHARACTERS + 1)})

    response = client.post(reverse("funding:proposal_add"), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert "ongeveer twee A4" in page
    assert "Tekst target_group" in page
    assert not GroupProposal.objects.exists()


def test_the_business_case_starts_from_the_proposal(client, policy):
    proposal = GroupProposal.objects.create(
        title="Groep", sections={"reason": "De aanleiding."}, created_by=policy
    )
    client.force_login(policy)

    form = client.get(reverse("funding:proposal_edit", args=[proposal.pk])).context["form"]

    assert form["business_case-reason"].value() == "De aanleiding."
    assert form["business_case-mission"].value() == ""


def test_a_stale_edit_is_refused_and_keeps_the_input(client, policy):
    proposal = write_proposal(by=policy)
    client.force_login(policy)
    url = reverse("funding:proposal_edit", args=[proposal.pk])
    stale = form_data(title="Mijn titel", version=proposal.version)
    client.post(url, form_data(title="Titel van een collega", version=proposal.version))

    response = client.post(url, stale)

    assert response.status_code == 409
    assert "Mijn titel" in response.content.decode()
    assert "Titel van een collega" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title == "Titel van een collega"


def test_someone_else_cannot_edit(client, policy, outsider):
    proposal = write_proposal(by=policy)
    client.force_login(outsider)

    assert client.get(reverse("funding:proposal_edit", args=[proposal.pk])).status_code == 403
    assert (
        client.post(reverse("funding:proposal_edit", args=[proposal.pk]), form_data()).status_code
        == 403
    )


def test_submit_and_record_the_forums_from_the_page(client, policy):
    proposal = write_proposal(by=policy)
    client.force_login(policy)
    detail = reverse("funding:proposal_detail", args=[proposal.pk])

    client.post(reverse("funding:proposal_submit", args=[proposal.pk]))
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.POLICY_MEETING
    step_form = client.get(detail).context["step_form"]
    assert [value for value, _label in step_form.fields["outcome"].choices] == ["geinformeerd"]

    today = timezone.localdate().isoformat()
    response = client.post(
        reverse("funding:proposal_step", args=[proposal.pk]),
        {"outcome": "geinformeerd", "held_on": today, "minutes_reference": "BO-2026-14"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.RBO

    response = client.post(
        reverse("funding:proposal_step", args=[proposal.pk]),
        {"outcome": "akkoord", "held_on": today, "minutes_reference": ""},
    )
    assert response.status_code == 400
    assert "Vul het kenmerk van het verslag of de besluitenlijst in." in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.RBO


def test_submitting_an_incomplete_proposal_says_what_is_missing(client, policy):
    proposal = write_proposal(by=policy, complete=False)
    client.force_login(policy)

    response = client.post(reverse("funding:proposal_submit", args=[proposal.pk]), follow=True)

    assert "Nog leeg: Aanleiding, Doelgroep" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.stage == ProposalStage.DRAFT


def test_only_policy_staff_record_a_decision(client, policy, procesbegeleider):
    proposal = take_proposal_to(write_proposal(by=procesbegeleider), "rbo", by=policy)
    client.force_login(procesbegeleider)

    assert (
        "step_form"
        not in client.get(reverse("funding:proposal_detail", args=[proposal.pk])).context
    )
    response = client.post(
        reverse("funding:proposal_step", args=[proposal.pk]),
        {"outcome": "akkoord", "held_on": timezone.localdate(), "minutes_reference": "RBO-1"},
    )
    assert response.status_code == 403


def test_a_group_oza_is_linked_to_its_proposal_and_shows_its_stage(
    client, procesbegeleider, policy
):
    proposal = take_proposal_to(write_proposal(by=policy), "pora", by=policy)
    refused = take_proposal_to(write_proposal(by=policy, title="Afgewezen groep"), "rbo", by=policy)
    refused.reject()
    refused.save()
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, members=[JeugdigeFactory()], group_proposal=None
    )
    client.force_login(procesbegeleider)
    page = client.get(reverse("cases:arrangement_detail", args=[group.pk])).content.decode()
    assert "nog geen voorstel gekoppeld" in page

    form = client.get(reverse("cases:arrangement_update", args=[group.pk])).context["form"]
    assert list(form.fields["group_proposal"].queryset) == [proposal]

    data = {
        "name": group.name,
        "setting": group.setting,
        "location": group.location,
        "planned_start": group.planned_start.isoformat(),
        "planned_end": group.planned_end.isoformat(),
        "capacity": group.capacity,
        "group_proposal": proposal.pk,
        "support_questions": "",
        "protective_factors": "",
        "hindering_factors": "",
        "functions": ["aanpassen"],
        "version": group.version,
    }
    response = client.post(reverse("cases:arrangement_update", args=[group.pk]), data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.group_proposal == proposal
    page = client.get(reverse("cases:arrangement_detail", args=[group.pk])).content.decode()
    assert "Portefeuillehoudersoverleg (PORA)" in page
    detail = client.get(reverse("funding:proposal_detail", args=[proposal.pk]))
    assert list(detail.context["arrangements"]) == [group]
