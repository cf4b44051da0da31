"""The English catalogue: complete, compiled, and only used when the user picks English.

The source strings (msgids) are Dutch; ``locale/en/LC_MESSAGES/django.po`` translates them.
The language comes from the language cookie only, never from the browser's Accept-Language.
"""

import ast
import gettext
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import UserFactory

PO_PATH = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO_PATH = PO_PATH.with_suffix(".mo")


def _po_entries(path: Path) -> list[dict[str, str]]:
    """The entries of a .po file as ``{keyword: text}`` dicts (tiny parser, no polib).

    Handles multi-line strings, plural forms and comments; obsolete (``#~``) entries are
    skipped, like msgfmt does."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.strip().splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += ast.literal_eval(line)
            else:
                current, _, text = line.partition(" ")
                fields[current] = ast.literal_eval(text)
        if "msgid" in fields:
            fields["#flags"] = ",".join(sorted(flags))
            entries.append(fields)
    return entries


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_login_page_is_english_with_the_language_cookie(english):
    assert settings.LANGUAGE_COOKIE_NAME == "django_language"
    response = english.get("/accounts/login/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Log in" in content
    assert "Inloggen" not in content
    assert '<html lang="en">' in content
    assert "Dutch (Nederlands)" in content  # the language picker keeps each name recognisable


@pytest.mark.django_db
def test_login_page_stays_dutch_without_the_cookie_even_for_an_english_browser(client):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    content = response.content.decode()
    assert "Inloggen" in content
    assert "Log in" not in content
    assert '<html lang="nl">' in content


def test_every_msgid_has_an_english_translation_and_none_is_fuzzy():
    entries = _po_entries(PO_PATH)
    header, messages = entries[0], entries[1:]
    assert header["msgid"] == ""
    assert "Language: en" in header["msgstr"]
    assert len(messages) > 300
    untranslated = [
        entry["msgid"]
        for entry in messages
        if not all(text.strip() for key, text in entry.items() if key.startswith("msgstr"))
    ]
    assert untranslated == []
    fuzzy = [entry["msgid"] for entry in [header, *messages] if "fuzzy" in entry["#flags"]]
    assert fuzzy == []
    plurals = [entry for entry in messages if "msgid_plural" in entry]
    assert plurals and all("msgstr[1]" in entry for entry in plurals)


def test_the_compiled_catalogue_matches_the_po_file():
    with MO_PATH.open("rb") as mo:
        catalog = gettext.GNUTranslations(mo)
    for entry in _po_entries(PO_PATH)[1:]:
        if "msgid_plural" in entry:
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 1) == entry["msgstr[0]"]
            assert catalog.ngettext(entry["msgid"], entry["msgid_plural"], 2) == entry["msgstr[1]"]
        else:
            assert catalog.gettext(entry["msgid"]) == entry["msgstr"], entry["msgid"]


@pytest.mark.django_db
def test_dossier_list_is_english_for_a_logged_in_professional(english):
    english.force_login(UserFactory())
    response = english.get("/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "My cases" in content
    assert "Mijn dossiers" not in content


@pytest.mark.django_db
def test_an_english_request_does_not_leave_english_behind(client):
    from django.utils import translation

    client.cookies["django_language"] = "en"
    client.get("/accounts/login/")
    assert translation.get_language() == "nl"
