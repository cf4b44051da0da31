"""The cached case pages (cases/cache.py): the oza page, the MDO screen, the jeugdige page,
the forms to change them or add to them, and the portal plan. A repeated read is served from
the cache and still logged; who may see the page is decided on every request; every write to
what a page shows is seen at once, also the writes that send no signal; forms on a cached page
carry the reader's own CSRF token; and no entry crosses from one user to another."""

import re
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.test import Client
from django.urls import resolve, reverse

from cases import cache, services
from cases.models import (
    Arrangement,
    ArrangementFunctionChoice,
    ConsentSubject,
    Goal,
    GoalDomain,
    Jeugdige,
    TeamRole,
)
from cases.views import GroupArrangementCreateView, RegisterView
from funding import escalations
from funding.models import EscalationSubject
from mdo import invitations
from mdo import services as mdo_services
from mdo import views as mdo_views
from outcomes.models import SurveyMoment
from outcomes.services import survey_offer
from oza.audit.models import AuditAction, AuditEvent
from oza.documents import rendering
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind
from oza.portal import services as portal_services
from tests.factories import (
    GemeenteFactory,
    GoalFactory,
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    grant_funding,
    make_functional_admin,
    make_group_arrangement,
    make_individual_arrangement,
    plan_mdo,
    portal_guardian,
    request_funding,
    shared_family_plan,
    the_jeugdige,
    write_proposal,
)
from tests.reading import CSRF_VALUE, calls_of, read_main, read_twice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def pb():
    return UserFactory(first_name="Marloes", last_name="Kroon")


@pytest.fixture
def oza(pb):
    jeugdige = JeugdigeFactory(first_name="Daan", last_name="Visser", age=13)
    GuardianFactory(jeugdige=jeugdige, name="Ilse Visser")
    return make_individual_arrangement(procesbegeleider=pb, jeugdige=jeugdige)


@pytest.fixture
def meeting(oza, pb):
    return plan_mdo(oza, by=pb)


def oza_page(oza, meeting):
    return reverse("cases:arrangement_detail", args=[oza.pk])


def mdo_screen(oza, meeting):
    return reverse("mdo:meeting", args=[meeting.pk])


def jeugdige_page(oza, meeting):
    return reverse("cases:jeugdige_detail", args=[the_jeugdige(oza).pk])


def mdo_report(oza, meeting):
    return reverse("mdo:report", args=[meeting.pk])


def costs_page(oza, meeting):
    return reverse("funding:costs", args=[oza.pk])


def portal_access_page(oza, meeting):
    return reverse("portal_team:access", args=[the_jeugdige(oza).pk])


# The forms (their page as a GET shows it, the form not yet filled in).
def jeugdige_form(oza, meeting):
    return reverse("cases:jeugdige_update", args=[the_jeugdige(oza).pk])


def oza_form(oza, meeting):
    return reverse("cases:arrangement_update", args=[oza.pk])


def goal_form(oza, meeting):
    goal = GoalFactory(arrangement=oza, description="Daan gaat weer naar de sportclub.")
    return reverse("cases:goal_update", args=[oza.pk, goal.pk])


def mdo_plan_form(oza, meeting):
    return reverse("mdo:plan", args=[oza.pk])


def funding_line_form(oza, meeting):
    return reverse("funding:add", args=[oza.pk])


def funding_line_edit_form(oza, meeting):
    line = request_funding(oza, by=oza.created_by, amount=Decimal("987.65"))
    return reverse("funding:edit", args=[oza.pk, line.pk])


def new_oza_form(oza, meeting):
    return reverse("cases:arrangement_create", args=[the_jeugdige(oza).pk])


def guardian_form(oza, meeting):
    return reverse("cases:guardian_create", args=[the_jeugdige(oza).pk])


def guardian_edit_form(oza, meeting):
    jeugdige = the_jeugdige(oza)
    return reverse("cases:guardian_update", args=[jeugdige.pk, jeugdige.guardians.get().pk])


def reschedule_form(oza, meeting):
    return reverse("mdo:reschedule", args=[meeting.pk])


