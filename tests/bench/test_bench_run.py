"""bench/run.py records which code its figures measured."""

import importlib.util
import subprocess
from pathlib import Path

import pytest

RUN = Path(__file__).resolve().parents[2] / "bench" / "run.py"


@pytest.fixture
def bench_run():
    spec = importlib.util.spec_from_file_location("bench_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def git(directory, *arguments) -> str:
    return subprocess.run(
        ["git", "-C", str(directory), *arguments], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_results_name_the_commit_and_whether_it_was_changed(bench_run, tmp_path, monkeypatch):
    git(tmp_path, "init", "-q")
    (tmp_path / "views.py").write_text("A = 1\n")
    git(tmp_path, "add", "views.py")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", "one")
    monkeypatch.setattr(bench_run, "ROOT", tmp_path)
    commit = git(tmp_path, "rev-parse", "--short", "HEAD")
    assert bench_run.code_measured() == f"commit {commit}"
    (tmp_path / "views.py").write_text("A = 2\n")
    assert bench_run.code_measured() == f"commit {commit} with uncommitted changes"


def test_outside_a_checkout_the_code_is_unknown(bench_run, tmp_path, monkeypatch):
    monkeypatch.setattr(bench_run, "ROOT", tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert bench_run.code_measured() == "commit unknown (not a git checkout)"


@pytest.mark.django_db
def test_the_forms_it_sends_are_answered_and_leave_nothing_behind(bench_run):
    """The benchmark's POSTs still pass the forms' checks (a full run would stop on them),
    and each is rolled back."""
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Goal, Phase, TeamMember
    from funding.models import FundingLine
    from mdo.models import Meeting
    from tests.factories import (
        GemeenteFactory,
        JeugdhulpaanbiederFactory,
        UserFactory,
        make_individual_arrangement,
    )

    oza = make_individual_arrangement(phase=Phase.EXECUTION)
    subjects = {
        "pb": oza.procesbegeleider.username,
        "oza": oza.pk,
        "oza_start": oza.planned_start.isoformat(),
        "oza_end": oza.planned_end.isoformat(),
        "next_week": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "financier": GemeenteFactory().pk,
        "partner": JeugdhulpaanbiederFactory().pk,
        "team_candidate": UserFactory().pk,
    }
    models = [Goal, Meeting, FundingLine, TeamMember]
    before = [model.objects.count() for model in models]

    measured = bench_run.measure_writes(subjects, repeats=1)

    assert [w["name"] for w in measured] == [w["name"] for w in bench_run.writes(subjects)]
    assert all(w["ms"] > 0 and w["queries"] > 0 for w in measured)
    assert [model.objects.count() for model in models] == before


def test_each_page_is_held_against_the_ceilings_measured_around_it(bench_run):
    def row(path, rps, kind="list"):
        return {"path": path, "rps": rps, "kind": kind, "errors": 0, "p95": 20.0}

    rows = [
        row("/_bench/constant/", 3000, "ceiling"),
        row(bench_run.ONE_QUERY, 900, "ceiling"),
        row("/", 320),
        row(bench_run.ONE_QUERY, 600, "ceiling"),
        row("/afspraken/", 240),
    ]
    # The mean of the ceiling before (900) and after (600); after the last one, the last.
    assert bench_run.ceiling_around(rows, 2) == 750
    assert bench_run.ceiling_around(rows, 4) == 600
    assert bench_run.verdict(rows[2], 750) == "p95 ok, 43% van plafond"
    assert bench_run.verdict(rows[4], 600) == "p95 ok, 40% van plafond"
    # Against the first ceiling alone, the second page would have missed.
    assert "(< 1/3)" in bench_run.verdict(rows[4], 900)
