"""The web pages: who may see and change what, the audit trail they write, and form behaviour."""

from datetime import date

import pytest
from django.urls import reverse

from cases.models import (
    Arrangement,
    ConsentRecord,
    Goal,
    GoalDomain,
    Guardian,
    Jeugdige,
    Phase,
    PhaseTransition,
    TeamMember,
    TeamRole,
)
from oza.accounts.models import Region
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GemeenteFactory,
    JeugdigeFactory,
    SchoolFactory,
    SwvFactory,
    TeamMemberFactory,
    UserFactory,
    grant_funding,
    hold_start_mdo,
    make_group_arrangement,
    make_individual_arrangement,
    satisfy_guards,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db


def case_urls(arrangement):
    jeugdige = the_jeugdige(arrangement)
    return {
        "jeugdige": reverse("cases:jeugdige_detail", args=[jeugdige.pk]),
        "jeugdige_edit": reverse("cases:jeugdige_update", args=[jeugdige.pk]),
        "guardian_new": reverse("cases:guardian_create", args=[jeugdige.pk]),
        "new_oza": reverse("cases:arrangement_create", args=[jeugdige.pk]),
        "oza": reverse("cases:arrangement_detail", args=[arrangement.pk]),
        "oza_edit": reverse("cases:arrangement_update", args=[arrangement.pk]),
    }


def post_urls(arrangement):
    return {
        "transition": reverse(
            "cases:arrangement_transition", args=[arrangement.pk, "start_preparation"]
        ),
        "goal": reverse("cases:goal_add", args=[arrangement.pk]),
        "team": reverse("cases:team_member_add", args=[arrangement.pk]),
        "consent": reverse("cases:consent_record", args=[arrangement.pk]),
    }


class TestAccess:
    def test_professional_off_the_team_gets_404_everywhere(self, client, oza, outsider):
        client.force_login(outsider)
        listing = client.get(reverse("cases:dossier_list"))
        assert listing.status_code == 200
        assert str(the_jeugdige(oza)) not in listing.content.decode()
        for name, url in case_urls(oza).items():
            assert client.get(url).status_code == 404, name
        for name, url in post_urls(oza).items():
            assert client.post(url, {"expected_phase": "orientatie"}).status_code == 404, name
        assert oza.transitions.count() == 0
        assert not Goal.objects.filter(arrangement=oza).exists()

    def test_team_member_can_list_open_and_edit(self, client, oza, team_member):
        TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
        client.force_login(team_member)
        listing = client.get(reverse("cases:dossier_list"))
        assert str(the_jeugdige(oza)) in listing.content.decode()
        for name, url in case_urls(oza).items():
            assert client.get(url).status_code == 200, name

    def test_team_member_who_is_not_procesbegeleider_cannot_transition(
        self, client, oza, team_member
    ):
        TeamMemberFactory(arrangement=oza, user=team_member, role=TeamRole.INTERN_BEGELEIDER)
        satisfy_guards(oza)
        client.force_login(team_member)
        response = client.post(post_urls(oza)["transition"], {"expected_phase": "orientatie"})
        assert response.status_code == 409
        assert "Alleen de procesbegeleider" in response.content.decode()
        oza.refresh_from_db()
        assert oza.phase == Phase.ORIENTATION

    def test_anonymous_is_sent_to_login(self, client, oza):
        response = client.get(case_urls(oza)["oza"])
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_portal_user_is_refused_professional_pages(self, client, oza, portal_user):
        client.force_login(portal_user)
        assert client.get(reverse("cases:dossier_list")).status_code == 403
        assert client.get(case_urls(oza)["oza"]).status_code == 403

    def test_functional_admin_reads_only_through_break_the_glass(self, client, oza, swv_admin):
        client.force_login(swv_admin)
        urls = case_urls(oza)
        assert client.get(urls["oza"]).status_code == 404
        jeugdige = the_jeugdige(oza)
        response = client.post(
            reverse("cases:break_glass"),
            {"identifier": jeugdige.bsn, "reason": "Klacht van ouder over dossier, ticket 4711"},
        )
        assert response.status_code == 302
        assert client.get(urls["oza"]).status_code == 200
        assert client.get(urls["jeugdige"]).status_code == 200
        # Reading, not editing.
        assert client.get(urls["jeugdige_edit"]).status_code == 403
        reads = AuditEvent.objects.filter(actor=swv_admin, jeugdige=jeugdige)
        assert reads.filter(action=AuditAction.BREAK_GLASS).count() == 1
        assert reads.filter(action=AuditAction.VIEW, break_the_glass=True).count() == 2

    def test_break_the_glass_needs_a_reason_and_a_known_jeugdige(self, client, swv_admin, oza):
        client.force_login(swv_admin)
        response = client.post(
            reverse("cases:break_glass"), {"identifier": the_jeugdige(oza).bsn, "reason": "kijk"}
        )
        assert response.status_code == 200
        assert "minstens tien tekens" in response.content.decode()
        response = client.post(
            reverse("cases:break_glass"),
            {"identifier": "999999999", "reason": "Een reden die lang genoeg is"},
        )
        assert "Geen jeugdige gevonden" in response.content.decode()

    def test_professionals_cannot_use_break_the_glass(self, client, procesbegeleider):
        client.force_login(procesbegeleider)
        assert client.get(reverse("cases:break_glass")).status_code == 403


