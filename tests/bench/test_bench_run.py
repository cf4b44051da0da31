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
