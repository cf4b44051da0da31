"""A real Celery worker process for integration tests: Redis as broker, the test database.

Use it from a test marked ``django_db(transaction=True)`` (the worker must see committed rows)
on PostgreSQL (the worker opens the test database by URL):

    with running_worker(tmp_path, queue) as log_path:
        result = some_task.apply_async(queue=queue)
        outcome = result.get(timeout=90)

Mail sent by the worker lands in ``tmp_path / "mail"`` (the demo file backend).
"""

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings as django_settings
from django.db import connection

BASE_DIR = Path(django_settings.BASE_DIR)

needs_redis = pytest.mark.skipif(
    not os.environ.get("REDIS_URL"), reason="needs REDIS_URL (a real broker)"
)


def require_postgresql() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the worker process needs a test database it can open: PostgreSQL")


def unique_queue() -> str:
    """A queue of its own, so no other worker (or test) takes the task."""
    return f"oza-test-{uuid.uuid4().hex}"


def database_url() -> str:
    """The URL of the test database this process uses."""
    db = connection.settings_dict
    credentials = quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        credentials += ":" + quote(db["PASSWORD"], safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{credentials}@{db['HOST']}{port}/{quote(db['NAME'], safe='')}"


def _stop(process: subprocess.Popen) -> None:
    """Stop the worker by its PID; a worker takes 5 to 10 s to exit after SIGTERM."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def running_worker(tmp_path: Path, queue: str) -> Iterator[Path]:
    """Run ``celery -A oza worker --pool solo`` on ``queue`` against the test database and
    ``REDIS_URL``, with ``OZA_VAR_DIR=tmp_path``; yield the path of its log."""
    env = {
        **os.environ,
        "OZA_ENVIRONMENT": "demo",
        "OZA_VAR_DIR": str(tmp_path),
        "DATABASE_URL": database_url(),
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
    try:
        yield log_path
    finally:
        _stop(worker)


def mail_files(tmp_path: Path, *, count: int, timeout: float = 10) -> list[Path]:
    """The mails the worker wrote, waiting up to ``timeout`` seconds for ``count`` of them."""
    deadline = time.monotonic() + timeout
    mails = sorted((tmp_path / "mail").glob("*.log"))
    while len(mails) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        mails = sorted((tmp_path / "mail").glob("*.log"))
    return mails


def mail_messages(tmp_path: Path, *, count: int, timeout: float = 10) -> list[str]:
    """The mails the worker wrote (several may share a file), as text, waiting up to
    ``timeout`` seconds for ``count`` of them."""

    def read() -> list[str]:
        messages = []
        for path in sorted((tmp_path / "mail").glob("*.log")):
            chunks = path.read_text(encoding="utf-8").split("-" * 79 + "\n")
            messages += [chunk for chunk in chunks if chunk.strip()]
        return messages

    deadline = time.monotonic() + timeout
    messages = read()
    while len(messages) < count and time.monotonic() < deadline:
        time.sleep(0.2)
        messages = read()
    return messages
