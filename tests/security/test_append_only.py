"""The audit trail, the phase history, consent records, break-glass grants and the decision
steps of group proposals are append-only: through the ORM everywhere, and on PostgreSQL also
against raw SQL (a trigger)."""

import contextlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError

from cases import services
from cases.models import (
    BreakGlassAccess,
    ConsentRecord,
    GoalEvaluation,
    GoalScore,
    Phase,
    PhaseTransition,
)
from funding.models import ProposalStage, ProposalStep
from oza.audit.append_only import AppendOnlyError
from oza.audit.models import AuditEvent
from tests.factories import (
    ConsentRecordFactory,
    GoalFactory,
    JeugdigeFactory,
    UserFactory,
    give_consent,
    hold_start_mdo,
    make_individual_arrangement,
    take_proposal_to,
    the_jeugdige,
    write_proposal,
)

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the append-only trigger exists on PostgreSQL only"
)

# (model, a text field to try to change)
APPEND_ONLY = [
    (AuditEvent, "description"),
    (PhaseTransition, "reason"),
    (ConsentRecord, "note"),
    (BreakGlassAccess, "reason"),
    (ProposalStep, "minutes_reference"),
    (GoalEvaluation, "remark"),
]


@pytest.fixture
def rows(procesbegeleider, swv_admin):
    """One row of every append-only model, all written by real services."""
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    jeugdige = the_jeugdige(oza)
    services.consent_record(
        by=procesbegeleider,
        arrangement=oza,
        jeugdige=jeugdige,
        guardian=jeugdige.guardians.get(),
        given=True,
        note="Akkoord in MDO",
    )
    hold_start_mdo(oza, by=procesbegeleider)
    services.arrangement_transition(
        arrangement=oza, to="start_preparation", by=procesbegeleider, reason="Gestart"
    )
    services.break_glass_open(user=swv_admin, jeugdige=jeugdige, reason="Controle op verzoek")
    policy = UserFactory(beleidsmedewerker=True)
    take_proposal_to(write_proposal(by=policy), ProposalStage.RBO, by=policy)
    services.goal_evaluate(
        goal=GoalFactory(arrangement=oza),
        by=procesbegeleider,
        score=GoalScore.PARTLY_ACHIEVED,
        evaluated_on=oza.planned_start,
        remark="Halverwege",
    )
    assert oza.phase == Phase.PREPARATION
    return {model: model.objects.order_by("pk").first() for model, _field in APPEND_ONLY}


@pytest.mark.parametrize(("model", "field"), APPEND_ONLY, ids=lambda v: getattr(v, "__name__", v))
def test_orm_cannot_update_or_delete(rows, model, field):
    row = rows[model]
    original = getattr(row, field)
    assert row is not None

    setattr(row, field, "gewijzigd")
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.save(update_fields=[field])
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).update(**{field: "gewijzigd"})
    with pytest.raises(AppendOnlyError):
        model.objects.filter(pk=row.pk).delete()
    with pytest.raises(AppendOnlyError):
        model.objects.all().delete()
    # bulk_update runs in an atomic block without savepoint: contain the error in our own.
    with pytest.raises(AppendOnlyError), transaction.atomic():
        model.objects.bulk_update([row], [field])

    stored = model.objects.get(pk=row.pk)
    assert getattr(stored, field) == original
    assert model.objects.count() >= 1


def test_related_managers_are_append_only_too(rows):
    oza = rows[PhaseTransition].arrangement
    with pytest.raises(AppendOnlyError):
        oza.transitions.update(reason="weg")
    with pytest.raises(AppendOnlyError):
        oza.consents.all().delete()
    assert oza.transitions.get().reason == "Gestart"


def test_new_rows_can_still_be_appended(rows):
    oza = rows[ConsentRecord].arrangement
    before = ConsentRecord.objects.count()
    ConsentRecordFactory(arrangement=oza, guardian=the_jeugdige(oza).guardians.get(), given=False)
    assert ConsentRecord.objects.count() == before + 1


def test_cascading_deletes_do_not_remove_append_only_rows(procesbegeleider, swv_admin):
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider)
    give_consent(oza)
    stranger = JeugdigeFactory()
    services.break_glass_open(user=swv_admin, jeugdige=stranger, reason="Controle op verzoek")

    for victim in (oza, the_jeugdige(oza).guardians.get(), stranger):
        with (
            contextlib.suppress(AppendOnlyError, ProtectedError, DatabaseError),
            transaction.atomic(),
        ):
            victim.delete()

    assert ConsentRecord.objects.count() == 1
    assert BreakGlassAccess.objects.count() == 1


@on_postgresql
@pytest.mark.parametrize(("model", "field"), APPEND_ONLY, ids=lambda v: getattr(v, "__name__", v))
@pytest.mark.parametrize("statement", ["update", "delete"])
def test_raw_sql_is_refused_on_postgresql(rows, model, field, statement):
    row = rows[model]
    table = model._meta.db_table
    sql = {
        "update": f'UPDATE {table} SET "{field}" = %s WHERE id = %s',
        "delete": f"DELETE FROM {table} WHERE id = %s",
    }[statement]
    params = ["gewijzigd", row.pk] if statement == "update" else [row.pk]

    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql, params)

    stored = model.objects.get(pk=row.pk)
    assert getattr(stored, field) == getattr(row, field)


@on_postgresql
def test_every_append_only_table_has_its_trigger():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
            ["%_append_only"],
        )
        tables = {row[0] for row in cursor.fetchall()}
    assert {model._meta.db_table for model, _field in APPEND_ONLY} <= tables