FORMS = [
    (jeugdige_form, "Gegevens van Daan Visser wijzigen"),
    (new_oza_form, "Nieuw oza voor Daan Visser"),
    (oza_form, "Oza wijzigen"),
    (goal_form, "naar de sportclub"),
    (mdo_plan_form, "MDO plannen"),
    (funding_line_form, "Bekostigingsregel toevoegen"),
    (funding_line_edit_form, "987"),
    (guardian_form, "Ouder/verzorger toevoegen"),
    (guardian_edit_form, "Ilse Visser"),
    (reschedule_form, "MDO verplaatsen"),
]


@pytest.mark.parametrize(
    ("case_page", "shows"),
    [
        (oza_page, "Daan Visser"),
        (mdo_screen, "Daan Visser"),
        (jeugdige_page, "Daan Visser"),
        (mdo_report, "Daan Visser"),
        (costs_page, "Kostenoverzicht"),
        (portal_access_page, "Portaaltoegang"),
        *FORMS,
    ],
)
def test_a_repeated_case_page_comes_from_the_cache_and_is_logged_each_time(
    client, pb, oza, meeting, case_page, shows, monkeypatch
):
    url = case_page(oza, meeting)
    made = calls_of(monkeypatch, resolve(url).func.view_class, "get_context_data")
    html, cold, warm = read_twice(client, pb, url)
    assert shows in html
    assert len(made) == 1
    assert warm < cold
    logged = AuditEvent.objects.filter(
        actor=pb, action=AuditAction.VIEW, jeugdige=the_jeugdige(oza)
    )
    assert logged.count() == 2


def test_without_a_shared_cache_the_page_is_made_each_time(client, pb, oza, meeting, settings):
    settings.OZA_SHARED_CACHE = False
    url = oza_page(oza, meeting)
    _html, cold, warm = read_twice(client, pb, url)
    assert warm == cold


# --- each change shows at once ------------------------------------------------------------------
def add_goal(oza, meeting, pb):
    services.goal_save(
        by=pb,
        goal=Goal(
            arrangement=oza,
            domain=GoalDomain.EDUCATION,
            description="Daan volgt weer vier ochtenden per week les.",
            target_date=oza.planned_end,
        ),
    )
    return "vier ochtenden per week"


def rename_guardian(oza, meeting, pb):
    guardian = the_jeugdige(oza).guardians.get()
    guardian.name = "Ilse de Wit"
    services.guardian_save(by=pb, guardian=guardian)
    return "Ilse de Wit"


def rename_jeugdige(oza, meeting, pb):
    jeugdige = the_jeugdige(oza)
    services.jeugdige_update(
        by=pb, jeugdige=jeugdige, data={"first_name": "Noor"}, expected_version=jeugdige.version
    )
    return "Noor Visser"


def add_team_member(oza, meeting, pb):
    colleague = UserFactory(first_name="Karim", last_name="Haddou")
    services.team_member_add(by=pb, arrangement=oza, user=colleague, role=TeamRole.JEUGDCONSULENT)
    return "Karim Haddou"


def rename_procesbegeleider(oza, meeting, pb):
    pb.last_name = "Kroon-Bakker"
    pb.save()
    return "Kroon-Bakker"


def request_a_funding_line(oza, meeting, pb):
    request_funding(oza, by=pb, amount=Decimal("1234.56"))
    return "1234"


def invite_the_mother(oza, meeting, pb):
    jeugdige = the_jeugdige(oza)
    portal_services.invitation_create(
        by=pb, jeugdige=jeugdige, guardian=jeugdige.guardians.get(), email="ilse@example.org"
    )
    return "ilse@example.org"


def grant_a_funding_line(oza, meeting, pb):
    grant_funding(oza, by=pb, amount=Decimal("1234.56"))
    return "1234,56"


def raise_an_escalation(oza, meeting, pb):
    escalations.escalation_raise(
        arrangement=oza,
        by=pb,
        subject=EscalationSubject.FUNDING,
        disagreement="Wie betaalt de begeleiding?",
    )
    return "Wie betaalt de begeleiding?"


def write_notes(oza, meeting, pb):
    """The autosave of notes is a queryset update, which sends no signal."""
    item = meeting.agenda_items.first()
    mdo_services.notes_save(
        item=item,
        by=pb,
        notes="Daan wil weer naar de sportclub.",
        expected_version=item.notes_version,
        shared_with_family=False,
        reason="",
    )
    return "weer naar de sportclub"


