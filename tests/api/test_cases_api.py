"""Jeugdigen and oza's through the API: the selectors decide, the services write, reads are
logged, stale writes refused."""

import pytest
from rest_framework.test import APIClient

from cases.models import Goal, Jeugdige, Phase, PhaseTransition
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GemeenteFactory,
    SchoolFactory,
    TeamMemberFactory,
    UserFactory,
    give_consent,
    make_api_token,
    make_individual_arrangement,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def api(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_list_uses_the_dossier_filterset_and_is_paginated(procesbegeleider, settings):
    settings.OZA_API_PAGE_SIZE = 2
    ozas = [make_individual_arrangement(procesbegeleider=procesbegeleider) for _ in range(3)]
    prepared = make_individual_arrangement(
        procesbegeleider=procesbegeleider, phase=Phase.PREPARATION
    )
    client = api(procesbegeleider)

    first = client.get("/api/v1/ozas/").json()
    assert first["count"] == 4 and len(first["results"]) == 2 and first["next"]
    assert len(client.get("/api/v1/ozas/?page_size=500").json()["results"]) == 4

    filtered = client.get("/api/v1/ozas/?phase=voorbereiding").json()
    assert [row["id"] for row in filtered["results"]] == [prepared.pk]
    searched = client.get("/api/v1/ozas/", {"q": the_jeugdige(ozas[1]).bsn}).json()
    assert [row["id"] for row in searched["results"]] == [ozas[1].pk]

    wrong = client.get("/api/v1/ozas/?phase=bestaat_niet")
    assert wrong.status_code == 400
    assert "phase" in wrong.json()


def test_oza_detail_has_team_participants_and_goals_and_is_audited(procesbegeleider, oza):
    goal = Goal.objects.create(
        arrangement=oza, domain="onderwijs", description="Leest", target_date="2030-01-01"
    )
    response = api(procesbegeleider).get(f"/api/v1/ozas/{oza.pk}/")

    body = response.json()
    assert response.status_code == 200
    assert response["ETag"] == f'"{oza.version}"'
    assert body["phase"] == "orientatie"
    assert [m["user"] for m in body["team"]] == [procesbegeleider.pk]
    assert body["team"][0]["role"] == "procesbegeleider"
    assert [p["jeugdige"] for p in body["participants"]] == [the_jeugdige(oza).pk]
    assert [g["id"] for g in body["goals"]] == [goal.pk]
    event = AuditEvent.objects.get(actor=procesbegeleider, action=AuditAction.VIEW)
    assert event.jeugdige == the_jeugdige(oza)
    assert event.object_type == "cases.Arrangement" and event.path == f"/api/v1/ozas/{oza.pk}/"


def test_list_is_audited_per_jeugdige_shown(procesbegeleider, oza):
    api(procesbegeleider).get("/api/v1/ozas/")
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, action=AuditAction.LIST, jeugdige=the_jeugdige(oza)
    ).exists()


def test_off_the_team_is_404_everywhere(outsider, oza):
    client = api(outsider)
    jeugdige = the_jeugdige(oza)
    assert client.get(f"/api/v1/ozas/{oza.pk}/").status_code == 404
    assert client.get(f"/api/v1/jeugdigen/{jeugdige.pk}/").status_code == 404
    assert client.get("/api/v1/ozas/").json()["results"] == []
    response = client.post(
        f"/api/v1/ozas/{oza.pk}/transitions/", {"to": "start_preparation"}, format="json"
    )
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(actor=outsider).exists()


def test_beheerder_without_break_the_glass_sees_nothing(swv_admin, oza):
    client = api(swv_admin)
    assert client.get(f"/api/v1/ozas/{oza.pk}/").status_code == 404
    assert client.get("/api/v1/jeugdigen/").json()["count"] == 0


