"""The onderwijs-zorgplan as PDF: rendered in Celery (eager here), a numbered version with a
hash in private storage, a family copy without anything unshared, and access like the oza."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import GoalScore
from funding.models import AmountUnit
from oza.audit.models import AuditAction, AuditEvent
from oza.documents import rendering, selectors, services, tasks
from oza.documents.models import Audience, Document, DocumentKind, DocumentStatus
from tests.factories import (
    FundingLineFactory,
    GoalEvaluationFactory,
    GoalFactory,
    JeugdigeFactory,
    add_goals,
    hold_mdo,
    make_group_arrangement,
    the_jeugdige,
)
from tests.pdf import pdf_text, squash

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

SHARED_NOTES = "Ouders zien dat Sem 's ochtends rustiger is; dat gaat goed."
SECRET_NOTES = "Vertrouwelijk: de zorgaanbieder overweegt een melding."
SHARED_AGREEMENT = "De mentor belt elke vrijdag met de ouders over de week."
SECRET_AGREEMENT = "De jeugdconsulent vraagt een herindicatie aan bij de gemeente."
HINDERING = "Spanningen thuis rond de scheiding."


@pytest.fixture
def plan_oza(oza, procesbegeleider):
    """An oza with two goals (one evaluated), factors, a funding line and a held MDO with a
    shared and an unshared agenda item and agreement."""
    oza.protective_factors = "Sterke band met opa en oma; houdt van voetbal."
    oza.hindering_factors = HINDERING
    oza.save(update_fields=["protective_factors", "hindering_factors"])
    education, _care = add_goals(oza)
    GoalEvaluationFactory(goal=education, score=GoalScore.PARTLY_ACHIEVED)
    FundingLineFactory(arrangement=oza, amount=Decimal("4250.00"), unit=AmountUnit.TOTAL)
    hold_mdo(
        oza,
        by=procesbegeleider,
        notes=[("Hoe gaat het thuis", SHARED_NOTES, True), ("Zorgen", SECRET_NOTES, False)],
        agreements=[(SHARED_AGREEMENT, True), (SECRET_AGREEMENT, False)],
    )
    return oza


def request_plan(oza, by, audience, capture, jeugdige=None):
    with capture(execute=True):
        document = services.document_request(
            by=by,
            kind=DocumentKind.PLAN,
            arrangement=oza,
            jeugdige=jeugdige or the_jeugdige(oza),
            audience=audience,
        )
    document.refresh_from_db()
    return document


def test_the_team_plan_holds_the_whole_plan(
    plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    document = request_plan(
        plan_oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.DONE, document.error
    text = pdf_text(document)
    jeugdige = the_jeugdige(plan_oza)
    assert str(jeugdige) in text
    for goal in plan_oza.goals.all():
        assert squash(goal.description) in text
    for agreement in plan_oza.agreements.all():
        assert squash(agreement.description) in text
    assert "Deels behaald" in text  # the goal's latest evaluation
    assert "Bekostiging" in text
    assert "4.250,00" in text
    assert HINDERING in text
    assert SECRET_NOTES not in text  # MDO history is date, kind and decision
    assert "Oriëntatie en afstemming" in text  # diacritics survive the font
    assert procesbegeleider.email in text  # team contact
    assert "Versie 1, gemaakt op" in text
    assert document.reference in text
    assert "Pagina 1 van" in text


def test_the_version_row_has_hash_pages_and_counts_up(
    plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    first = request_plan(
        plan_oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    with first.file.open("rb") as pdf:
        content = pdf.read()
    assert content.startswith(b"%PDF")
    assert first.sha256 == hashlib.sha256(content).hexdigest()
    assert first.page_count >= 1
    assert first.rendered_at is not None
    assert first.requested_by == procesbegeleider
    second = request_plan(
        plan_oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    family = request_plan(
        plan_oza, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks
    )
    assert (first.version, second.version, family.version) == (1, 2, 1)
    assert second.file.name != first.file.name
    assert str(the_jeugdige(plan_oza).last_name) not in first.file.name
    assert (
        AuditEvent.objects.filter(
            object_type="documents.Document", action=AuditAction.CREATE
        ).count()
        == 3
    )


def test_the_family_copy_holds_nothing_unshared(
    plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    document = request_plan(
        plan_oza, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.DONE, document.error
    text = pdf_text(document)
    assert str(the_jeugdige(plan_oza)) in text
    for goal in plan_oza.goals.all():
        assert squash(goal.description) in text
    assert SHARED_AGREEMENT in text
    assert SHARED_NOTES in text
    assert SECRET_AGREEMENT not in text
    assert SECRET_NOTES not in text
    assert "Bekostiging" not in text
    assert "4.250" not in text
    assert "€" not in text
    assert HINDERING not in text
    assert "Sterke band" not in text
    assert "Wat willen we bereiken" in text


def test_a_group_oza_has_a_plan_per_participant(
    procesbegeleider, django_capture_on_commit_callbacks
):
    ada, bo = JeugdigeFactory(first_name="Ada"), JeugdigeFactory(first_name="Bo")
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=[ada, bo])
    GoalFactory(arrangement=group)
    document = request_plan(
        group, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks, jeugdige=bo
    )
    text = pdf_text(document)
    assert str(bo) in text
    assert str(ada) not in text
    assert document.jeugdige == bo
    with pytest.raises(ValidationError):
        services.document_request(
            by=procesbegeleider,
            kind=DocumentKind.PLAN,
            arrangement=group,
            jeugdige=JeugdigeFactory(),
            audience=Audience.TEAM,
        )


def test_only_team_members_request_a_plan(oza, outsider):
    with pytest.raises(ValidationError):
        services.document_request(
            by=outsider,
            kind=DocumentKind.PLAN,
            arrangement=oza,
            jeugdige=the_jeugdige(oza),
            audience=Audience.TEAM,
        )
    assert not Document.objects.exists()


def test_a_failed_render_is_stored_as_mislukt_with_the_error(
    oza, procesbegeleider, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(document, **kwargs):
        raise OSError("Pango kon het lettertype niet laden")

    monkeypatch.setattr(rendering, "render_pdf", broken)
    document = request_plan(
        oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.FAILED
    assert "Pango kon het lettertype niet laden" in document.error
    assert not document.file
    # The task is not retried into a loop: running it again leaves the row alone.
    assert services.document_render(document_pk=document.pk) is None


def test_a_rendering_cut_off_long_ago_is_taken_over_and_a_running_one_is_not(oza, procesbegeleider):
    document = services.document_request(  # not committed: the task has not run
        by=procesbegeleider,
        kind=DocumentKind.PLAN,
        arrangement=oza,
        jeugdige=the_jeugdige(oza),
        audience=Audience.TEAM,
    )
    Document.objects.filter(pk=document.pk).update(
        status=DocumentStatus.RENDERING, started_at=timezone.now() - timedelta(minutes=1)
    )
    assert services.document_render(document_pk=document.pk) is None  # another worker has it
    Document.objects.filter(pk=document.pk).update(
        started_at=timezone.now() - services.STALE_RENDERING - timedelta(minutes=1)
    )
    assert services.document_render(document_pk=document.pk).status == DocumentStatus.DONE


def test_an_unreachable_broker_fails_the_version_instead_of_leaving_it_waiting(
    oza, procesbegeleider, monkeypatch, django_capture_on_commit_callbacks
):
    def no_broker(pk):
        raise ConnectionError("Redis is niet bereikbaar")

    monkeypatch.setattr(tasks.render_document, "delay", no_broker)
    document = request_plan(
        oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.FAILED
    assert "Redis is niet bereikbaar" in document.error


# --- Views --------------------------------------------------------------------------------
def test_requesting_from_the_oza_page_leads_to_a_status_page_with_the_download(
    client, plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    client.force_login(procesbegeleider)
    page = client.get(reverse("cases:arrangement_detail", args=[plan_oza.pk])).content.decode()
    assert "Plan maken (PDF)" in page
    assert "Ouderversie maken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:plan_request", args=[plan_oza.pk]),
            {"jeugdige": the_jeugdige(plan_oza).pk, "audience": Audience.TEAM},
        )
    document = Document.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("documents:status", args=[document.pk])
    status = client.get(response.url).content.decode()
    assert reverse("documents:download", args=[document.pk]) in status
    assert "hx-trigger" not in status  # finished: the page stops polling
    assert (
        document.sha256[:12]
        in client.get(reverse("cases:arrangement_detail", args=[plan_oza.pk])).content.decode()
    )


def test_the_status_page_polls_with_htmx_while_the_plan_is_made(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    document = services.document_request(  # no commit in this test: the task has not run
        by=procesbegeleider,
        kind=DocumentKind.PLAN,
        arrangement=oza,
        jeugdige=the_jeugdige(oza),
        audience=Audience.TEAM,
    )
    url = reverse("documents:status", args=[document.pk])
    page = client.get(url).content.decode()
    assert "Het plan wordt gemaakt…" in page
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 1s"' in page
    assert "<script>" not in page.replace("<script src", "")
    reads = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    fragment = client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="document-status"')
    assert "<html" not in fragment
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == reads
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404


def test_the_status_page_shows_the_error_of_a_failed_render(
    client, oza, procesbegeleider, monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(
        rendering, "render_pdf", lambda document, **kw: (_ for _ in ()).throw(ValueError("kapot"))
    )
    document = request_plan(
        oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    client.force_login(procesbegeleider)
    page = client.get(reverse("documents:status", args=[document.pk])).content.decode()
    assert "mislukt" in page and "kapot" in page
    assert "hx-trigger" not in page


def test_download_is_an_audited_attachment(
    client, plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    document = request_plan(
        plan_oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    client.force_login(procesbegeleider)
    response = client.get(reverse("documents:download", args=[document.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    body = b"".join(response.streaming_content)
    assert hashlib.sha256(body).hexdigest() == document.sha256
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == procesbegeleider
    assert event.jeugdige_id == the_jeugdige(plan_oza).pk
    assert event.object_id == str(document.pk)


def test_off_the_team_is_404_and_a_parent_is_refused(
    client, plan_oza, procesbegeleider, outsider, portal_user, django_capture_on_commit_callbacks
):
    document = request_plan(
        plan_oza, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks
    )
    urls = [
        reverse("documents:download", args=[document.pk]),
        reverse("documents:status", args=[document.pk]),
    ]
    client.force_login(outsider)
    for url in urls:
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("documents:share", args=[document.pk]), {"shared": "1"}).status_code
        == 404
    )
    assert (
        client.post(
            reverse("documents:plan_request", args=[plan_oza.pk]),
            {"jeugdige": the_jeugdige(plan_oza).pk, "audience": Audience.TEAM},
        ).status_code
        == 404
    )
    client.force_login(portal_user)
    for url in urls:
        assert client.get(url).status_code == 403
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()
    assert Document.objects.count() == 1


def test_only_a_finished_family_version_is_shared(
    client, plan_oza, procesbegeleider, django_capture_on_commit_callbacks
):
    team = request_plan(
        plan_oza, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    family = request_plan(
        plan_oza, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks
    )
    with pytest.raises(ValidationError):
        services.document_share(document=team, by=procesbegeleider, shared=True)
    client.force_login(procesbegeleider)
    back = reverse("cases:arrangement_detail", args=[plan_oza.pk])
    response = client.post(
        reverse("documents:share", args=[family.pk]), {"shared": "1", "next": back}
    )
    assert response.status_code == 302 and response.url == back
    family.refresh_from_db()
    assert family.shared_with_family
    assert list(selectors.documents_shared_with_family()) == [family]
    assert AuditEvent.objects.filter(object_id=str(family.pk), action=AuditAction.UPDATE).exists()
    client.post(reverse("documents:share", args=[family.pk]), {"shared": "0"})
    family.refresh_from_db()
    assert not family.shared_with_family
    assert not selectors.documents_shared_with_family().exists()
