"""Which pages the accessibility checks visit, as whom, and the browser steps they share.

The pages come from the URL configuration (``tests.security.test_access_matrix.all_routes``), with
their arguments filled in from one data set (``tests.factories.accessibility_data_set``), so a new
page is checked without changing these tests. Skipped are only the routes in ``NOT_HTML`` (files,
JSON, the API and the admin, which is Django's own); a route that answers a GET with 405 is an
action (POST only) and has no page."""

import json
from pathlib import Path

from django.conf import settings
from django.test import Client

from tests.security.test_access_matrix import EXPECTED, all_routes, build_path

VENDOR = Path(__file__).parent / "vendor"
AXE_SOURCE = VENDOR / "axe.min.js"
AXE_LOCALE = json.loads((VENDOR / "axe.nl.json").read_text(encoding="utf-8"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Routes that are not HTML pages: downloads, JSON, redirects and the API. The admin (Django's own
# templates) is left out as a whole, below.
NOT_HTML = {
    "api:schema": "the OpenAPI schema (YAML/JSON)",
    "api:docs": "Swagger UI, the API's own documentation page from drf-spectacular-sidecar",
    "avg:inzage_json": "JSON download",
    "avg:inzage_pdf_download": "PDF download",
    "documents:download": "PDF download",
    "healthz": "plain-text health check",
    "mdo:ics": "iCalendar download",
    "outcomes:export": "CSV/XLSX download",
    "portal:document_download": "PDF download",
    "portal:meeting_ics": "iCalendar download",
    "set_language": "redirect after choosing a language",
    "avg:inzage_pdf_status": "the status block htmx polls into the AVG page (scanned there)",
    "cases:team_candidates": "the team member search's results htmx swaps into the oza page "
    "(scanned there, with a search)",
}

# Who looks at a page (the person whose page it is); everything else is the procesbegeleider.
ANONYMOUS = {"login", "portal:accept", "portal:accessibility"}
BEHEERDER = {"cases:break_glass"}
WITH_APP = {"accounts:two_factor_verify"}

# Query strings a page needs to show its content.
QUERY = {
    "outcomes:drill_down": "?cijfer=active",
    "cases:arrangement_detail": "?teamzoek=achternaam",
}


def role_for(key: str) -> str:
    if key in ANONYMOUS:
        return "anonymous"
    if key in WITH_APP:
        return "with_app"
    if key.startswith(("portal:",)):
        return "parent"
    if key.startswith("avg:") or key in BEHEERDER:
        return "beheerder"
    return "member"


def pages(arguments: dict) -> list[tuple[str, str, str]]:
    """(route key, role, path) for every page of the professional UI and the portal."""
    found = []
    for key, route in sorted(all_routes().items()):
        if key in NOT_HTML or key.startswith(("admin", "api:")):
            continue
        expect = EXPECTED[key]  # the access matrix fails for a route without an entry
        path = build_path(key, route, expect, arguments) + QUERY.get(key, "")
        found.append((key, role_for(key), path))
    return found


def logged_in_context(browser, live_server, user, **options):
    """A browser context with ``user``'s session (made by the test client, no login form)."""
    context = browser.new_context(base_url=live_server.url, **options)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


AXE_RUN = """async ([locale, tags]) => {
  axe.configure({locale});
  const result = await axe.run(document, {
    runOnly: {type: "tag", values: tags}, resultTypes: ["violations"],
  });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ")),
    summary: v.nodes[0].failureSummary,
  }));
}"""

# Fields folded away in a closed <details> are unfolded first: hidden, their labels count for
# nothing in the accessible name, though a user who opens the details gets them.
UNNAMED_FIELDS = """() => {
  document.querySelectorAll("details").forEach(d => { d.open = true; });
  axe.setup(document);
  try {
    return Array.from(document.querySelectorAll("input, select, textarea"))
      .filter(el => el.type !== "hidden")
      .filter(el => !axe.commons.text.accessibleText(el).trim())
      .map(el => el.outerHTML.slice(0, 160));
  } finally {
    axe.teardown();
  }
}"""


# Every id a label or an ARIA attribute points at exists (Django adds aria-describedby for a
# field's help text; the template must give the help text that id).
BROKEN_REFERENCES = """() => {
  const broken = [];
  document.querySelectorAll("[aria-describedby], [aria-labelledby], label[for]").forEach(el => {
    for (const attr of ["aria-describedby", "aria-labelledby", "for"]) {
      for (const id of (el.getAttribute(attr) || "").split(/\\s+/).filter(Boolean)) {
        if (document.getElementById(id)) continue;
        broken.push(`${attr}="${id}" on ${el.outerHTML.slice(0, 120)}`);
      }
    }
  });
  return broken;
}"""


def inject_axe(page):
    """axe-core into the page (the context bypasses the CSP: the site allows no such script)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE_SOURCE))


def serious_violations(page) -> list[dict]:
    inject_axe(page)
    violations = page.evaluate(AXE_RUN, [AXE_LOCALE, AXE_TAGS])
    return [v for v in violations if v["impact"] in ("serious", "critical")]


def unnamed_fields(page) -> list[str]:
    inject_axe(page)
    return page.evaluate(UNNAMED_FIELDS)


def broken_references(page) -> list[str]:
    return page.evaluate(BROKEN_REFERENCES)
