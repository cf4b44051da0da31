"""AVG: the inzage export covers every model with a jeugdige's data, retention removal with
legal hold, and the audit viewer of the functioneel beheerder."""

import csv
import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from cases import services as case_services
from cases.models import Arrangement, Jeugdige, Phase, PhaseTransition
from oza.audit.models import AuditAction, AuditEvent
from oza.audit.services import audit_read
from oza.avg import registry
from oza.avg import services as avg_services
from oza.avg.models import AuditReview, LegalHold, RetentionTombstone
from oza.avg.views import CappedCountPaginator
from oza.documents import services as document_services
from oza.documents.models import Audience, Document, DocumentKind
from tests.factories import (
    JeugdigeFactory,
    UserFactory,
    make_group_arrangement,
    make_individual_arrangement,
    portal_guardian,
    the_jeugdige,
    walk_to,
)

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
CLOSED_ON = datetime(2026, 1, 15, 10, 0, tzinfo=AMSTERDAM)


# --- The export covers every model --------------------------------------------------------
def models_linked_to_jeugdige() -> set[str]:
    """Every model with a foreign-key path to a jeugdige: directly, or through the oza (an oza
    belongs to its participants), or through a model that has one."""
    linked = {"cases.Jeugdige", "cases.Arrangement"}
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            label = model._meta.label
            if label in linked:
                continue
            targets = {
                field.related_model._meta.label
                for field in model._meta.concrete_fields
                if field.is_relation and (field.many_to_one or field.one_to_one)
            }
            if targets & linked:
                linked.add(label)
                changed = True
    return linked


def test_every_model_with_a_jeugdige_link_is_exported_or_excluded_with_a_reason():
    covered = set(registry.JEUGDIGE_DATA) | set(registry.NOT_EXPORTED)
    missing = models_linked_to_jeugdige() - covered
    assert not missing, f"Add to oza.avg.registry (export) or NOT_EXPORTED: {sorted(missing)}"
    assert all(reason.strip() for reason in registry.NOT_EXPORTED.values())
    # The lists name nothing that has no link (a stale entry would hide a missing one).
    assert covered <= models_linked_to_jeugdige()


def test_the_removal_order_puts_every_model_before_what_it_points_at():
    order = registry.removal_order()
    assert "audit.AuditEvent" not in order
    position = {label: i for i, label in enumerate(order)}
    for label in order:
        model = apps.get_model(label)
        for field in model._meta.concrete_fields:
            target = field.related_model
            if field.is_relation and target is not model and target._meta.label in position:
                assert position[label] < position[target._meta.label], (label, field.name)


