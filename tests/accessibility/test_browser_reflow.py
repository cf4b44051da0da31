"""The portal pages and the main professional pages reflow: no horizontal scrolling of the page
at a 360 px wide phone screen, nor in a 1280 px wide window zoomed to 200%. Wide tables may
scroll inside their own ``.table-wrap``.

200% zoom is emulated as the browser does it: zooming a 1280 x 720 window to 200% leaves a
layout viewport of 640 x 360 CSS pixels at two device pixels per CSS pixel, so the context gets
exactly that (``viewport`` 640 x 360, ``device_scale_factor`` 2): media queries, rem and the
layout all see what they see in a zoomed browser. CSS ``zoom`` on the root would keep a 1280 px
viewport and leave the media queries untouched, so it would not test the same thing."""

import pytest

from tests.accessibility.pages import logged_in_context, pages
from tests.factories import accessibility_data_set

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENS = {
    "360 px phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True},
    "1280 px at 200% zoom": {"viewport": {"width": 640, "height": 360}, "device_scale_factor": 2},
}

# The professional pages people work in every day (the portal: all of it).
MAIN_PAGES = {
    "login",
    "cases:dossier_list",
    "cases:register",
    "cases:jeugdige_detail",
    "cases:arrangement_detail",
    "cases:arrangement_update",
    "mdo:meeting",
    "mdo:report",
    "mdo:my_agreements",
    "funding:checklist",
    "funding:costs",
    "funding:proposal_list",
    "funding:proposal_detail",
    "outcomes:dashboard",
    "documents:status",
    "avg:jeugdige",
    "avg:audit_log",
    "accounts:two_factor_setup",
}

# What sticks out of the page on the right, outside a scrolling table wrapper.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return null;
  const width = root.clientWidth;
  const out = Array.from(document.body.querySelectorAll("*"))
    .filter(el => !el.closest(".table-wrap") && el.getBoundingClientRect().right > width + 1)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (typeof el.className === "string" && el.className ? "." + el.className : ""));
  return {scrollWidth: root.scrollWidth, clientWidth: width, elements: out.slice(0, 6)};
}"""


def test_pages_reflow_on_a_phone_and_at_200_percent_zoom(browser, live_server):
    data = accessibility_data_set()
    people = {"anonymous": None, **data["people"]}
    checked = [
        (key, role, path)
        for key, role, path in pages(data["arguments"])
        if key.startswith("portal:") or key in MAIN_PAGES
    ]
    assert {key for key, _role, _path in checked} >= MAIN_PAGES
    problems = []
    for screen, options in SCREENS.items():
        tabs = {}
        for key, role, path in checked:
            if role not in tabs:
                tabs[role] = logged_in_context(browser, live_server, people[role], **options)
                tabs[role] = tabs[role].new_page()
            page = tabs[role]
            page.goto(path)
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                problems.append(f"{screen}: {key} ({path}) scrolls sideways: {overflow}")
        for page in tabs.values():
            page.context.close()
    assert not problems, "\n".join(problems)