def test_transition_refused_is_409_with_the_guards_reasons(procesbegeleider, oza):
    response = api(procesbegeleider).post(
        f"/api/v1/ozas/{oza.pk}/transitions/", {"to": "start_preparation"}, format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["detail"] == "Deze stap is geweigerd."
    assert isinstance(body["reasons"], list) and body["reasons"]
    assert any("akkoord" in reason.lower() for reason in body["reasons"])
    oza.refresh_from_db()
    assert oza.phase == Phase.ORIENTATION
    assert not PhaseTransition.objects.exists()


def test_transition_by_the_procesbegeleider_moves_the_phase(procesbegeleider, oza):
    from tests.factories import hold_start_mdo

    give_consent(oza)
    hold_start_mdo(oza)
    response = api(procesbegeleider).post(
        f"/api/v1/ozas/{oza.pk}/transitions/",
        {"to": "start_preparation", "reason": "Akkoord en start-MDO gehouden"},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["phase"] == Phase.PREPARATION
    step = PhaseTransition.objects.get(arrangement=oza)
    assert step.by == procesbegeleider and step.reason == "Akkoord en start-MDO gehouden"
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, action=AuditAction.TRANSITION, jeugdige=the_jeugdige(oza)
    ).exists()


def test_transition_by_another_team_member_is_refused(oza, team_member):
    TeamMemberFactory(arrangement=oza, user=team_member, role="intern_begeleider")
    give_consent(oza)
    response = api(team_member).post(
        f"/api/v1/ozas/{oza.pk}/transitions/", {"to": "start_preparation"}, format="json"
    )
    assert response.status_code == 409
    assert any("procesbegeleider" in r for r in response.json()["reasons"])


def test_unknown_step_is_400_in_dutch(procesbegeleider, oza):
    response = api(procesbegeleider).post(
        f"/api/v1/ozas/{oza.pk}/transitions/", {"to": "vliegen"}, format="json"
    )
    assert response.status_code == 400
    assert "geldige keuze" in response.json()["to"][0]


def test_goal_create_goes_through_the_service(procesbegeleider, oza):
    response = api(procesbegeleider).post(
        f"/api/v1/ozas/{oza.pk}/goals/",
        {
            "domain": "zorg",
            "description": "Binnen 8 weken twee ontspanningsoefeningen",
            "target_date": "2030-03-01",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    goal = Goal.objects.get(pk=response.json()["id"])
    assert goal.arrangement == oza and goal.domain == "zorg"
    assert AuditEvent.objects.filter(
        actor=procesbegeleider, action=AuditAction.CREATE, object_type="cases.Goal"
    ).exists()


def test_goal_create_with_bad_input_says_what_in_dutch(procesbegeleider, oza):
    response = api(procesbegeleider).post(
        f"/api/v1/ozas/{oza.pk}/goals/", {"domain": "dromen"}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert "geldige keuze" in body["domain"][0]
    assert body["description"] == ["Dit veld is vereist."]
    assert not oza.goals.exists()


def test_jeugdige_patch_needs_the_version_and_refuses_a_stale_one(procesbegeleider, oza):
    jeugdige = the_jeugdige(oza)
    client = api(procesbegeleider)
    url = f"/api/v1/jeugdigen/{jeugdige.pk}/"

    missing = client.patch(url, {"first_name": "Zonder"}, format="json")
    assert missing.status_code == 400 and "version" in missing.json()

    etag = client.get(url)["ETag"]
    saved = client.patch(url, {"first_name": "Eerste"}, format="json", HTTP_IF_MATCH=etag)
    assert saved.status_code == 200, saved.json()
    assert saved.json()["first_name"] == "Eerste"
    assert saved.json()["version"] == jeugdige.version + 1

    stale = client.patch(url, {"first_name": "Tweede"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["current"]["first_name"] == "Eerste"
    jeugdige.refresh_from_db()
    assert jeugdige.first_name == "Eerste"

    by_field = client.patch(url, {"last_name": "Derde", "version": jeugdige.version}, format="json")
    assert by_field.status_code == 200
    assert (
        AuditEvent.objects.filter(
            actor=procesbegeleider, action=AuditAction.UPDATE, jeugdige=jeugdige
        ).count()
        == 2
    )


def test_jeugdige_patch_validates_like_the_form(procesbegeleider, oza):
    jeugdige = the_jeugdige(oza)
    response = api(procesbegeleider).patch(
        f"/api/v1/jeugdigen/{jeugdige.pk}/",
        {"bsn": "123456789", "version": jeugdige.version},
        format="json",
    )
    assert response.status_code == 400
    assert "elfproef" in response.json()["bsn"][0]
    response = api(procesbegeleider).patch(
        f"/api/v1/jeugdigen/{jeugdige.pk}/",
        {"gemeente": GemeenteFactory().pk, "version": jeugdige.version},
        format="json",
    )
    assert response.status_code == 200


def test_jeugdigen_list_filters(procesbegeleider, oza):
    other = make_individual_arrangement(procesbegeleider=procesbegeleider)
    wanted = the_jeugdige(other)
    response = api(procesbegeleider).get("/api/v1/jeugdigen/", {"q": wanted.bsn})
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]
    assert response.json()["results"][0]["arrangements"] == [other.pk]


def test_service_user_token_writes_as_the_service_user(procesbegeleider, oza):
    from tests.factories import make_api_token

    _token, plain = make_api_token(service_user=procesbegeleider, scopes=["ozas:write"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    response = client.post(
        f"/api/v1/ozas/{oza.pk}/goals/",
        {"domain": "onderwijs", "description": "Via de koppeling", "target_date": "2030-01-01"},
        format="json",
    )
    assert response.status_code == 201
    assert AuditEvent.objects.filter(actor=procesbegeleider, action=AuditAction.CREATE).exists()


def test_other_professional_token_cannot_reach_the_oza(oza):
    from tests.factories import make_api_token

    _token, plain = make_api_token(service_user=UserFactory(zorgaanbieder=True))
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert client.get(f"/api/v1/ozas/{oza.pk}/").status_code == 404


def test_an_id_that_is_no_number_is_404_not_an_error(procesbegeleider, oza):
    # Found by the fuzzer: the actions looked objects up with a non-numeric id.
    client = api(procesbegeleider)
    assert (
        client.post("/api/v1/ozas/x/transitions/", {"to": "adjust"}, format="json").status_code
        == 404
    )
    assert client.patch("/api/v1/agreements/null,null/", {}, format="json").status_code == 404
    assert client.post("/api/v1/funding-lines/1e3/decision/", {}, format="json").status_code == 404


def test_oza_patch_is_versioned_and_goes_through_the_service(procesbegeleider, oza):
    client = api(procesbegeleider)
    url = f"/api/v1/ozas/{oza.pk}/"
    etag = client.get(url)["ETag"]

    saved = client.patch(
        url,
        {"location": "Zorgboerderij De Hoeve", "functions": ["verrijken", "opbouwen"]},
        format="json",
        HTTP_IF_MATCH=etag,
    )
    assert saved.status_code == 200, saved.json()
    assert saved.json()["location"] == "Zorgboerderij De Hoeve"
    assert saved.json()["functions"] == ["opbouwen", "verrijken"]

    stale = client.patch(url, {"location": "Elders"}, format="json", HTTP_IF_MATCH=etag)
    assert stale.status_code == 409
    assert stale.json()["current"]["location"] == "Zorgboerderij De Hoeve"

    invalid = client.patch(
        url,
        {"planned_end": "2000-01-01", "version": saved.json()["version"]},
        format="json",
    )
    assert invalid.status_code == 400
    assert invalid.json()["planned_end"] == ["Het geplande einde moet na de geplande start liggen."]
    oza.refresh_from_db()
    assert oza.location == "Zorgboerderij De Hoeve" and oza.planned_end.year != 2000
    assert (
        AuditEvent.objects.filter(
            actor=procesbegeleider, action=AuditAction.UPDATE, object_type="cases.Arrangement"
        ).count()
        == 1
    )


def test_oza_patch_off_the_team_is_404(outsider, oza):
    response = api(outsider).patch(
        f"/api/v1/ozas/{oza.pk}/", {"location": "X", "version": 1}, format="json"
    )
    assert response.status_code == 404


def registration(gemeente, school, **overrides):
    data = {
        "jeugdige": {
            "first_name": "Sem",
            "last_name": "de Wit",
            "date_of_birth": "2015-03-04",
            "bsn": "",
            "gemeente": gemeente.pk,
            "school": school.pk,
            "school_type": "PO",
            "education_status": "ingeschreven",
        },
        "guardians": [{"name": "Anouk de Wit", "relation": "moeder", "has_authority": True}],
        "oza": {
            "setting": "zorg_in_onderwijs",
            "planned_start": "2027-01-04",
            "planned_end": "2027-07-09",
            "support_questions": "Hoe blijft Sem naar school gaan?",
        },
        "functions": ["versterken"],
    }
    data.update(overrides)
    return data


def test_a_professional_registers_a_jeugdige_with_the_first_oza(procesbegeleider):
    gemeente, school = GemeenteFactory(), SchoolFactory()

    response = api(procesbegeleider).post(
        "/api/v1/jeugdigen/", registration(gemeente, school), format="json"
    )

    assert response.status_code == 201, response.json()
    jeugdige = Jeugdige.objects.get(pk=response.json()["id"])
    assert str(jeugdige) == "Sem de Wit"
    assert jeugdige.guardians.get().name == "Anouk de Wit"
    oza = jeugdige.participations.get().arrangement
    assert response.json()["arrangements"] == [oza.pk]
    assert oza.procesbegeleider == procesbegeleider
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE, jeugdige_id=jeugdige.pk, object_type="cases.Jeugdige"
    ).exists()


def test_a_registration_with_mistakes_says_what_in_dutch_and_saves_nothing(procesbegeleider):
    client = api(procesbegeleider)
    data = registration(GemeenteFactory(), SchoolFactory())
    data["oza"]["planned_end"] = "2026-12-01"  # before the start

    late = client.post("/api/v1/jeugdigen/", data, format="json")
    none = client.post(
        "/api/v1/jeugdigen/",
        registration(GemeenteFactory(), SchoolFactory(), functions=[]),
        format="json",
    )

    assert late.status_code == 400
    assert late.json()["planned_end"] == ["Het geplande einde moet na de geplande start liggen."]
    assert none.status_code == 400
    assert none.json()["functions"] == ["Kies minstens één functie van het oza."]
    assert not Jeugdige.objects.filter(last_name="de Wit").exists()


def test_a_registration_needs_the_write_scope(procesbegeleider):
    _token, plain = make_api_token(service_user=procesbegeleider, scopes=["jeugdigen:read"])
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")

    response = client.post(
        "/api/v1/jeugdigen/", registration(GemeenteFactory(), SchoolFactory()), format="json"
    )

    assert response.status_code == 403


def test_team_members_are_added_and_removed_through_the_services(procesbegeleider, oza):
    colleague = UserFactory(intern_begeleider=True)
    client = api(procesbegeleider)

    added = client.post(
        f"/api/v1/ozas/{oza.pk}/team/",
        {"user": colleague.pk, "role": "intern_begeleider"},
        format="json",
    )
    assert added.status_code == 201
    member = oza.team_members.get(user=colleague)
    twice = client.post(
        f"/api/v1/ozas/{oza.pk}/team/",
        {"user": colleague.pk, "role": "mentor"},
        format="json",
    )
    assert twice.status_code == 400
    assert "user" in twice.json()

    removed = client.delete(f"/api/v1/ozas/{oza.pk}/team/{member.pk}/")
    assert removed.status_code == 204
    assert not oza.team_members.filter(user=colleague).exists()


def test_off_the_team_no_one_changes_the_team(outsider, oza):
    response = api(outsider).post(
        f"/api/v1/ozas/{oza.pk}/team/", {"user": outsider.pk, "role": "mentor"}, format="json"
    )
    assert response.status_code == 404


def test_a_goal_is_evaluated_through_the_service(procesbegeleider, oza):
    goal = Goal.objects.create(
        arrangement=oza, domain="onderwijs", description="Leest", target_date="2030-01-01"
    )
    client = api(procesbegeleider)

    response = client.post(
        f"/api/v1/ozas/{oza.pk}/goals/{goal.pk}/evaluations/",
        {"score": "deels_behaald", "evaluated_on": "2026-11-01", "remark": "Halverwege"},
        format="json",
    )

    assert response.status_code == 201
    assert goal.evaluations.get().score == "deels_behaald"
    future = client.post(
        f"/api/v1/ozas/{oza.pk}/goals/{goal.pk}/evaluations/",
        {"score": "behaald", "evaluated_on": "2099-01-01"},
        format="json",
    )
    assert future.status_code == 400


def test_closing_an_individual_oza_through_the_api_asks_for_the_destination(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.DECISION)
    client = api(procesbegeleider)

    refused = client.post(f"/api/v1/ozas/{oza.pk}/transitions/", {"to": "close"}, format="json")
    assert refused.status_code == 409
    assert "Kies de bestemming van de jeugdige na dit oza." in refused.json()["reasons"]

    closed = client.post(
        f"/api/v1/ozas/{oza.pk}/transitions/",
        {"to": "close", "destination": "regulier_onderwijs"},
        format="json",
    )
    assert closed.status_code == 200
    assert closed.json()["phase"] == "afgesloten"
    assert PhaseTransition.objects.get(arrangement=oza, transition="close").destination == (
        "regulier_onderwijs"
    )
