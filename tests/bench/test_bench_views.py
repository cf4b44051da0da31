"""The benchmark's reference views exist only behind OZA_BENCH_VIEWS, never in production."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.factories import UserFactory


@pytest.mark.django_db
def test_not_wired_without_the_flag(client):
    assert settings.OZA_BENCH_VIEWS is False
    assert client.get("/_bench/constant/").status_code == 404
    assert client.get("/_bench/one-query/").status_code == 404


@pytest.mark.django_db
@pytest.mark.urls("tests.bench.urls")
def test_views(client):
    assert client.get("/_bench/constant/").content == b"ok"
    assert client.get("/_bench/one-query/").status_code == 302  # to the login
    client.force_login(UserFactory())
    response = client.get("/_bench/one-query/")
    assert response.status_code == 200 and response.content == b"0"


def test_refused_in_production():
    env = {
        **os.environ,
        "OZA_ENVIRONMENT": "production",
        "OZA_BENCH_VIEWS": "1",
        "SECRET_KEY": "x" * 60,
        "ALLOWED_HOSTS": "example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env={**env, "DJANGO_SETTINGS_MODULE": "oza.settings"},
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode != 0
    assert "OZA_BENCH_VIEWS is for the benchmark" in result.stderr
