"""Goal evaluations (doelrealisatie): recorded by team members, append-only, latest shown."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import GoalEvaluation, GoalScore
from oza.audit.append_only import AppendOnlyError
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import GoalEvaluationFactory, GoalFactory, the_jeugdige

pytestmark = pytest.mark.django_db


def test_a_team_member_evaluates_a_goal_and_the_change_is_audited(oza, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    yesterday = timezone.localdate() - timedelta(days=1)
    evaluation = services.goal_evaluate(
        goal=goal,
        by=procesbegeleider,
        score=GoalScore.ACHIEVED,
        evaluated_on=yesterday,
        remark=" Vier ochtenden per week, drie weken lang. ",
    )
    assert evaluation.remark == "Vier ochtenden per week, drie weken lang."
    assert evaluation.recorded_by == procesbegeleider
    event = AuditEvent.objects.get(object_type="cases.GoalEvaluation")
    assert event.action == AuditAction.CREATE
    assert event.jeugdige_id == the_jeugdige(oza).pk
    assert event.changes["score"] == [None, "behaald"]


def test_only_team_members_evaluate_and_not_in_the_future(oza, outsider, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    with pytest.raises(ValidationError):
        services.goal_evaluate(
            goal=goal, by=outsider, score=GoalScore.ACHIEVED, evaluated_on=timezone.localdate()
        )
    with pytest.raises(ValidationError) as refused:
        services.goal_evaluate(
            goal=goal,
            by=procesbegeleider,
            score=GoalScore.ACHIEVED,
            evaluated_on=timezone.localdate() + timedelta(days=1),
        )
    assert "evaluated_on" in refused.value.error_dict
    assert not GoalEvaluation.objects.exists()


def test_evaluations_are_append_only_and_keep_their_goal(oza, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    evaluation = GoalEvaluationFactory(goal=goal)
    evaluation.remark = "anders"
    with pytest.raises(AppendOnlyError):
        evaluation.save()
    with pytest.raises(AppendOnlyError):
        GoalEvaluation.objects.all().delete()
    with pytest.raises(ValidationError):
        services.goal_delete(by=procesbegeleider, goal=goal)
    assert goal.evaluations.count() == 1


def test_latest_evaluation_is_the_most_recent_by_date(oza):
    goal = GoalFactory(arrangement=oza)
    today = timezone.localdate()
    GoalEvaluationFactory(goal=goal, score=GoalScore.ACHIEVED, evaluated_on=today)
    GoalEvaluationFactory(
        goal=goal, score=GoalScore.NOT_ACHIEVED, evaluated_on=today - timedelta(days=30)
    )
    assert goal.latest_evaluation.score == GoalScore.ACHIEVED


def test_the_oza_page_shows_how_a_goal_went_over_time(client, oza, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    today = timezone.localdate()
    for days_ago, score, remark in [
        (60, GoalScore.NOT_ACHIEVED, "Nog geen agenda."),
        (30, GoalScore.PARTLY_ACHIEVED, "Twee van de vijf vakken."),
        (0, GoalScore.ACHIEVED, "Alle vakken gepland."),
    ]:
        GoalEvaluationFactory(
            goal=goal, score=score, evaluated_on=today - timedelta(days=days_ago), remark=remark
        )
    client.force_login(procesbegeleider)

    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk])).content.decode()

    assert "verloop (3 evaluaties)" in page
    history = page[page.index("goal-history") :]
    positions = [
        history.index(remark)
        for remark in ("Nog geen agenda.", "Twee van de vijf vakken.", "Alle vakken gepland.")
    ]
    assert positions == sorted(positions)


def test_the_form_on_the_oza_page_records_an_evaluation(client, oza, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    client.force_login(procesbegeleider)
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk]))
    assert reverse("cases:goal_evaluate", args=[oza.pk, goal.pk]) in page.content.decode()
    response = client.post(
        reverse("cases:goal_evaluate", args=[oza.pk, goal.pk]),
        {
            "score": GoalScore.PARTLY_ACHIEVED,
            "evaluated_on": timezone.localdate().isoformat(),
            "remark": "Gaat de goede kant op",
        },
    )
    assert response.status_code == 302
    assert response.url.endswith(f"#doel-{goal.pk}")
    page = client.get(reverse("cases:arrangement_detail", args=[oza.pk]))
    content = page.content.decode()
    assert "Deels behaald" in content
    assert "Gaat de goede kant op" in content


def test_an_invalid_evaluation_is_refused_with_a_message(client, oza, procesbegeleider):
    goal = GoalFactory(arrangement=oza)
    client.force_login(procesbegeleider)
    response = client.post(
        reverse("cases:goal_evaluate", args=[oza.pk, goal.pk]),
        {"score": "fantastisch", "evaluated_on": timezone.localdate().isoformat()},
        follow=True,
    )
    assert not GoalEvaluation.objects.exists()
    assert any(m.level_tag == "error" for m in response.context["messages"])


def test_an_outsider_cannot_post_an_evaluation(client, oza, outsider):
    goal = GoalFactory(arrangement=oza)
    client.force_login(outsider)
    response = client.post(
        reverse("cases:goal_evaluate", args=[oza.pk, goal.pk]),
        {"score": GoalScore.ACHIEVED, "evaluated_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 404
    assert not GoalEvaluation.objects.exists()


def test_more_goals_and_evaluations_add_no_queries_to_the_oza_page(client, oza, procesbegeleider):
    client.force_login(procesbegeleider)
    url = reverse("cases:arrangement_detail", args=[oza.pk])
    GoalEvaluationFactory(goal=GoalFactory(arrangement=oza))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_one = count()
    for _ in range(6):
        GoalEvaluationFactory.create_batch(3, goal=GoalFactory(arrangement=oza))
    assert count() == with_one