class TestAuditTrail:
    def test_every_read_and_change_is_logged(self, client, oza, procesbegeleider):
        jeugdige = the_jeugdige(oza)
        guardian = jeugdige.guardians.get()
        urls = case_urls(oza)
        hold_start_mdo(oza, by=procesbegeleider)  # audited too, but before this page visit
        before = AuditEvent.objects.order_by("-id").values_list("id", flat=True).first()
        client.force_login(procesbegeleider)

        client.get(reverse("cases:dossier_list"))
        client.get(urls["jeugdige"])
        client.get(urls["oza"])
        client.post(
            post_urls(oza)["consent"], {"person": f"g{guardian.pk}", "given": "1", "note": ""}
        )
        client.post(post_urls(oza)["transition"], {"expected_phase": "orientatie", "reason": ""})
        client.post(
            post_urls(oza)["goal"],
            {
                "domain": "zorg",
                "description": "Slaapt 5 van 7 nachten door",
                "target_date": "2027-03-01",
            },
        )

        events = AuditEvent.objects.filter(actor=procesbegeleider, jeugdige=jeugdige, id__gt=before)
        assert list(events.order_by("id").values_list("action", flat=True)) == [
            AuditAction.LIST,
            AuditAction.VIEW,
            AuditAction.VIEW,
            AuditAction.CREATE,  # consent
            AuditAction.TRANSITION,
            AuditAction.CREATE,  # goal
        ]
        transition = events.get(action=AuditAction.TRANSITION)
        assert transition.changes["phase"] == ["orientatie", "voorbereiding"]
        assert transition.path == post_urls(oza)["transition"]
        assert transition.ip_address == "127.0.0.1"

    def test_an_edit_logs_what_changed(self, client, oza, procesbegeleider):
        jeugdige = the_jeugdige(oza)
        client.force_login(procesbegeleider)
        data = jeugdige_form_data(jeugdige, first_name="Noortje")
        response = client.post(case_urls(oza)["jeugdige_edit"], data)
        assert response.status_code == 302
        event = AuditEvent.objects.get(action=AuditAction.UPDATE, jeugdige=jeugdige)
        assert event.changes == {"first_name": [jeugdige.first_name, "Noortje"]}

    def test_a_refused_page_logs_no_read(self, client, oza, outsider):
        client.force_login(outsider)
        client.get(case_urls(oza)["oza"])
        assert not AuditEvent.objects.filter(actor=outsider).exclude(action=AuditAction.LIST)


def jeugdige_form_data(jeugdige, **overrides):
    data = {
        "first_name": jeugdige.first_name,
        "last_name": jeugdige.last_name,
        "date_of_birth": jeugdige.date_of_birth.isoformat(),
        "bsn": jeugdige.bsn,
        "gemeente": jeugdige.gemeente_id,
        "school": jeugdige.school_id or "",
        "school_type": jeugdige.school_type,
        "education_status": jeugdige.education_status,
        "version": jeugdige.version,
    }
    data.update(overrides)
    return data


