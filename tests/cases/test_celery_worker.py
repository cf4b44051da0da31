"""A real Celery worker process runs send_overdue_notices over Redis against the test database."""

import os
import subprocess
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.utils import timezone

from cases.models import OverdueNotice
from cases.tasks import send_overdue_notices
from oza.celery import app as celery_app
from tests.cases.test_overdue_notices import make_oza, make_user

BASE_DIR = Path(django_settings.BASE_DIR)

pytestmark = [
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"),
    pytest.mark.django_db(transaction=True),
]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST']}{port}/{quote(db['NAME'], safe='')}"


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def test_a_real_worker_sends_the_overdue_digest(settings, tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a test database it can open: PostgreSQL")
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

    queue = f"oza-test-{uuid.uuid4().hex}"
    env = {
        **os.environ,
        "OZA_ENVIRONMENT": "demo",
        "OZA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": _database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "DJANGO_SETTINGS_MODULE": "oza.settings",
    }
    env.pop("EMAIL_URL", None)  # the demo file backend writes to OZA_VAR_DIR/mail
    log_path = tmp_path / "worker.log"
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "oza",
                "worker",
                "--pool",
                "solo",
                "--loglevel",
                "info",
                "--queues",
                queue,
                "--hostname",
                f"{queue}@%h",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    result = None
    try:
        result = send_overdue_notices.apply_async(queue=queue)
        try:
            outcome = result.get(timeout=90)
        except Exception as error:
            pytest.fail(f"worker did not run the task ({error!r}):\n{log_path.read_text()}")
        assert outcome == {"mails_sent": 1, "notices_created": 1}

        mails = list((tmp_path / "mail").glob("*.log"))
        deadline = time.monotonic() + 10
        while not mails and time.monotonic() < deadline:
            time.sleep(0.2)
            mails = list((tmp_path / "mail").glob("*.log"))
        assert len(mails) == 1, log_path.read_text()
        text = mails[0].read_text(encoding="utf-8")
        assert "Subject: Verlopen oza's: 1 oza voorbij de geplande einddatum" in text
        assert f"To: {pb.email}" in text
        assert "Yara" not in text  # no child's name in e-mail
        assert f"/oza/{oza.pk}/" in text
        assert OverdueNotice.objects.filter(user=pb, arrangement=oza).exists()
    finally:
        _stop(worker)
        if result is not None:
            result.forget()
