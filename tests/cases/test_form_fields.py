"""``{% form_fields %}``: an empty form that looks the same everywhere is made once per language
and reference version; what was typed, its errors and initial values are always shown."""

import re

import pytest
from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from cases.forms import GoalForm, TeamMemberForm
from cases.models import GoalDomain, TeamRole
from oza.accounts.models import Function, User
from tests.factories import OrganisationFactory, UserFactory

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


def test_a_field_given_an_initial_value_is_made_for_its_form_the_others_are_kept(made):
    html = shown(GoalForm(initial={"description": "Naar school in maart"}))
    assert "Naar school in maart" in html
    order = [html.index(f'name="{name}"') for name in ("domain", "description", "target_date")]
    assert order == sorted(order)
    made.clear()
    again = shown(GoalForm(initial={"description": "Zwemdiploma A"}))
    assert "Zwemdiploma A" in again
    assert "Naar school" not in again
    assert made == ["includes/field.html"]  # the description; domain and date were kept
    assert "Zwemdiploma" not in shown(GoalForm())


class Visit(forms.Form):
    """Alike fields around one of each form's own, and a hidden field."""

    fields_rendered_alike = ("day", "place")
    token = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(label="Dag")
    who = forms.ChoiceField(label="Wie", choices=[("a", "Anna"), ("b", "Bas")])
    place = forms.CharField(label="Waar", required=False)


def between_tags(html: str) -> str:
    """The markup without the white space between its tags, which shows nothing."""
    return re.sub(r">\s+<", "><", html.strip())


@pytest.mark.parametrize("initial", [{"token": "t-1", "who": "b"}, {"token": "t-2"}])
def test_a_form_partly_kept_looks_as_if_made_whole(initial):
    for _ in range(2):  # made, then partly kept
        form = Visit(initial=initial)
        whole = render_to_string("includes/fields.html", {"form": form})
        assert between_tags(shown(form)) == between_tags(whole)


def test_the_aanmelding_shows_each_user_their_own_role(client):
    for user, role in [
        (UserFactory(intern_begeleider=True), TeamRole.PROCESBEGELEIDER),
        (UserFactory(function=Function.JEUGDBESCHERMER), TeamRole.OTHER),
    ]:
        client.force_login(user)
        page = client.get(reverse("cases:register")).content.decode()
        select = re.search(r'<select name="oza-role".*?</select>', page, re.DOTALL).group()
        assert re.findall(r'<option value="(\w+)" selected>', select) == [role]
        assert 'name="jeugdige-last_name"' in page  # the kept fields around it


def test_only_fields_named_alike_are_kept(made):
    form = TeamMemberForm(candidates=User.objects.none())
    role = shown(form, "role")
    assert 'name="role"' in role
    assert 'name="user"' not in role
    shown(form, "role")
    assert made == ["includes/field.html"]
    shown(form)  # the professional's choices come from the search: made for each form
    shown(form)
    assert made == ["includes/field.html"] * 3


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
