"""Production settings pass Django's deployment checks; pages carry the security headers."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

BASE_DIR = Path(__file__).resolve().parents[2]
PDF_TEMPLATES = {"documents/_print_base.html", "documents/plan.html", "documents/mdo_report.html"}


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "OZA_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "oza.example.nl",
        "OZA_SITE_URL": "https://oza.example.nl",
        "OZA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "oza.settings",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output


def test_production_requires_the_second_factor_and_secure_cookies(tmp_path):
    env = {
        "PATH": os.environ.get("PATH", ""),
        "OZA_ENVIRONMENT": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "oza.example.nl",
        "OZA_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "oza.settings",
    }
    code = (
        "from django.conf import settings as s;"
        "print(s.OZA_REQUIRE_2FA, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_COOKIE_HTTPONLY, s.SECURE_HSTS_SECONDS > 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.stdout.split() == ["True"] * 5, result.stderr


def parse_csp(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["login", "cases:dossier_list"])
def test_security_headers_on_a_page(client, procesbegeleider, url_name):
    client.force_login(procesbegeleider)
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    csp = parse_csp(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in csp["script-src"]
    assert "'unsafe-eval'" not in csp["script-src"]
    assert "'unsafe-inline'" not in csp["style-src"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response.headers["Permissions-Policy"]
    # htmx would otherwise inject an inline <style> the policy refuses.
    assert '"includeIndicatorStyles": false' in response.content.decode()


@pytest.mark.django_db
def test_session_cookie_is_http_only(client, procesbegeleider):
    client.force_login(procesbegeleider)
    response = client.get(reverse("cases:dossier_list"))
    cookie = response.cookies["sessionid"]
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_no_inline_scripts_styles_or_event_handlers_in_templates():
    """The policy forbids them; a template that adds one fails here instead of in a browser.
    Only the PDF templates (rendered by WeasyPrint, never served) may style inline."""
    import re

    offending = []
    pattern = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.IGNORECASE)
    for template in (BASE_DIR / "templates").rglob("*.html"):
        relative = template.relative_to(BASE_DIR / "templates")
        if str(relative) in PDF_TEMPLATES:
            continue
        if pattern.search(template.read_text()):
            offending.append(str(relative))
    assert offending == []