def register_data(**overrides):
    gemeente = GemeenteFactory()
    school = SchoolFactory()
    data = {
        "jeugdige-first_name": "Daan",
        "jeugdige-last_name": "de Vries",
        "jeugdige-date_of_birth": "2015-04-12",
        "jeugdige-bsn": "111222333",
        "jeugdige-gemeente": gemeente.pk,
        "jeugdige-school": school.pk,
        "jeugdige-school_type": "PO",
        "jeugdige-education_status": "ingeschreven",
        "ouders-TOTAL_FORMS": "2",
        "ouders-INITIAL_FORMS": "0",
        "ouders-MIN_NUM_FORMS": "0",
        "ouders-MAX_NUM_FORMS": "4",
        "ouders-0-name": "Mirjam de Vries",
        "ouders-0-relation": "moeder",
        "ouders-0-has_authority": "on",
        "ouders-0-email": "mirjam@example.org",
        "oza-setting": "zorg_in_onderwijs",
        "oza-location": "De Linde",
        "oza-planned_start": "2026-12-01",
        "oza-planned_end": "2027-07-01",
        "oza-functions": ["opbouwen", "versterken"],
        "oza-support_questions": "Hoe kan Daan weer hele dagen naar school?",
        "oza-role": "procesbegeleider",
    }
    data.update(overrides)
    return data