# --- Inzage ---------------------------------------------------------------------------------
@pytest.fixture
def closed_oza(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    with time_machine.travel(CLOSED_ON, tick=False):
        walk_to(oza, Phase.CLOSED, by=procesbegeleider)
    return oza


def open_break_glass(admin, jeugdige):
    case_services.break_glass_open(user=admin, jeugdige=jeugdige, reason="Inzageverzoek ouder")


def test_the_export_needs_break_glass_and_holds_the_dossier_and_the_access_log(
    client, swv_admin, closed_oza
):
    jeugdige = the_jeugdige(closed_oza)
    url = reverse("avg:inzage_json", kwargs={"pk": jeugdige.pk})
    client.force_login(swv_admin)
    assert client.get(url).status_code == 404
    open_break_glass(swv_admin, jeugdige)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    export = json.loads(response.content)
    data = export["gegevens"]
    assert set(data) == set(registry.JEUGDIGE_DATA)
    assert data["cases.Jeugdige"][0]["bsn"] == jeugdige.bsn
    assert [row["id"] for row in data["cases.Arrangement"]] == [closed_oza.pk]
    assert len(data["cases.Goal"]) >= 2
    assert len(data["cases.PhaseTransition"]) == 5
    assert data["cases.Guardian"] and data["audit.AuditEvent"]
    assert data["cases.BreakGlassAccess"][0]["reason"] == "Inzageverzoek ouder"
    assert AuditEvent.objects.filter(
        actor=swv_admin, jeugdige_id=jeugdige.pk, action=AuditAction.EXPORT
    ).exists()


def test_the_export_of_a_group_member_leaves_out_the_other_members(swv_admin):
    group = make_group_arrangement(members=(JeugdigeFactory(), JeugdigeFactory()))
    first, second = [p.jeugdige for p in group.participations.order_by("pk")]
    export = avg_services.inzage_export(by=swv_admin, jeugdige=first)["gegevens"]
    assert {row["jeugdige"] for row in export["cases.Participation"]} == {first.pk}
    assert [row["id"] for row in export["cases.Jeugdige"]] == [first.pk]
    assert all(row["jeugdige"] != second.pk for row in export["cases.ConsentRecord"])


def test_only_a_functioneel_beheerder_uses_the_avg_page(client, procesbegeleider, closed_oza):
    jeugdige = the_jeugdige(closed_oza)
    client.force_login(procesbegeleider)
    assert client.get(reverse("avg:jeugdige", kwargs={"pk": jeugdige.pk})).status_code == 403


# --- Legal hold -----------------------------------------------------------------------------
def test_a_legal_hold_is_set_and_cleared_on_the_avg_page_and_audited(client, swv_admin, closed_oza):
    jeugdige = the_jeugdige(closed_oza)
    open_break_glass(swv_admin, jeugdige)
    client.force_login(swv_admin)
    url = reverse("avg:jeugdige", kwargs={"pk": jeugdige.pk})
    short = client.post(url, {"reason": "kort"})
    assert short.status_code == 400 and "minstens tien tekens" in short.content.decode()
    assert client.post(url, {"reason": "Klacht bij de geschillencommissie"}).status_code == 302
    hold = LegalHold.objects.get(jeugdige=jeugdige)
    assert hold.is_active and hold.set_by == swv_admin
    assert client.post(url, {"clear": "1"}).status_code == 302
    hold.refresh_from_db()
    assert not hold.is_active and hold.cleared_by == swv_admin
    assert (
        AuditEvent.objects.filter(object_type="avg.LegalHold", jeugdige_id=jeugdige.pk).count() == 2
    )


# --- Retention ----------------------------------------------------------------------------
@pytest.fixture
def closed_oza_with_pdf(
    closed_oza, procesbegeleider, private_media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        document = document_services.document_request(
            by=procesbegeleider,
            kind=DocumentKind.PLAN,
            arrangement=closed_oza,
            jeugdige=the_jeugdige(closed_oza),
            audience=Audience.TEAM,
        )
    document.refresh_from_db()
    assert document.file and (private_media / document.file.name).exists()
    return closed_oza, document


def test_after_twenty_years_the_dossier_and_its_files_are_removed_and_a_tombstone_written(
    closed_oza_with_pdf, private_media, procesbegeleider, django_capture_on_commit_callbacks
):
    oza, document = closed_oza_with_pdf
    jeugdige = the_jeugdige(oza)
    guardian = portal_guardian(jeugdige)
    audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    audit_rows = AuditEvent.objects.filter(jeugdige_id=jeugdige.pk).count()
    path = private_media / document.file.name

    with time_machine.travel(datetime(2046, 1, 14, 12, 0, tzinfo=AMSTERDAM), tick=False):
        assert avg_services.purge_expired_dossiers() == []
    assert Jeugdige.objects.filter(pk=jeugdige.pk).exists()

    after_twenty_years = datetime(2046, 1, 16, 12, 0, tzinfo=AMSTERDAM)
    with (
        time_machine.travel(after_twenty_years, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        tombstones = avg_services.purge_expired_dossiers()
    assert [t.jeugdige_id for t in tombstones] == [jeugdige.pk]
    tombstone = RetentionTombstone.objects.get()
    assert tombstone.last_closed_on == CLOSED_ON.date()
    assert "20" in tombstone.rule and tombstone.removed_files == 1
    assert tombstone.removed_rows["cases.Jeugdige"] == 1
    assert not Jeugdige.objects.filter(pk=jeugdige.pk).exists()
    assert not Arrangement.objects.filter(pk=oza.pk).exists()
    assert not PhaseTransition.objects.filter(arrangement_id=oza.pk).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not path.exists()
    # The audit trail stays, as the legal log.
    assert AuditEvent.objects.filter(jeugdige_id=jeugdige.pk).count() == audit_rows
    # The parent's portal account no longer names anyone and cannot log in.
    guardian.user.refresh_from_db()
    assert guardian.user.username.startswith("verwijderd-")
    assert not guardian.user.is_active and not guardian.user.email
    assert not guardian.user.has_usable_password()


def test_a_legal_hold_blocks_removal_until_cleared(swv_admin, closed_oza):
    jeugdige = the_jeugdige(closed_oza)
    avg_services.legal_hold_set(by=swv_admin, jeugdige=jeugdige, reason="Lopende rechtszaak")
    later = datetime(2047, 1, 1, tzinfo=AMSTERDAM)
    with time_machine.travel(later, tick=False):
        assert avg_services.purge_expired_dossiers() == []
        with pytest.raises(ValidationError):
            avg_services.purge_jeugdige(jeugdige=jeugdige, rule="test", reason="test")
    assert Jeugdige.objects.filter(pk=jeugdige.pk).exists()
    avg_services.legal_hold_clear(by=swv_admin, jeugdige=jeugdige)
    with time_machine.travel(later, tick=False):
        assert len(avg_services.purge_expired_dossiers()) == 1
    assert not Jeugdige.objects.filter(pk=jeugdige.pk).exists()


def test_an_active_oza_is_never_removed(procesbegeleider):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    with time_machine.travel(datetime(2060, 1, 1, tzinfo=AMSTERDAM), tick=False):
        assert avg_services.purge_expired_dossiers() == []
    assert Arrangement.objects.filter(pk=oza.pk).exists()


def test_the_retention_period_is_a_setting(settings, closed_oza):
    settings.OZA_RETENTION_YEARS = 2
    with time_machine.travel(datetime(2028, 1, 16, 12, 0, tzinfo=AMSTERDAM), tick=False):
        assert len(avg_services.purge_expired_dossiers()) == 1


# --- Audit viewer -------------------------------------------------------------------------
def test_the_audit_viewer_is_only_for_functioneel_beheerders(client, procesbegeleider):
    client.force_login(procesbegeleider)
    assert client.get(reverse("avg:audit_log")).status_code == 403
    assert client.get(reverse("avg:audit_log") + "?export=csv").status_code == 403


def test_the_audit_viewer_filters_by_user_jeugdige_and_period_and_is_logged(
    client, swv_admin, procesbegeleider, oza
):
    jeugdige = the_jeugdige(oza)
    other = UserFactory()
    with time_machine.travel(datetime(2026, 2, 1, 9, tzinfo=AMSTERDAM), tick=False):
        audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    with time_machine.travel(datetime(2026, 3, 1, 9, tzinfo=AMSTERDAM), tick=False):
        audit_read(actor=other, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    client.force_login(swv_admin)
    url = reverse("avg:audit_log")

    by_user = client.get(url, {"actor": other.pk})
    assert {e.actor for e in by_user.context["events"]} == {other}
    period = client.get(url, {"jeugdige": jeugdige.pk, "start": "2026-01-25", "end": "2026-02-05"})
    assert [e.actor for e in period.context["events"]] == [procesbegeleider]
    assert (
        AuditEvent.objects.filter(
            actor=swv_admin, action=AuditAction.LIST, object_type="audit.AuditEvent"
        ).count()
        == 2
    )
    bad = client.get(url, {"start": "gisteren"})
    assert bad.status_code == 200 and list(bad.context["events"]) == []


def test_the_csv_export_is_formula_safe_and_logged(client, swv_admin, procesbegeleider, oza):
    from oza.audit.services import audit_change

    jeugdige = the_jeugdige(oza)
    audit_change(
        actor=procesbegeleider,
        jeugdige_ids=[jeugdige.pk],
        obj=jeugdige,
        action=AuditAction.UPDATE,
        description='=HYPERLINK("http://evil")',
    )
    client.force_login(swv_admin)
    response = client.get(reverse("avg:audit_log"), {"jeugdige": jeugdige.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode()), delimiter=";"))
    descriptions = [row[7] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil")' in descriptions
    assert AuditEvent.objects.filter(actor=swv_admin, action=AuditAction.EXPORT).exists()


def test_break_glass_reads_are_marked_reviewed_by_another_beheerder(client, swv_admin, oza):
    jeugdige = the_jeugdige(oza)
    reader = UserFactory(functioneel_beheerder=True)
    audit_read(actor=reader, jeugdige_ids=[jeugdige.pk], obj=jeugdige, break_the_glass=True)
    event = AuditEvent.objects.get(actor=reader, break_the_glass=True)
    with pytest.raises(ValidationError):
        avg_services.audit_review(by=reader, event=event)
    client.force_login(swv_admin)
    url = reverse("avg:audit_log")
    assert event in client.get(url, {"unreviewed": "on"}).context["events"]
    client.post(reverse("avg:audit_review", kwargs={"pk": event.pk}))
    review = AuditReview.objects.get(event=event)
    assert review.reviewed_by == swv_admin
    assert event not in client.get(url, {"unreviewed": "on"}).context["events"]
    page = client.get(url, {"jeugdige": jeugdige.pk}).content.decode()
    assert "beoordeeld door" in page


def test_retention_purge_lets_only_deletes_through_and_never_of_audit_rows(closed_oza):
    from django.db import connection, transaction

    from oza.audit.append_only import AppendOnlyError, retention_purge

    transition = PhaseTransition.objects.filter(arrangement=closed_oza).first()
    event = AuditEvent.objects.filter(jeugdige_id=the_jeugdige(closed_oza).pk).first()
    with pytest.raises(AppendOnlyError):
        PhaseTransition.objects.filter(pk=transition.pk).delete()
    with transaction.atomic(), retention_purge():
        with pytest.raises(AppendOnlyError):
            AuditEvent.objects.filter(pk=event.pk).delete()
        with pytest.raises(AppendOnlyError):
            PhaseTransition.objects.filter(pk=transition.pk).update(reason="x")
        if connection.vendor == "postgresql":
            # The trigger too: audit rows stay even for raw SQL inside a removal.
            with (
                pytest.raises(Exception, match="append-only"),
                transaction.atomic(),
                connection.cursor() as cursor,
            ):
                cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        PhaseTransition.objects.filter(pk=transition.pk).delete()
    assert not PhaseTransition.objects.filter(pk=transition.pk).exists()
    if connection.vendor == "postgresql":
        # Outside the removal the trigger refuses again.
        other = PhaseTransition.objects.filter(arrangement=closed_oza).first()
        with (
            pytest.raises(Exception, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute("DELETE FROM cases_phasetransition WHERE id = %s", [other.pk])


def test_the_avg_page_shows_the_access_log_and_the_hold(client, swv_admin, procesbegeleider, oza):
    jeugdige = the_jeugdige(oza)
    audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    open_break_glass(swv_admin, jeugdige)
    avg_services.legal_hold_set(by=swv_admin, jeugdige=jeugdige, reason="Klachtprocedure loopt")
    client.force_login(swv_admin)
    response = client.get(reverse("avg:jeugdige", kwargs={"pk": jeugdige.pk}))
    assert response.status_code == 200
    page = response.content.decode()
    assert str(procesbegeleider) in page and "Klachtprocedure loopt" in page
    assert response.context["events_counted"].count >= 1
    # The page read itself is logged, through noodtoegang.
    assert AuditEvent.objects.filter(
        actor=swv_admin, jeugdige_id=jeugdige.pk, action=AuditAction.VIEW, break_the_glass=True
    ).exists()
    # The admin lists legal holds and tombstones read-only, with no name in them.
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    listing = client.get(reverse("admin:avg_legalhold_changelist"))
    assert listing.status_code == 200 and jeugdige.last_name not in listing.content.decode()
    assert client.get(reverse("admin:avg_retentiontombstone_changelist")).status_code == 200


def test_the_inzage_pdf_is_made_by_celery_downloaded_with_a_log_and_removed_with_the_dossier(
    client, swv_admin, closed_oza, private_media, django_capture_on_commit_callbacks
):
    from oza.avg.models import InzageExport, InzageStatus
    from tests.pdf import pdf_text

    jeugdige = the_jeugdige(closed_oza)
    open_break_glass(swv_admin, jeugdige)
    client.force_login(swv_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("avg:inzage_pdf", kwargs={"pk": jeugdige.pk}))
    assert response.status_code == 302
    export = InzageExport.objects.get(jeugdige=jeugdige)
    assert export.status == InzageStatus.DONE, export.error
    text = pdf_text(export)
    assert jeugdige.bsn in text and "Fasegeschiedenis" in text and "Audittrail" in text

    status = client.get(
        reverse("avg:inzage_pdf_status", kwargs={"pk": jeugdige.pk, "export_pk": export.pk})
    )
    assert "PDF downloaden" in status.content.decode()
    download = client.get(
        reverse("avg:inzage_pdf_download", kwargs={"pk": jeugdige.pk, "export_pk": export.pk})
    )
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert (
        AuditEvent.objects.filter(
            actor=swv_admin, object_type="avg.InzageExport", action=AuditAction.EXPORT
        ).count()
        == 2
    )  # requested and downloaded

    path = private_media / export.file.name
    assert path.exists()
    with (
        time_machine.travel(datetime(2046, 2, 1, tzinfo=AMSTERDAM), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        avg_services.purge_expired_dossiers()
    assert not InzageExport.objects.filter(pk=export.pk).exists()
    assert not path.exists()


def test_a_hold_set_after_the_selection_keeps_that_dossier_and_the_run_goes_on(
    monkeypatch, swv_admin, procesbegeleider
):
    from oza.avg import selectors

    held, due = [make_individual_arrangement(procesbegeleider=procesbegeleider) for _ in range(2)]
    for oza in (held, due):
        with time_machine.travel(CLOSED_ON, tick=False):
            walk_to(oza, Phase.CLOSED, by=procesbegeleider)
    held_child, due_child = the_jeugdige(held), the_jeugdige(due)
    later = datetime(2047, 1, 1, tzinfo=AMSTERDAM)
    with time_machine.travel(later, tick=False):
        selected = list(selectors.retention_due())
    assert len(selected) == 2
    avg_services.legal_hold_set(by=swv_admin, jeugdige=held_child, reason="Klacht binnengekomen")
    monkeypatch.setattr(selectors, "retention_due", lambda now=None: selected)
    with time_machine.travel(later, tick=False):
        tombstones = avg_services.purge_expired_dossiers()
    assert [t.jeugdige_id for t in tombstones] == [due_child.pk]
    assert Jeugdige.objects.filter(pk=held_child.pk).exists()


def test_the_removal_runs_nightly_in_celery_beat(closed_oza):
    from django_celery_beat.models import PeriodicTask

    from oza.avg.tasks import purge_expired_dossiers

    task = PeriodicTask.objects.get(task="oza.avg.tasks.purge_expired_dossiers")
    assert task.enabled and (task.crontab.hour, task.crontab.minute) == ("2", "30")
    jeugdige = the_jeugdige(closed_oza)
    with time_machine.travel(datetime(2046, 6, 1, tzinfo=AMSTERDAM), tick=False):
        result = purge_expired_dossiers.delay().get()
    assert result == {"removed": [jeugdige.pk]}


def test_the_audit_viewer_is_paginated(client, settings, swv_admin, procesbegeleider, oza):
    settings.OZA_PAGE_SIZE = 3
    jeugdige = the_jeugdige(oza)
    for _ in range(4):
        audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    client.force_login(swv_admin)
    url = reverse("avg:audit_log")
    first = client.get(url, {"actor": procesbegeleider.pk})
    assert len(first.context["events"]) == 3 and first.context["is_paginated"]
    second = client.get(url, {"actor": procesbegeleider.pk, "page": 2})
    assert second.status_code == 200
    total = first.context["paginator"].count
    assert len(second.context["events"]) == min(3, total - 3)


def test_the_audit_viewer_counts_no_further_than_its_cap(
    client, settings, swv_admin, procesbegeleider, oza, monkeypatch
):
    settings.OZA_PAGE_SIZE = 2
    monkeypatch.setattr(CappedCountPaginator, "cap", 5)
    jeugdige = the_jeugdige(oza)
    for _ in range(7):
        audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    client.force_login(swv_admin)
    url = reverse("avg:audit_log")

    many = client.get(url, {"actor": procesbegeleider.pk})
    assert "Meer dan 5 gebeurtenissen" in many.content.decode()
    assert many.context["paginator"].num_pages == 3  # the newest five, two per page
    last = client.get(url, {"actor": procesbegeleider.pk, "page": 3})
    assert len(last.context["events"]) == 1 and not last.context["page_obj"].has_next()
    assert client.get(url, {"actor": procesbegeleider.pk, "page": 4}).status_code == 404
    few = client.get(url, {"jeugdige": jeugdige.pk, "actor": swv_admin.pk})
    assert "Meer dan" not in few.content.decode()
    assert few.context["paginator"].count == len(few.context["events"])


@pytest.mark.usefixtures("shared_cache")
def test_the_audit_viewers_user_filter_keeps_its_choice_and_shows_a_new_user(
    client, swv_admin, procesbegeleider
):
    client.force_login(swv_admin)
    url = reverse("avg:audit_log")
    chosen = client.get(url, {"actor": procesbegeleider.pk}).content.decode()
    assert f'<option value="{procesbegeleider.pk}" selected>' in chosen
    newcomer = UserFactory(username="nieuwe-collega")
    page = client.get(url).content.decode()
    assert f'<option value="{newcomer.pk}">' in page
    assert f'<option value="{procesbegeleider.pk}" selected>' not in page


def test_the_avg_page_counts_the_dossiers_events_no_further_than_the_cap(
    client, settings, swv_admin, procesbegeleider, oza, monkeypatch
):
    settings.OZA_PAGE_SIZE = 2
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    jeugdige = the_jeugdige(oza)
    open_break_glass(swv_admin, jeugdige)
    url = reverse("avg:jeugdige", kwargs={"pk": jeugdige.pk})
    client.force_login(swv_admin)
    assert "Meer dan" not in client.get(url).content.decode()
    for _ in range(4):
        audit_read(actor=procesbegeleider, jeugdige_ids=[jeugdige.pk], obj=jeugdige)
    response = client.get(url)
    assert "Meer dan 3 gebeurtenissen; de nieuwste staan hieronder." in response.content.decode()
    assert len(response.context["events"]) == 2
