"""``ReferenceSelect``: the options of a select over organisations (or proposals) are made once
per reference version and language, and each form marks its own choice; the markup is
Django's."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.forms import ArrangementCreateForm, JeugdigeForm
from cases.models import ArrangementKind
from funding import proposals
from funding.forms import FundingLineForm
from funding.models import ProposalOutcome, ProposalStage
from tests.factories import (
    GemeenteFactory,
    SchoolFactory,
    UserFactory,
    decided_proposal,
    make_individual_arrangement,
    take_proposal_to,
    write_proposal,
)

pytestmark = pytest.mark.django_db


def as_django_renders_it(form, name) -> str:
    """The field rendered by Django's own Select with the same choices and attributes."""
    field = form[name]
    plain = forms.Select(choices=field.field.choices)
    return field.as_widget(widget=plain)


@pytest.fixture
def schools():
    return [SchoolFactory(name=f"School {n}") for n in range(3)]


@pytest.mark.parametrize("cached", [True, False])
def test_the_markup_is_djangos_with_the_choice_marked(settings, schools, cached):
    settings.OZA_SHARED_CACHE = cached
    chosen = schools[1]
    empty, bound = JeugdigeForm(), JeugdigeForm(data={"school": str(chosen.pk)})
    bound.is_valid()

    for form in (empty, bound, JeugdigeForm(initial={"school": chosen.pk})):
        assert str(form["school"]) == as_django_renders_it(form, "school")
    assert f'<option value="{chosen.pk}" selected>School 1</option>' in str(bound["school"])
    assert 'aria-invalid="true"' in str(bound["gemeente"])  # errors still reach the tag
    assert "selected" not in str(empty["school"]).replace('<option value="" selected>', "")


def test_the_options_are_read_and_made_once_for_every_form(shared_cache, schools):
    str(JeugdigeForm()["school"])
    with CaptureQueriesContext(connection) as queries:
        again = str(JeugdigeForm(initial={"school": schools[2].pk})["school"])
    assert not [q for q in queries if "accounts_organisation" in q["sql"]]
    assert f'<option value="{schools[2].pk}" selected>School 2</option>' in again


def test_a_new_organisation_is_offered_at_once(shared_cache, schools):
    str(JeugdigeForm()["school"])
    added = SchoolFactory(name="Nieuwe school")
    assert f'<option value="{added.pk}">Nieuwe school</option>' in str(JeugdigeForm()["school"])


def test_each_set_of_choices_is_kept_apart(shared_cache, procesbegeleider):
    school, gemeente = SchoolFactory(name="De Regenboog"), GemeenteFactory(name="Gemeente Zee")
    form = JeugdigeForm()
    assert "De Regenboog" in str(form["school"]) and "Gemeente Zee" not in str(form["school"])
    assert "Gemeente Zee" in str(form["gemeente"]) and "De Regenboog" not in str(form["gemeente"])
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    funding = FundingLineForm(arrangement=oza)
    assert f'value="{gemeente.pk}"' in str(funding["financier"])
    assert f'value="{school.pk}"' in str(funding["partner"])


def test_the_group_oza_form_offers_a_new_proposal_at_once_and_drops_a_refused_one(
    shared_cache, procesbegeleider
):
    policy = UserFactory(beleidsmedewerker=True)
    decided = decided_proposal(title="Faalangstgroep VO")

    def offered() -> str:
        return str(ArrangementCreateForm(kind=ArrangementKind.GROUP)["group_proposal"])

    assert "Faalangstgroep VO" in offered()
    on_its_way = take_proposal_to(
        write_proposal(by=policy, title="Weerbaarheid PO"), ProposalStage.RBO, by=policy
    )
    assert "Weerbaarheid PO" in offered()
    proposals.proposal_record_step(
        by=policy,
        proposal=on_its_way,
        outcome=ProposalOutcome.REFUSED,
        held_on=timezone.localdate(),
        minutes_reference="RBO-1",
    )
    assert "Weerbaarheid PO" not in offered()
    form = ArrangementCreateForm(kind=ArrangementKind.GROUP, initial={"group_proposal": decided.pk})
    assert f'<option value="{decided.pk}" selected>' in str(form["group_proposal"])