def send_invitations(oza, meeting, pb):
    """Who is invited is marked with a queryset update, which sends no signal."""
    invitations.send_invitations(meeting=meeting, by=pb)
    return "Uitgenodigd"


def add_agreement(oza, meeting, pb):
    mdo_services.agreement_add(
        meeting=meeting,
        by=pb,
        description="Mentor belt wekelijks met moeder.",
        owner=meeting.participants.first(),
        due_date=oza.planned_end,
    )
    return "belt wekelijks met moeder"


def rename_oza(oza, meeting, pb):
    services.arrangement_update(
        by=pb,
        arrangement=oza,
        data={"name": "Samen naar school"},
        functions=[ArrangementFunctionChoice.TERUGLEIDEN],
        expected_version=oza.version,
    )
    return "Samen naar school"


def move_the_meeting(oza, meeting, pb):
    invitations.meeting_reschedule(
        meeting=meeting,
        by=pb,
        starts_at=meeting.starts_at + timedelta(days=1),
        duration_minutes=meeting.duration_minutes,
        location="Buurthuis De Kern",
        video_url=meeting.video_url,
        expected_version=meeting.version,
    )
    return "Buurthuis De Kern"


def start_another_oza(oza, meeting, pb):
    jeugdige = the_jeugdige(oza)
    another = make_individual_arrangement(procesbegeleider=pb, jeugdige=jeugdige, name="")
    return f"Oza {another.pk}"


@pytest.mark.parametrize(
    ("case_page", "change"),
    [
        (oza_page, add_goal),
        (oza_page, rename_guardian),
        (oza_page, add_team_member),
        (oza_page, rename_procesbegeleider),
        (oza_page, request_a_funding_line),
        (oza_page, raise_an_escalation),
        (mdo_screen, write_notes),
        (mdo_screen, send_invitations),
        (mdo_screen, add_agreement),
        (mdo_screen, rename_procesbegeleider),
        (jeugdige_page, add_goal),
        (jeugdige_page, rename_jeugdige),
        (jeugdige_page, rename_guardian),
        (jeugdige_page, start_another_oza),
        (mdo_report, write_notes),
        (mdo_report, add_agreement),
        (costs_page, grant_a_funding_line),
        (portal_access_page, invite_the_mother),
        (portal_access_page, rename_guardian),
        (jeugdige_form, rename_jeugdige),
        (new_oza_form, rename_jeugdige),
        (guardian_edit_form, rename_guardian),
        (reschedule_form, move_the_meeting),
        (mdo_screen, move_the_meeting),
        (oza_form, rename_oza),
        (goal_form, rename_oza),
        (mdo_plan_form, rename_oza),
        (funding_line_form, rename_oza),
        (funding_line_edit_form, rename_oza),
    ],
)
def test_a_change_shows_at_once(client, pb, oza, meeting, case_page, change):
    url = case_page(oza, meeting)
    read_main(client, pb, url)
    before, _queries = read_main(client, pb, url)
    expected = change(oza, meeting, pb)
    assert expected not in before
    after, _queries = read_main(client, pb, url)
    assert expected in after


