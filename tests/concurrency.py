"""Running the same work twice at the same moment, for tests of idempotent tasks (PostgreSQL)."""

import threading

from django.db import connection


def slow_mail(monkeypatch, email_class, seconds: float = 0.2) -> None:
    """Make sending take a moment, so a run's rows stay uncommitted while the other arrives."""
    real_send = email_class.send

    def slow_send(message, *args, **kwargs):
        threading.Event().wait(seconds)
        return real_send(message, *args, **kwargs)

    monkeypatch.setattr(email_class, "send", slow_send)


def run_twice_at_once(call) -> list:
    """Run ``call`` in two threads, each with its own database connection, released together.
    Returns both results; an exception in either thread fails the test."""
    barrier = threading.Barrier(2, timeout=10)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(call())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert errors == []
    return results
