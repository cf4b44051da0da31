"""In a real browser: request the plan, watch the status page poll (htmx) until it is ready,
and download the PDF."""

import pytest
from playwright.sync_api import expect

from oza.documents import services, tasks
from oza.documents.models import Document, DocumentStatus
from tests.browser import log_in
from tests.factories import UserFactory, add_goals, make_individual_arrangement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("private_media"),
]


def test_the_status_page_shows_the_download_once_the_worker_is_done(page, live_server, monkeypatch):
    procesbegeleider = UserFactory()
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    add_goals(oza)
    # No worker here: the request only queues; this test plays the worker below.
    queued = []
    monkeypatch.setattr(tasks.render_document, "delay", queued.append)

    log_in(page, live_server, procesbegeleider.username)
    page.goto(f"{live_server.url}/oza/{oza.pk}/")
    page.get_by_role("button", name="Plan maken (PDF)").click()
    expect(page.get_by_text("Het plan wordt gemaakt…")).to_be_visible()
    document = Document.objects.get()
    assert queued == [document.pk]
    assert document.status == DocumentStatus.PENDING

    services.document_render(document_pk=document.pk)

    download_link = page.get_by_role("link", name="PDF downloaden")
    expect(download_link).to_be_visible(timeout=10_000)  # the next poll brings it in
    with page.expect_download() as download_info:
        download_link.click()
    assert download_info.value.suggested_filename == document.download_name