def test_the_days_at_an_escalation_level_stay_right_all_day_on_a_cached_page(client, pb, oza):
    evening = datetime(2026, 10, 1, 20, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    with time_machine.travel(evening, tick=False) as clock:
        raise_an_escalation(oza, None, pb)
        clock.move_to(evening + timedelta(hours=13))  # the next morning
        assert "1 dag op deze trede" in read_main(client, pb, oza_page(oza, None))[0]
        clock.move_to(evening + timedelta(hours=23))  # that evening: still the same day
        assert "1 dag op deze trede" in read_main(client, pb, oza_page(oza, None))[0]
        clock.move_to(evening + timedelta(hours=28))  # past midnight: a page of the new day
        assert "2 dagen op deze trede" in read_main(client, pb, oza_page(oza, None))[0]


def test_a_plan_the_worker_could_not_make_shows_at_once(client, pb, oza, meeting, monkeypatch):
    """The worker marks a failed rendering with a queryset update, which sends no signal."""
    document = document_services.document_request(
        by=pb,
        kind=DocumentKind.PLAN,
        arrangement=oza,
        jeugdige=the_jeugdige(oza),
        audience=Audience.TEAM,
    )
    url = oza_page(oza, meeting)
    read_main(client, pb, url)
    assert "Mislukt" not in read_main(client, pb, url)[0]
    monkeypatch.setattr(rendering, "render_pdf", lambda *args, **kwargs: 1 / 0)
    document_services.document_render(document_pk=document.pk)
    assert "Mislukt" in read_main(client, pb, url)[0]


def test_a_group_oza_offers_a_jeugdige_of_an_oza_just_joined(client, pb, oza):
    group = make_group_arrangement(procesbegeleider=pb, members=[the_jeugdige(oza)])
    other = make_individual_arrangement(
        jeugdige=JeugdigeFactory(first_name="Lotte", last_name="Smit")
    )
    url = reverse("cases:arrangement_detail", args=[group.pk])
    read_main(client, pb, url)
    assert "Lotte Smit" not in read_main(client, pb, url)[0]
    services.team_member_add(by=other.created_by, arrangement=other, user=pb, role=TeamRole.MENTOR)
    assert "Lotte Smit" in read_main(client, pb, url)[0]


@pytest.mark.parametrize(
    "case_page",
    [
        oza_page,
        mdo_screen,
        jeugdige_page,
        mdo_report,
        costs_page,
        portal_access_page,
        *(form for form, _shows in FORMS),
    ],
)
def test_whoever_leaves_the_team_no_longer_sees_the_cached_page(
    client, pb, oza, meeting, case_page
):
    colleague = UserFactory()
    member = TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.JEUGDCONSULENT)
    url = case_page(oza, meeting)
    read_main(client, colleague, url)
    services.team_member_remove(by=pb, member=member)
    assert client.get(url).status_code == 404


def add_a_gemeente(pb):
    GemeenteFactory(name="Gemeente Zeewolde")
    return "Gemeente Zeewolde"


def write_a_proposal(pb):
    write_proposal(by=pb, title="Concentratiegroep PO")
    return "Concentratiegroep PO"


@pytest.mark.parametrize(
    ("url_name", "view", "change"),
    [
        ("cases:register", RegisterView, add_a_gemeente),
        ("cases:group_arrangement_create", GroupArrangementCreateView, write_a_proposal),
    ],
)
def test_an_empty_form_comes_from_the_cache_and_offers_a_new_choice_at_once(
    client, pb, url_name, view, change, monkeypatch
):
    url = reverse(url_name)
    made = calls_of(monkeypatch, view, "get_context_data")
    before, cold, warm = read_twice(client, pb, url)
    assert len(made) == 1
    assert warm < cold
    expected = change(pb)
    assert expected not in before
    assert expected in read_main(client, pb, url)[0]


def test_an_edit_form_from_the_cache_carries_the_version_saved_last(client, pb, oza):
    """The version the form sends back is the one the next save is checked against: a form
    kept from before a change would make the next save look like a conflict."""
    jeugdige = the_jeugdige(oza)
    url = jeugdige_form(oza, None)
    read_twice(client, pb, url)
    rename_jeugdige(oza, None, pb)
    jeugdige.refresh_from_db()
    html = client.get(url).content.decode()
    assert re.search(rf'name="version" value="{jeugdige.version}"', html)
    assert 'name="first_name" value="Noor"' in html


def test_a_form_from_the_cache_saves_with_the_token_of_who_reads_it(pb, oza):
    client = Client(enforce_csrf_checks=True)
    url = goal_form(oza, None)
    read_main(client, pb, url)
    client.logout()  # a new login gets a new CSRF secret: the cached page's token is useless
    client.force_login(pb)
    html = client.get(url).content.decode()  # from the cache
    response = client.post(
        url,
        {
            "csrfmiddlewaretoken": CSRF_VALUE.findall(html)[-1],
            "domain": GoalDomain.CARE,
            "description": "Daan slaapt weer door.",
            "target_date": oza.planned_end.isoformat(),
        },
    )
    assert response.status_code == 302
    assert oza.goals.filter(description="Daan slaapt weer door.").exists()


