"""Every page of the professional UI and the portal, with realistic data, scanned in Chromium
by axe-core (WCAG 2.0/2.1 A and AA rules, Dutch messages): no serious or critical violations,
and every form field that is not hidden has an accessible name (and every id a label or an
ARIA attribute points at exists)."""

import pytest
from playwright.sync_api import expect

from tests.accessibility.pages import (
    broken_references,
    logged_in_context,
    pages,
    serious_violations,
    unnamed_fields,
)
from tests.factories import accessibility_data_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_page_passes_axe_and_names_every_field(browser, live_server):
    data = accessibility_data_set()
    people = {"anonymous": None, **data["people"]}
    contexts = {
        role: logged_in_context(
            browser, live_server, user, bypass_csp=True, viewport={"width": 1280, "height": 900}
        )
        for role, user in people.items()
    }
    tabs = {role: context.new_page() for role, context in contexts.items()}
    visited, actions, problems, unnamed = [], [], [], []

    def check(key, role, page):
        where = f"{key} ({page.url.removeprefix(live_server.url)}) as {role}"
        problems.extend(
            f"{where}: {v['impact']} {v['id']}: {v['help']} {v['nodes']}\n    {v['summary']}"
            for v in serious_violations(page)
        )
        unnamed.extend(f"{where}: {field}" for field in unnamed_fields(page))
        unnamed.extend(f"{where}: points nowhere: {ref}" for ref in broken_references(page))

    for key, role, path in pages(data["arguments"]):
        page = tabs[role]
        # Ask first (with the tab's cookies): Chromium shows no document for an empty 405.
        response = page.request.get(path, max_redirects=0)
        if response.status == 405:
            actions.append(key)  # POST only: an action, not a page
            continue
        if response.status != 200 or "text/html" not in response.headers["content-type"]:
            problems.append(f"{key} ({path}) as {role}: {response.status}, not a page")
            continue
        page.goto(path)
        visited.append(key)
        check(key, role, page)

    # Forms in their error state: a failed login, and the questionnaire sent empty.
    login = tabs["anonymous"]
    login.goto("/accounts/login/")
    login.get_by_label("Gebruikersnaam").fill("niemand")
    login.get_by_label("Wachtwoord").fill("fout-wachtwoord")
    login.get_by_role("button", name="Inloggen").click()
    expect(login.locator(".alert-error, [role=alert]").first).to_be_visible()
    check("login (error)", "anonymous", login)
    survey = tabs["parent"]
    jeugdige_pk, survey_pk = data["arguments"]["jeugdige_pk"], data["arguments"]["survey_pk"]
    survey.goto(f"/portaal/kind/{jeugdige_pk}/vragenlijst/{survey_pk}/")
    survey.get_by_role("button", name="Versturen").click()
    expect(survey.get_by_text("Kies een cijfer van 1 tot 5.").first).to_be_visible()
    check("portal:survey_answer (error)", "parent", survey)

    for context in contexts.values():
        context.close()

    # The scan reached the pages the issue names, not just a few.
    assert {
        "login",
        "cases:dossier_list",
        "cases:arrangement_detail",
        "mdo:meeting",
        "mdo:report",
        "funding:checklist",
        "funding:proposal_detail",
        "outcomes:dashboard",
        "portal:plan",
        "portal:consent",
        "portal:survey_answer",
        "portal:documents",
        "documents:status",
        "avg:jeugdige",
        "avg:audit_log",
        "accounts:two_factor_setup",
        "portal:accessibility",
    } <= set(visited), set(visited)
    assert not problems, "\n".join(problems)
    assert not unnamed, (
        "Form fields without an accessible name, or pointing at a missing id:\n"
        + "\n".join(unnamed)
    )
