"""Reads compiled once per process (oza.compiled): the same objects as their queryset, one
query each, and relations filled as prefetch_related fills them."""

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext

from cases import selectors
from cases.models import Arrangement, Phase, TeamMember
from oza.compiled import CompiledRead, attach, compiled_filter
from tests.factories import (
    GoalEvaluationFactory,
    TeamMemberFactory,
    make_group_arrangement,
    make_individual_arrangement,
)

pytestmark = pytest.mark.django_db

TEAM = CompiledRead(
    lambda arrangement: TeamMember.objects.select_related("user", "user__organisation").filter(
        arrangement_id=arrangement
    ),
    "arrangement",
)


def test_a_compiled_read_returns_what_its_queryset_returns_for_each_value():
    first, second = make_individual_arrangement(), make_individual_arrangement()
    TeamMemberFactory.create_batch(2, arrangement=second)
    for oza in (first, second):
        expected = list(TeamMember.objects.filter(arrangement=oza).order_by("id"))
        with CaptureQueriesContext(connection) as queries:
            members = TEAM(arrangement=oza.pk)
            shown = [(m.user.get_full_name(), m.user.organisation.name) for m in members]
        assert len(queries) == 1  # the users and their organisations came with it
        assert members == expected
        assert [(m.role, m.added_at) for m in members] == [(e.role, e.added_at) for e in expected]
        assert shown == [(e.user.get_full_name(), e.user.organisation.name) for e in expected]


def test_annotations_come_with_the_objects():
    oza = make_individual_arrangement()
    TeamMemberFactory.create_batch(2, arrangement=oza)
    sized = CompiledRead(
        lambda pk: Arrangement.objects.filter(pk=pk).annotate(team_size=Count("team_members")),
        "pk",
    )
    [found] = sized(pk=oza.pk)
    assert (found, found.team_size) == (oza, 3)
    assert sized(pk=0) == []


def test_a_list_of_ids_reads_the_rows_of_each_and_an_empty_list_reads_nothing():
    ozas = [make_individual_arrangement() for _ in range(3)]
    TeamMemberFactory(arrangement=ozas[2])
    roles = compiled_filter(
        TeamMember.objects.values("arrangement_id", "user__username", "role"),
        arrangement_id__in="ozas",
    )
    for chosen in (ozas[:1], ozas[1:], ozas, ozas[:1]):  # a statement per length, then again
        expected = TeamMember.objects.filter(arrangement__in=chosen).order_by("id")
        assert roles(ozas=[oza.pk for oza in chosen]) == list(
            expected.values("arrangement_id", "user__username", "role")
        )
    with CaptureQueriesContext(connection) as queries:
        assert roles(ozas=[]) == []
    assert len(queries) == 0


def test_an_id_no_row_can_have_reads_nothing_and_asks_no_database():
    oza = make_individual_arrangement()
    too_large = 2**63
    with CaptureQueriesContext(connection) as queries:
        assert TEAM(arrangement=too_large) == []
    assert len(queries) == 0
    roles = compiled_filter(TeamMember.objects.values("arrangement_id"), arrangement_id__in="ozas")
    assert roles(ozas=[too_large, oza.pk, -too_large - 1]) == [{"arrangement_id": oza.pk}]


def test_a_long_list_is_read_through_the_queryset_without_keeping_a_statement(monkeypatch):
    monkeypatch.setattr("oza.compiled.LONGEST_KEPT_LIST", 2)
    ozas = [make_individual_arrangement() for _ in range(3)]
    roles = compiled_filter(
        TeamMember.objects.order_by("id").values("arrangement_id", "role"),
        arrangement_id__in="ozas",
    )
    expected = list(
        TeamMember.objects.filter(arrangement__in=ozas)
        .order_by("id")
        .values("arrangement_id", "role")
    )
    assert roles(ozas=[oza.pk for oza in ozas]) == expected
    assert roles._statements == {}
    assert roles(ozas=[oza.pk for oza in ozas[:2]]) == expected[:2]
    assert len(roles._statements) == 1


def test_a_read_that_cannot_be_compiled_is_refused_with_the_reason():
    ignoring = CompiledRead(lambda arrangement: TeamMember.objects.all(), "arrangement")
    with pytest.raises(ValueError, match="does not take"):
        ignoring(arrangement=1)
    prefetching = CompiledRead(
        lambda arrangement: TeamMember.objects.filter(arrangement_id=arrangement).prefetch_related(
            "user"
        ),
        "arrangement",
    )
    with pytest.raises(ValueError, match="attach"):
        prefetching(arrangement=1)
    listing = compiled_filter(TeamMember.objects.values_list("pk"), arrangement_id="oza")
    with pytest.raises(ValueError, match="objects or values"):
        listing(oza=1)
    with pytest.raises(TypeError, match="Expected the values"):
        TEAM(oza=1)


def test_attached_rows_are_the_relation_without_a_query_and_a_filter_still_asks_the_database():
    oza, elsewhere = make_individual_arrangement(), make_individual_arrangement()
    added = TeamMemberFactory(arrangement=oza)
    found = Arrangement.objects.get(pk=oza.pk)
    attach([found], "team_members", TEAM(arrangement=oza.pk))
    with CaptureQueriesContext(connection) as queries:
        members = list(found.team_members.all())
        assert all(member.arrangement is found for member in members)
    assert len(queries) == 0
    assert members == list(TeamMember.objects.filter(arrangement=oza).order_by("id"))
    # Anything beyond .all() reads the database, still for this oza only.
    assert list(found.team_members.filter(pk=added.pk)) == [added]
    assert not found.team_members.filter(pk=elsewhere.team_members.get().pk).exists()


@pytest.mark.parametrize("group", [False, True], ids=["individueel", "groep"])
def test_the_detail_of_an_oza_is_what_its_relations_hold(group):
    if group:
        oza = make_group_arrangement()
    else:
        oza = make_individual_arrangement(phase=Phase.EXECUTION, guardians=2)
        GoalEvaluationFactory(goal=oza.goals.first())
    relations = (
        "team_members",
        "participations",
        "functions",
        "goals",
        "consents",
        "transitions",
        "funding_lines",
    )
    found = selectors.arrangement_detail(oza.procesbegeleider, oza.pk)
    with CaptureQueriesContext(connection) as queries:
        shown = {name: list(getattr(found, name).all()) for name in relations}
        guardians = [list(p.jeugdige.guardians.all()) for p in found.participations.all()]
        evaluations = [list(goal.evaluations.all()) for goal in found.goals.all()]
        proposal = found.group_proposal
    assert len(queries) == 0

    fresh = Arrangement.objects.get(pk=oza.pk)
    assert shown == {name: list(getattr(fresh, name).all()) for name in relations}
    assert any(shown.values())
    assert guardians == [list(p.jeugdige.guardians.all()) for p in fresh.participations.all()]
    assert evaluations == [list(goal.evaluations.all()) for goal in fresh.goals.all()]
    assert proposal == fresh.group_proposal
    assert (proposal is not None) == group
