"""A real Celery worker process runs send_overdue_notices over Redis against the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import OverdueNotice
from cases.tasks import send_overdue_notices
from oza.celery import app as celery_app
from tests.cases.test_overdue_notices import make_oza, make_user
from tests.celery_worker import (
    mail_files,
    needs_redis,
    require_postgresql,
    running_worker,
    unique_queue,
)

pytestmark = [needs_redis, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_sends_the_overdue_digest(settings, tmp_path):
    require_postgresql()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    assert not celery_app.conf.task_always_eager
    assert celery_app.conf.broker_url.startswith("redis://")
    assert str(celery_app.conf.result_backend).startswith("redis://")

    pb = make_user(first_name="Wout")
    oza = make_oza(
        procesbegeleider=pb,
        planned_end=timezone.localdate() - timedelta(days=3),
        first_name="Yara",
        last_name="Bakker",
    )

    queue = unique_queue()
    result = None
    with running_worker(tmp_path, queue) as log_path:
        try:
            result = send_overdue_notices.apply_async(queue=queue)
            try:
                outcome = result.get(timeout=90)
            except Exception as error:
                pytest.fail(f"worker did not run the task ({error!r}):\n{log_path.read_text()}")
            assert outcome == {"mails_sent": 1, "notices_created": 1}

            mails = mail_files(tmp_path, count=1)
            assert len(mails) == 1, log_path.read_text()
            text = mails[0].read_text(encoding="utf-8")
            assert "Subject: Verlopen oza's: 1 oza voorbij de geplande einddatum" in text
            assert f"To: {pb.email}" in text
            assert "Yara" not in text  # no child's name in e-mail
            assert f"/oza/{oza.pk}/" in text
            assert OverdueNotice.objects.filter(user=pb, arrangement=oza).exists()
        finally:
            if result is not None:
                result.forget()