class TestRegistration:
    def test_registering_creates_jeugdige_guardian_and_oza_with_me_on_the_team(
        self, client, procesbegeleider
    ):
        client.force_login(procesbegeleider)
        response = client.post(reverse("cases:register"), register_data())
        assert response.status_code == 302
        jeugdige = Jeugdige.objects.get(last_name="de Vries")
        assert jeugdige.guardians.get().name == "Mirjam de Vries"
        arrangement = Arrangement.objects.get(participations__jeugdige=jeugdige)
        assert response.url == reverse("cases:arrangement_detail", args=[arrangement.pk])
        assert sorted(f.function for f in arrangement.functions.all()) == [
            "opbouwen",
            "versterken",
        ]
        member = TeamMember.objects.get(arrangement=arrangement)
        assert (member.user, member.role) == (procesbegeleider, TeamRole.PROCESBEGELEIDER)

    def test_invalid_bsn_gives_a_dutch_error_keeps_input_and_saves_nothing(
        self, client, procesbegeleider
    ):
        client.force_login(procesbegeleider)
        response = client.post(
            reverse("cases:register"), register_data(**{"jeugdige-bsn": "123456789"})
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "elfproef" in page
        assert 'value="Mirjam de Vries"' in page
        assert "Hoe kan Daan weer hele dagen naar school?" in page
        assert not Jeugdige.objects.exists()
        assert not Guardian.objects.exists()
        assert not Arrangement.objects.exists()

    def test_start_after_end_is_refused_in_dutch(self, client, procesbegeleider):
        client.force_login(procesbegeleider)
        response = client.post(
            reverse("cases:register"),
            register_data(**{"oza-planned_start": "2027-08-01", "oza-planned_end": "2027-07-01"}),
        )
        assert response.status_code == 400
        assert "Het geplande einde moet na de geplande start liggen." in response.content.decode()
        assert not Jeugdige.objects.exists()

    def test_a_function_is_required(self, client, procesbegeleider):
        client.force_login(procesbegeleider)
        data = register_data()
        del data["oza-functions"]
        response = client.post(reverse("cases:register"), data)
        assert response.status_code == 400
        assert "Kies minstens één functie" in response.content.decode()


class TestGroupCapacity:
    def test_adding_a_member_over_capacity_is_refused(self, client, procesbegeleider):
        members = [JeugdigeFactory(), JeugdigeFactory()]
        group = make_group_arrangement(
            procesbegeleider=procesbegeleider, capacity=2, members=members
        )
        newcomer = make_individual_arrangement(procesbegeleider=procesbegeleider)
        client.force_login(procesbegeleider)
        response = client.post(
            reverse("cases:participation_add", args=[group.pk]),
            {"jeugdige": the_jeugdige(newcomer).pk, "joined_on": "2026-12-01"},
        )
        assert response.status_code == 400
        assert "vol: 2 van 2 plaatsen" in response.content.decode()
        assert group.participations.count() == 2


class TestConcurrentEdits:
    def test_a_stale_form_does_not_overwrite_and_keeps_the_input(
        self, client, oza, procesbegeleider
    ):
        jeugdige = the_jeugdige(oza)
        client.force_login(procesbegeleider)
        url = case_urls(oza)["jeugdige_edit"]
        first = jeugdige_form_data(jeugdige, last_name="Eerste")
        second = jeugdige_form_data(jeugdige, last_name="Tweede")
        assert client.post(url, first).status_code == 302
        response = client.post(url, second)
        assert response.status_code == 409
        page = response.content.decode()
        assert "Iemand anders heeft dit intussen opgeslagen" in page
        assert 'value="Tweede"' in page  # the second writer's input is still there
        assert "Eerste" in page  # and they see what the first one saved
        jeugdige.refresh_from_db()
        assert jeugdige.last_name == "Eerste"
        # Saving again after seeing the conflict is a deliberate overwrite.
        again = jeugdige_form_data(jeugdige, last_name="Tweede")
        assert client.post(url, again).status_code == 302
        jeugdige.refresh_from_db()
        assert jeugdige.last_name == "Tweede"

    def test_a_transition_from_a_stale_page_is_refused(self, client, oza, procesbegeleider):
        satisfy_guards(oza)
        client.force_login(procesbegeleider)
        url = post_urls(oza)["transition"]
        assert client.post(url, {"expected_phase": "orientatie"}).status_code == 302
        response = client.post(url, {"expected_phase": "orientatie"})
        assert response.status_code == 409
        assert "intussen gewijzigd" in response.content.decode()
        assert PhaseTransition.objects.filter(arrangement=oza).count() == 1


class TestRoutePanel:
    def test_a_blocked_step_says_what_is_missing(self, client, oza, procesbegeleider):
        client.force_login(procesbegeleider)
        page = client.get(case_urls(oza)["oza"]).content.decode()
        guardian = the_jeugdige(oza).guardians.get()
        assert f"Akkoord ontbreekt van {guardian.name}" in page

    def test_the_procesbegeleider_moves_the_oza_to_uitvoering(self, client, oza, procesbegeleider):
        hold_start_mdo(oza, by=procesbegeleider)
        client.force_login(procesbegeleider)
        guardian = the_jeugdige(oza).guardians.get()
        client.post(post_urls(oza)["consent"], {"person": f"g{guardian.pk}", "given": "1"})
        assert ConsentRecord.objects.filter(arrangement=oza, given=True).exists()
        url = reverse("cases:arrangement_transition", args=[oza.pk, "start_preparation"])
        assert client.post(url, {"expected_phase": "orientatie"}).status_code == 302
        for domain in ("onderwijs", "zorg"):
            client.post(
                post_urls(oza)["goal"],
                {"domain": domain, "description": f"{domain} doel", "target_date": "2027-05-01"},
            )
        assert {g.domain for g in oza.goals.all()} == {GoalDomain.EDUCATION, GoalDomain.CARE}
        grant_funding(oza, by=procesbegeleider)  # the funding pages are tested in tests/funding
        url = reverse("cases:arrangement_transition", args=[oza.pk, "start_execution"])
        assert client.post(url, {"expected_phase": "voorbereiding"}).status_code == 302
        oza.refresh_from_db()
        assert oza.phase == Phase.EXECUTION
        page = client.get(case_urls(oza)["oza"]).content.decode()
        assert "Start uitvoering" not in page
        assert "Naar evaluatie" in page

    def test_evaluation_outcome_needs_a_reason(self, client, procesbegeleider):
        oza = make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.EVALUATION)
        client.force_login(procesbegeleider)
        url = reverse("cases:arrangement_transition", args=[oza.pk, "conclude"])
        response = client.post(url, {"expected_phase": "evaluatie", "reason": "  "})
        assert response.status_code == 409
        assert "Geef een reden" in response.content.decode()
        response = client.post(url, {"expected_phase": "evaluatie", "reason": "Doelen behaald"})
        assert response.status_code == 302
        assert oza.transitions.last().reason == "Doelen behaald"


