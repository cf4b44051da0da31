"""The OpenAPI schema: committed, in step with the code, served with a UI that loads nothing
from the internet."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

COMMITTED = Path(settings.BASE_DIR) / "openapi.yaml"
UPDATE = (
    "Update it with `.venv/bin/python manage.py spectacular --file openapi.yaml` and commit it."
)


def test_committed_schema_matches_the_code(tmp_path):
    generated = tmp_path / "openapi.yaml"
    with translation.override(settings.LANGUAGE_CODE):
        # --fail-on-warn: every view and filter must describe itself (extend_schema).
        call_command("spectacular", "--file", str(generated), "--validate", "--fail-on-warn")
    assert COMMITTED.exists(), f"openapi.yaml is missing at the top of the repository. {UPDATE}"
    assert generated.read_text() == COMMITTED.read_text(), (
        f"openapi.yaml differs from the schema the code generates. {UPDATE}"
    )


def test_schema_is_served_without_login(client):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/ozas/{id}/transitions/" in response.json()["paths"]


@pytest.mark.django_db
def test_swagger_ui_loads_nothing_from_the_internet(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert not re.search(r"https?://", page.replace("http://www.w3.org", ""))
    assert "<script>" not in page  # the initialiser is a separate file (no inline script)
    assets = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    for asset in assets:
        assert client.get(asset).status_code == 200, asset
    script = client.get("/api/docs/?script=").content.decode()
    assert "/api/schema/" in script
    assert not re.search(r"https?://", script)