def test_a_form_from_the_cache_is_refused_to_whoever_may_see_but_not_change(client, pb, oza):
    """A functioneel beheerder reads through break-the-glass; their pages are never kept, and
    a form to change the oza stays closed to them."""
    beheerder = make_functional_admin()
    services.break_glass_open(
        user=beheerder, jeugdige=the_jeugdige(oza), reason="AVG-verzoek van de ouders."
    )
    url = oza_form(oza, None)
    read_twice(client, pb, url)
    client.force_login(beheerder)
    assert client.get(url).status_code == 403


def test_an_entry_is_for_one_user(client, pb, oza, meeting):
    colleague = UserFactory(first_name="Karim", last_name="Haddou")
    TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.JEUGDCONSULENT)
    url = mdo_screen(oza, meeting)
    _html, cold = read_main(client, pb, url)
    _html, warm = read_main(client, pb, url)
    _html, theirs = read_main(client, colleague, url)
    assert theirs == cold > warm


def test_forms_on_a_cached_page_carry_the_token_of_who_reads_it(pb, oza, meeting):
    client = Client(enforce_csrf_checks=True)
    url = oza_page(oza, meeting)
    read_main(client, pb, url)
    client.logout()  # a new login gets a new CSRF secret: the cached page's token is useless
    _html, warm = read_main(client, pb, url)
    html = client.get(url).content.decode()
    assert cache.CSRF_PLACEHOLDER not in html
    token = CSRF_VALUE.findall(html)[-1]
    response = client.post(
        reverse("cases:goal_add", args=[oza.pk]),
        {
            "csrfmiddlewaretoken": token,
            "domain": GoalDomain.CARE,
            "description": "Daan slaapt weer door.",
            "target_date": oza.planned_end.isoformat(),
        },
    )
    assert response.status_code == 302
    assert "slaapt weer door" in read_main(client, pb, url)[0]


def test_a_cached_page_shows_the_requests_own_messages_once(client, pb, oza, meeting):
    colleague = UserFactory()
    TeamMemberFactory(arrangement=oza, user=colleague, role=TeamRole.MENTOR)
    url = mdo_screen(oza, meeting)
    _html, cold = read_main(client, colleague, url)
    # Not the chair: refused with a message, and nothing written that drops the page.
    client.post(reverse("mdo:open", args=[meeting.pk]))
    with_message, warm = read_main(client, colleague, url)
    assert warm < cold
    assert "Alleen de voorzitter" in with_message
    assert "Alleen de voorzitter" not in read_main(client, colleague, url)[0]