class TestTeam:
    def test_adding_a_second_procesbegeleider_is_refused(self, client, oza, procesbegeleider):
        colleague = UserFactory()
        client.force_login(procesbegeleider)
        response = client.post(
            post_urls(oza)["team"], {"user": colleague.pk, "role": "procesbegeleider"}
        )
        assert response.status_code == 400
        assert "al een procesbegeleider" in response.content.decode()
        assert not TeamMember.objects.filter(user=colleague).exists()

    def test_handover_of_the_procesbegeleider_role(self, client, oza, procesbegeleider):
        colleague = UserFactory()
        client.force_login(procesbegeleider)
        client.post(post_urls(oza)["team"], {"user": colleague.pk, "role": "onderwijsconsulent"})
        member = TeamMember.objects.get(user=colleague, arrangement=oza)
        client.post(reverse("cases:procesbegeleider_handover", args=[oza.pk, member.pk]))
        roles = dict(oza.team_members.values_list("user_id", "role"))
        assert roles == {
            colleague.pk: TeamRole.PROCESBEGELEIDER,
            procesbegeleider.pk: TeamRole.ONDERWIJSCONSULENT,
        }


def test_dossier_list_filters(client, procesbegeleider):
    on_time = make_individual_arrangement(procesbegeleider=procesbegeleider)
    overdue = make_individual_arrangement(
        procesbegeleider=procesbegeleider,
        planned_start=date(2025, 1, 1),
        planned_end=date(2025, 6, 1),
    )
    client.force_login(procesbegeleider)

    def names(**params):
        response = client.get(reverse("cases:dossier_list"), params)
        return {row["pk"] for row in response.context["rows"]}

    assert names() == {on_time.pk, overdue.pk}
    assert names(overdue="ja") == {overdue.pk}
    assert names(overdue="nee") == {on_time.pk}
    assert names(q=the_jeugdige(on_time).first_name) == {on_time.pk}
    assert names(q=the_jeugdige(overdue).bsn) == {overdue.pk}
    assert names(phase="uitvoering") == set()


def test_dossier_list_filters_on_function_school_and_gemeente(client, procesbegeleider):
    first = make_individual_arrangement(procesbegeleider=procesbegeleider)
    second = make_individual_arrangement(procesbegeleider=procesbegeleider)
    first.functions.create(function="terugleiden")
    second.functions.create(function="verrijken")
    one, two = the_jeugdige(first), the_jeugdige(second)
    client.force_login(procesbegeleider)

    def shown(**params):
        response = client.get(reverse("cases:dossier_list"), params)
        return {row["pk"] for row in response.context["rows"]}

    assert shown(function="terugleiden") == {first.pk}
    assert shown(school=two.school_id) == {second.pk}
    assert shown(gemeente=one.gemeente_id) == {first.pk}
    assert shown(q=two.school.name) == {second.pk}


def test_dossier_list_rows_show_child_school_phase_team_and_dates(client, procesbegeleider):
    overdue = make_individual_arrangement(
        procesbegeleider=procesbegeleider,
        planned_start=date(2025, 1, 1),
        planned_end=date(2025, 6, 1),
    )
    overdue.functions.create(function="terugleiden")
    overdue.functions.create(function="verrijken")
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider,
        name="Faalangstgroep",
        location="Gebouw De Brug, lokaal 12, ingang aan de achterkant bij het plein",
        members=[JeugdigeFactory(), JeugdigeFactory()],
    )
    client.force_login(procesbegeleider)
    html = client.get(reverse("cases:dossier_list")).content.decode()
    rows = {
        arrangement.pk: html.split(f'href="/oza/{arrangement.pk}/"', 1)[1].split("</tr>", 1)[0]
        for arrangement in (overdue, group)
    }
    child = the_jeugdige(overdue)
    assert f"{child.first_name} {child.last_name}</a>" in rows[overdue.pk]
    assert f"<td>{child.school.name}</td>" in rows[overdue.pk]
    assert "Oriëntatie" in rows[overdue.pk]
    assert "Terugleiden, Verrijken" in rows[overdue.pk]
    assert f'<td class="col-optional">{procesbegeleider}</td>' in rows[overdue.pk]
    assert "1 jun 2025" in rows[overdue.pk].lower() and "over datum" in rows[overdue.pk]
    assert "Faalangstgroep</a>" in rows[group.pk] and "groep</span>" in rows[group.pk]
    assert "2 deelnemers" in rows[group.pk]
    assert "<td>Gebouw De Brug, lokaal 12, ingang aan d…</td>" in rows[group.pk]  # 40 in all
    assert "over datum" not in rows[group.pk]


