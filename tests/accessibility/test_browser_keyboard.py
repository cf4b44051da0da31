"""A parent who uses only the keyboard: logs in, and on every portal page the first Tab reaches
the skip link, the skip link moves focus to the content, Tab reaches every interactive element
and each shows a visible focus indicator; akkoord and the questionnaire are done with keys only."""

import pytest
from playwright.sync_api import expect

from cases.models import ConsentRecord, ConsentSubject
from outcomes.models import SurveyResponse
from tests.accessibility.pages import pages
from tests.factories import DEMO_PASSWORD, accessibility_data_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Mark every element Tab should stop at; the radio buttons of one group are one stop (the arrow
# keys move within it). Elements folded away (closed <details>) or not rendered are left out.
MARK_FOCUSABLE = """() => {
  const stops = new Set();
  document.querySelectorAll(
    "a[href], button, input, select, textarea, summary, [tabindex]"
  ).forEach(el => {
    if (el.tabIndex < 0 || el.disabled || el.type === "hidden") return;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") return;
    const key = el.type === "radio" ? "radio:" + el.name
      : el.tagName.toLowerCase() + ":" + (el.textContent.trim() || el.name || el.id).slice(0, 40)
        + "#" + stops.size;
    el.dataset.stop = key;
    stops.add(key);
  });
  return Array.from(stops);
}"""

FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const style = getComputedStyle(el);
  return {
    stop: el.dataset.stop || null,
    tag: el.tagName.toLowerCase(),
    text: (el.textContent || "").trim().slice(0, 40),
    focusVisible: el.matches(":focus-visible"),
    indicator: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2)
      || style.boxShadow !== "none",
    inMain: !!el.closest("main"),
  };
}"""


FOCUSED_NAMES = """() => {
  const el = document.activeElement;
  const labels = Array.from(el.labels || []).map(l => l.textContent.trim());
  const legend = el.closest("fieldset")?.querySelector("legend")?.textContent.trim() || "";
  return [el.textContent.trim(), ...labels, legend];
}"""


def focused(page):
    return page.evaluate(FOCUSED)


def tab_to(page, name: str, limit: int = 80):
    """Press Tab until the focused element's text or accessible label is ``name``."""
    for _i in range(limit):
        page.keyboard.press("Tab")
        label = page.evaluate(FOCUSED_NAMES)
        if any(name in text for text in label):
            return
    raise AssertionError(f"Tab never reached {name!r} on {page.url}")


def check_tab_order(page, path):
    page.goto(path)
    stops = page.evaluate(MARK_FOCUSABLE)
    problems = []
    # The first Tab reaches the skip link, which moves focus to the content.
    page.keyboard.press("Tab")
    first = focused(page)
    if not first or first["text"] != "Naar de inhoud":
        problems.append(f"{path}: the first Tab reaches {first}, not the skip link")
    page.keyboard.press("Enter")
    if page.evaluate("document.activeElement.id") != "main":
        problems.append(f"{path}: the skip link does not move focus to <main>")
    page.keyboard.press("Tab")
    after_skip = focused(page)
    if after_skip and not after_skip["inMain"] and page.locator("main [data-stop]").count():
        problems.append(f"{path}: after the skip link Tab goes to {after_skip}, not into main")
    # From the top, Tab visits every stop, each with a visible focus indicator.
    page.goto(path)
    page.evaluate(MARK_FOCUSABLE)
    reached = []
    for _i in range(len(stops) + 3):
        page.keyboard.press("Tab")
        now = focused(page)
        if now is None or (reached and now["stop"] == reached[0]):
            break  # back to the address bar, or round again
        reached.append(now["stop"])
        if not (now["focusVisible"] and now["indicator"]):
            problems.append(f"{path}: no visible focus indicator on {now}")
    missing = [stop for stop in stops if stop not in reached]
    if missing:
        problems.append(f"{path}: Tab never reaches {missing}")
    return problems


def test_a_parent_uses_the_portal_with_the_keyboard_only(page, live_server):
    data = accessibility_data_set()
    parent = data["people"]["parent"]

    # Log in with the keyboard.
    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Naar de inhoud")).to_be_focused()
    tab_to(page, "Gebruikersnaam")
    page.keyboard.type(parent.username)
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Welkom")).to_be_visible()

    # Every portal page: skip link first, into main, every element reached, focus visible.
    portal = [
        (key, path)
        for key, role, path in pages(data["arguments"])
        if key.startswith("portal:") and key != "portal:accept"
    ]
    assert len(portal) >= 9, portal
    problems = []
    for _key, path in portal:
        problems += check_tab_order(page, f"{live_server.url}{path}")
    assert not problems, "\n".join(problems)

    # Akkoord with the keyboard.
    jeugdige = data["jeugdige"]
    page.goto(f"{live_server.url}/portaal/kind/{jeugdige.pk}/toestemming/")
    tab_to(page, "Akkoord geven")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Uw toestemming is opgeslagen.")).to_be_visible()
    record = ConsentRecord.objects.filter(
        subject=ConsentSubject.AKKOORD, guardian__user=parent
    ).get()
    assert record.given

    # The questionnaire with the keyboard: Tab into each scale, Space picks 1, arrows move on.
    survey_pk = data["arguments"]["survey_pk"]
    page.goto(f"{live_server.url}/portaal/kind/{jeugdige.pk}/vragenlijst/{survey_pk}/")
    for statement, arrows in (
        ("Ik voel me gehoord", 3),
        ("De afspraken zijn duidelijk", 4),
        ("De hulp helpt ons kind verder", 2),
    ):
        tab_to(page, statement)
        page.keyboard.press("Space")
        for _i in range(arrows):
            page.keyboard.press("ArrowDown")
    tab_to(page, "Wilt u nog iets zeggen?")
    page.keyboard.type("Fijn dat school meedenkt.")
    tab_to(page, "Versturen")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Dank u wel! Uw antwoorden zijn opgeslagen.")).to_be_visible()
    answer = SurveyResponse.objects.get(invitation_id=survey_pk)
    assert (answer.heard, answer.clear, answer.helps, answer.remark) == (
        4,
        5,
        3,
        "Fijn dat school meedenkt.",
    )
