"""``{% form_fields %}``: an empty form that looks the same everywhere is made once per language
and reference version; what was typed, its errors and initial values are always shown."""

import pytest
from django.template import Context, Template
from django.utils import translation

from cases.forms import GoalForm, TeamMemberForm
from cases.models import GoalDomain
from oza.accounts.models import User
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


def shown(form, *names) -> str:
    arguments = "".join(f' "{name}"' for name in names)
    template = Template("{% load form_fields %}{% form_fields form" + arguments + " %}")
    return template.render(Context({"form": form}))


@pytest.fixture
def made(monkeypatch):
    """The templates the tag rendered, by name."""
    from cases.templatetags import form_fields

    rendered = []
    render = form_fields.render_to_string

    def recorded(name, context):
        rendered.append(name)
        return render(name, context)

    monkeypatch.setattr(form_fields, "render_to_string", recorded)
    return rendered


def test_an_empty_form_alike_everywhere_is_made_once_per_language(made):
    first = shown(GoalForm())
    assert 'name="description"' in first
    assert "Streefdatum" in first
    assert shown(GoalForm()) == first
    assert made == ["includes/fields.html"]
    with translation.override("en"):
        english = shown(GoalForm())
    assert english != first
    assert made == ["includes/fields.html"] * 2


def test_a_change_to_reference_data_makes_it_again(made):
    shown(GoalForm())
    OrganisationFactory()  # reference data: what any kept fragment may show
    shown(GoalForm())
    assert made == ["includes/fields.html"] * 2


def test_a_form_shown_again_shows_what_was_typed_and_its_errors(made):
    shown(GoalForm())
    bound = GoalForm(data={"domain": GoalDomain.CARE, "description": "Daan slaapt weer door."})
    html = shown(bound)
    assert "Daan slaapt weer door." in html
    assert 'class="error"' in html
    assert "Daan slaapt" not in shown(GoalForm())


def test_initial_values_are_shown_not_a_kept_empty_form(made):
    shown(GoalForm())
    html = shown(GoalForm(initial={"description": "Naar school in maart"}))
    assert "Naar school in maart" in html
    assert made == ["includes/fields.html"] * 2


def test_only_fields_named_alike_are_kept(made):
    form = TeamMemberForm(candidates=User.objects.none())
    role = shown(form, "role")
    assert 'name="role"' in role
    assert 'name="user"' not in role
    shown(form, "role")
    assert made == ["includes/field.html"]
    shown(form)  # the professional's choices come from the search: never kept
    shown(form)
    assert made == ["includes/field.html", "includes/fields.html", "includes/fields.html"]


@pytest.mark.parametrize("shared", [True, False])
def test_fields_are_shown_as_markup(settings, shared):
    settings.OZA_SHARED_CACHE = shared
    for _ in range(2):  # made, then (with the shared cache) kept
        assert '<select name="role" id="id_role">' in shown(
            TeamMemberForm(candidates=User.objects.none()), "role"
        )
        assert '<textarea name="description"' in shown(GoalForm())


def test_without_a_shared_cache_every_page_makes_its_own(settings, made):
    settings.OZA_SHARED_CACHE = False
    shown(GoalForm())
    shown(GoalForm())
    assert made == ["includes/fields.html"] * 2