def test_invalid_input_shows_the_page_again_with_what_was_typed(client, pb, oza, meeting):
    url = oza_page(oza, meeting)
    read_main(client, pb, url)
    response = client.post(
        reverse("cases:goal_add", args=[oza.pk]),
        {"domain": GoalDomain.CARE, "description": "Zonder streefdatum"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Zonder streefdatum" in html
    assert "Daan Visser" in html


# --- the portal's plan ---------------------------------------------------------------------------
@pytest.fixture
def parent(oza):
    return portal_guardian(the_jeugdige(oza), name="Ilse Visser").user


def share_the_plan(oza, meeting, pb, parent):
    shared_family_plan(oza, jeugdige=the_jeugdige(oza), by=pb)
    return "Versie 1"


def plan_an_earlier_mdo(oza, meeting, pb, parent):
    plan_mdo(oza, by=pb, starts_at=meeting.starts_at - timedelta(hours=1), location="De Ster")
    return "De Ster"


def allow_the_parent_without_gezag(oza, meeting, pb, parent):
    """A decision about the portal, not about an oza: the record names no oza."""
    jeugdige = the_jeugdige(oza)
    portal_services.portal_decide(
        by=parent,
        jeugdige=jeugdige,
        subject=ConsentSubject.NON_CUSTODIAL_MAY_VIEW,
        given=True,
        about_guardian=jeugdige.guardians.get(has_authority=False),
    )
    return "Kees Visser)"


def offer_the_questionnaire(oza, meeting, pb, parent):
    survey_offer(arrangement=oza, moment=SurveyMoment.EVALUATION)
    return "Vragenlijst bij de evaluatie"


@pytest.mark.parametrize(
    ("portal_page", "change"),
    [
        ("portal:plan", lambda oza, meeting, pb, parent: add_goal(oza, meeting, pb)),
        ("portal:meetings", plan_an_earlier_mdo),
        ("portal:documents", share_the_plan),
        ("portal:consent", allow_the_parent_without_gezag),
        ("portal:surveys", offer_the_questionnaire),
    ],
)
def test_a_childs_portal_page_comes_from_the_cache_and_shows_a_change_at_once(
    client, pb, oza, meeting, parent, portal_page, change, monkeypatch
):
    GuardianFactory(jeugdige=the_jeugdige(oza), name="Kees Visser", has_authority=False)
    url = reverse(portal_page, kwargs={"jeugdige_pk": the_jeugdige(oza).pk})
    made = calls_of(monkeypatch, resolve(url).func.view_class, "get_context_data")
    before, cold, warm = read_twice(client, parent, url)
    assert len(made) == 1
    assert warm < cold
    logged = AuditEvent.objects.filter(actor=parent, jeugdige=the_jeugdige(oza))
    assert logged.count() == 2
    expected = change(oza, meeting, pb, parent)
    assert expected not in before
    assert expected in read_main(client, parent, url)[0]


def test_a_parent_who_loses_gezag_no_longer_sees_the_cached_plan(client, pb, oza, parent):
    url = reverse("portal:plan", kwargs={"jeugdige_pk": the_jeugdige(oza).pk})
    read_main(client, parent, url)
    guardian = parent.guardianships.get()
    guardian.has_authority = False
    services.guardian_save(by=pb, guardian=guardian)
    assert client.get(url).status_code == 404


# --- every model a case page shows is listened to ---------------------------------------------
# Models that point at an oza or a jeugdige but show on no cached page, and why.
NOT_ON_A_CACHED_PAGE = {
    "audit.AuditEvent": "the audit trail; every read writes one",
    "cases.BreakGlassAccess": "a functioneel beheerder's reads are never cached",
    "cases.OverdueNotice": "a record of a reminder mail sent",
    "mdo.SentReminder": "a record of a reminder mail sent",
    "funding.FundingExpiryNotice": "a record of a reminder mail sent",
    "avg.LegalHold": "shown on the AVG pages, which are not cached",
    "avg.InzageExport": "shown on the AVG pages, which are not cached",
    "avg.AuditReview": "shown on the AVG pages, which are not cached",
}


def case_models() -> set[str]:
    """Every model that points, in one or more steps, at an oza or a jeugdige."""
    found = {Arrangement._meta.label, Jeugdige._meta.label}
    grew = True
    while grew:
        grew = False
        for model in apps.get_models():
            label = model._meta.label
            if label in found or label in NOT_ON_A_CACHED_PAGE:
                continue
            if any(
                field.is_relation and field.related_model._meta.label in found
                for field in model._meta.fields
            ):
                found.add(label)
                grew = True
    return found


def test_every_model_that_belongs_to_a_case_drops_the_cached_pages():
    listened = {model._meta.label for model in cache.LISTENED}
    assert case_models() - listened == set()
    assert {"mdo.AgendaItem", "documents.Document", "funding.EscalationStep"} <= case_models()


def test_the_mdo_calendar_file_comes_from_the_cache_is_logged_and_shows_a_change_at_once(
    client, pb, oza, meeting, monkeypatch
):
    url = reverse("mdo:ics", args=[meeting.pk])
    client.force_login(pb)
    made = calls_of(monkeypatch, mdo_views, "meeting_ics")
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert len(made) == 1
    logged = AuditEvent.objects.filter(
        actor=pb,
        action=AuditAction.VIEW,
        jeugdige=the_jeugdige(oza),
        object_type="mdo.Meeting",
        object_id=str(meeting.pk),
    )
    assert logged.count() == 2
    mdo_services.participant_add(
        meeting=meeting, by=pb, name="Wijkagent Bos", email="bos@politie.example"
    )
    assert b"bos@politie.example" in client.get(url).content
