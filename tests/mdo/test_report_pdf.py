"""The MDO-verslag as PDF: of a closed meeting only, the team copy as vastgesteld with its
amendments, the family copy with the shared parts only."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mdo import services as mdo_services
from oza.audit.models import AuditAction, AuditEvent
from oza.documents import services
from oza.documents.models import Audience, Document, DocumentKind, DocumentStatus
from tests.factories import JeugdigeFactory, hold_mdo, make_group_arrangement, plan_mdo
from tests.pdf import pdf_text

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_media")]

SHARED_NOTES = "Het gaat beter op school; de pauzes zijn nog lastig."
SECRET_NOTES = "Intern: de school twijfelt of de plaatsing past."
SHARED_AGREEMENT = "Ouders brengen de jeugdige drie dagen per week zelf naar school."
SECRET_AGREEMENT = "De onderwijsconsulent overlegt met de directeur over een TLV."
DECISION = "Het oza gaat door; de zorgaanbieder schaalt op naar twee sessies per week."
AMENDED = "Het gaat beter op school; de pauzes zijn nog lastig. Aangevuld: ook de gymles."


@pytest.fixture
def meeting(oza, procesbegeleider):
    meeting = hold_mdo(
        oza,
        by=procesbegeleider,
        notes=[("Voortgang op school", SHARED_NOTES, True), ("Plaatsing", SECRET_NOTES, False)],
        agreements=[(SHARED_AGREEMENT, True), (SECRET_AGREEMENT, False)],
        decision=DECISION,
    )
    item = meeting.agenda_items.get(title="Voortgang op school")
    mdo_services.notes_save(
        item=item,
        by=procesbegeleider,
        notes=AMENDED,
        expected_version=item.notes_version,
        shared_with_family=True,
        reason="Gymles vergeten",
    )
    return meeting


def request_report(meeting, by, audience, capture):
    with capture(execute=True):
        document = services.document_request(
            by=by,
            kind=DocumentKind.MDO_REPORT,
            arrangement=meeting.arrangement,
            meeting=meeting,
            audience=audience,
        )
    document.refresh_from_db()
    return document


def test_the_team_verslag_is_the_verslag_as_closed_with_its_amendments(
    meeting, procesbegeleider, django_capture_on_commit_callbacks
):
    document = request_report(
        meeting, procesbegeleider, Audience.TEAM, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.DONE, document.error
    assert document.meeting == meeting and document.jeugdige is None
    text = pdf_text(document)
    for expected in (SHARED_NOTES, SECRET_NOTES, SHARED_AGREEMENT, SECRET_AGREEMENT, DECISION):
        assert expected in text
    assert "Gymles vergeten" in text  # the amendment after closing
    assert str(procesbegeleider) in text  # participants with attendance
    assert "aanwezig" in text
    assert "Voortgangs-MDO" in text


def test_the_family_verslag_holds_only_the_shared_parts(
    meeting, procesbegeleider, django_capture_on_commit_callbacks
):
    document = request_report(
        meeting, procesbegeleider, Audience.FAMILY, django_capture_on_commit_callbacks
    )
    assert document.status == DocumentStatus.DONE, document.error
    text = pdf_text(document)
    assert AMENDED in text  # shared notes as they stand now
    assert SHARED_AGREEMENT in text
    for secret in (SECRET_NOTES, SECRET_AGREEMENT, DECISION, "Plaatsing", "Gymles vergeten"):
        assert secret not in text
    assert "Bekostiging" not in text


def test_a_verslag_is_made_of_a_closed_meeting_only(oza, procesbegeleider):
    planned = plan_mdo(oza, by=procesbegeleider)
    with pytest.raises(ValidationError):
        services.document_request(
            by=procesbegeleider,
            kind=DocumentKind.MDO_REPORT,
            arrangement=oza,
            meeting=planned,
            audience=Audience.TEAM,
        )
    assert not Document.objects.exists()


def test_no_family_verslag_of_a_group_meeting(procesbegeleider):
    group = make_group_arrangement(
        procesbegeleider=procesbegeleider, members=JeugdigeFactory.create_batch(2)
    )
    meeting = hold_mdo(group, by=procesbegeleider)
    with pytest.raises(ValidationError):
        services.document_request(
            by=procesbegeleider,
            kind=DocumentKind.MDO_REPORT,
            arrangement=group,
            meeting=meeting,
            audience=Audience.FAMILY,
        )


def test_the_verslag_page_offers_the_pdf_and_lists_its_versions(
    client, meeting, procesbegeleider, outsider, django_capture_on_commit_callbacks
):
    client.force_login(procesbegeleider)
    page = client.get(reverse("mdo:report", args=[meeting.pk])).content.decode()
    assert "Verslag maken (PDF)" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("documents:report_request", args=[meeting.pk]), {"audience": Audience.TEAM}
        )
    document = Document.objects.get()
    assert response.url == reverse("documents:status", args=[document.pk])
    page = client.get(reverse("mdo:report", args=[meeting.pk])).content.decode()
    assert reverse("documents:download", args=[document.pk]) in page
    download = client.get(reverse("documents:download", args=[document.pk]))
    assert download.status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, object_id=str(document.pk)).exists()

    client.force_login(outsider)
    assert (
        client.post(
            reverse("documents:report_request", args=[meeting.pk]), {"audience": Audience.TEAM}
        ).status_code
        == 404
    )
    assert client.get(reverse("documents:download", args=[document.pk])).status_code == 404