def filter_choices(client, field):
    form = client.get(reverse("cases:dossier_list")).context["filterset"].form
    return {choice.value for choice, _label in list(form.fields[field].choices)[1:]}


def test_dossier_list_offers_the_schools_and_gemeenten_of_the_own_region(client):
    kust, elders = Region.objects.create(name="Kust"), Region.objects.create(name="Elders")
    school, gemeente = SchoolFactory(region=kust), GemeenteFactory(region=kust)
    SchoolFactory(region=elders), GemeenteFactory(region=elders)
    client.force_login(UserFactory(organisation=SwvFactory(region=kust)))
    assert filter_choices(client, "school") == {school.pk}
    assert filter_choices(client, "gemeente") == {gemeente.pk}


def test_without_a_region_the_dossier_list_offers_those_of_the_own_caseload(
    client, procesbegeleider
):
    assert procesbegeleider.organisation.region_id is None
    mine = the_jeugdige(make_individual_arrangement(procesbegeleider=procesbegeleider))
    make_individual_arrangement()  # someone else's jeugdige, school and gemeente
    client.force_login(procesbegeleider)
    assert filter_choices(client, "school") == {mine.school_id}
    assert filter_choices(client, "gemeente") == {mine.gemeente_id}


def test_create_a_group_oza_and_add_a_member(client, procesbegeleider):
    existing = make_individual_arrangement(procesbegeleider=procesbegeleider)
    client.force_login(procesbegeleider)
    response = client.post(
        reverse("cases:group_arrangement_create"),
        {
            "name": "Faalangstgroep VO",
            "capacity": "8",
            "setting": "zorg_in_onderwijs",
            "location": "Zeeweg College",
            "planned_start": "2027-01-10",
            "planned_end": "2027-06-30",
            "functions": ["versterken"],
            "role": "procesbegeleider",
        },
    )
    group = Arrangement.objects.get(name="Faalangstgroep VO")
    assert response.url == reverse("cases:arrangement_detail", args=[group.pk])
    assert group.is_group and group.capacity == 8

    response = client.post(
        reverse("cases:participation_add", args=[group.pk]),
        {"jeugdige": the_jeugdige(existing).pk, "joined_on": "2027-01-10"},
    )
    assert response.status_code == 302
    assert list(group.participations.values_list("jeugdige", flat=True)) == [
        the_jeugdige(existing).pk
    ]


def test_a_group_needs_a_name_and_capacity(client, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.post(
        reverse("cases:group_arrangement_create"),
        {
            "setting": "zorg_in_onderwijs",
            "planned_start": "2027-01-10",
            "planned_end": "2027-06-30",
            "functions": ["versterken"],
            "role": "procesbegeleider",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() >= {"name", "capacity"}
    assert not Arrangement.objects.exists()


def test_a_refused_step_shows_the_page_again_and_logs_that_read(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.post(post_urls(oza)["transition"], {"expected_phase": "orientatie"})
    assert response.status_code == 409
    assert (
        AuditEvent.objects.filter(
            actor=procesbegeleider, action=AuditAction.VIEW, jeugdige=the_jeugdige(oza)
        ).count()
        == 1
    )


def test_opening_an_edit_form_is_a_logged_read(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    urls = case_urls(oza)
    for name in ("jeugdige_edit", "guardian_new", "oza_edit"):
        assert client.get(urls[name]).status_code == 200
    assert (
        AuditEvent.objects.filter(
            actor=procesbegeleider, action=AuditAction.VIEW, jeugdige=the_jeugdige(oza)
        ).count()
        == 3
    )


def test_registration_shows_mistakes_in_every_part_at_once(client, procesbegeleider):
    client.force_login(procesbegeleider)
    data = register_data(**{"jeugdige-bsn": "123456789", "oza-planned_start": ""})
    response = client.post(reverse("cases:register"), data)
    assert response.status_code == 400
    assert "bsn" in response.context["jeugdige_form"].errors
    assert "planned_start" in response.context["arrangement_form"].errors
