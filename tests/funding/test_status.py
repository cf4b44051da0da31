"""The status machine of a funding line and its validation, through ``funding.services``.

aangevraagd → toegekend | afgewezen; toegekend → verlopen | beëindigd. Every other step is
refused with a Dutch message and changes nothing; money stays Decimal; every write is audited.
"""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils import timezone
from django_fsm import can_proceed

from cases.services import TransitionRefused
from funding import services
from funding.models import AmountUnit, FundingKind, FundingLine, FundingStatus, TLVCategory
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    FundingLineFactory,
    JeugdhulpaanbiederFactory,
    JeugdigeFactory,
    SchoolFactory,
    SwvFactory,
    grant_funding,
    make_group_arrangement,
    make_individual_arrangement,
    request_funding,
    the_jeugdige,
)

pytestmark = pytest.mark.django_db

START = date(2026, 9, 1)
END = date(2027, 7, 15)


@pytest.fixture
def oza(procesbegeleider):
    return make_individual_arrangement(
        procesbegeleider=procesbegeleider, planned_start=START, planned_end=END
    )


def decide(line, decision, by, **kwargs):
    return services.funding_line_decide(by=by, line=line, decision=decision, **kwargs)


def expire(line):
    """Verlopen has no service (the end date passed): the model's transition, saved."""
    line.expire()
    line.save(update_fields=["status"])
    return line


def in_status(status, oza, by) -> FundingLine:
    """A line brought into ``status`` the way real use would."""
    line = request_funding(oza, by=by)
    if status == FundingStatus.REQUESTED:
        return line
    if status == FundingStatus.REFUSED:
        return decide(line, "refuse", by)
    decide(line, "grant", by)
    if status == FundingStatus.ENDED:
        decide(line, "end", by)
    elif status == FundingStatus.EXPIRED:
        expire(line)
    return line


def funding_events(line):
    return AuditEvent.objects.filter(object_type="funding.FundingLine", object_id=str(line.pk))


# --- The allowed steps ---------------------------------------------------------------------
def test_a_request_starts_as_aangevraagd(oza, procesbegeleider):
    line = request_funding(oza, by=procesbegeleider, kind=FundingKind.YOUTH_CARE)
    line.refresh_from_db()
    assert line.status == FundingStatus.REQUESTED
    assert line.created_by == procesbegeleider
    assert line.requested_by == procesbegeleider
    assert line.decided_on is None
    assert line.financier == the_jeugdige(oza).gemeente  # the woongemeente pays jeugdhulp


@pytest.mark.parametrize(
    ("decision", "status"),
    [("grant", FundingStatus.GRANTED), ("refuse", FundingStatus.REFUSED)],
)
def test_a_request_is_granted_or_refused(oza, procesbegeleider, decision, status):
    line = request_funding(oza, by=procesbegeleider)
    decide(
        line,
        decision,
        procesbegeleider,
        decided_on=date(2026, 8, 20),
        decision_reference="BS-2026-01234",
    )
    line = FundingLine.objects.get(pk=line.pk)
    assert line.status == status
    assert line.decided_on == date(2026, 8, 20)
    assert line.decision_reference == "BS-2026-01234"


def test_the_decision_date_defaults_to_today(oza, procesbegeleider):
    line = decide(request_funding(oza, by=procesbegeleider), "grant", procesbegeleider)
    assert FundingLine.objects.get(pk=line.pk).decided_on == timezone.localdate()


def test_a_granted_line_is_ended(oza, procesbegeleider):
    line = grant_funding(oza, by=procesbegeleider, decision_reference="ARR-2026-0007")
    decide(line, "end", procesbegeleider, decided_on=date(2026, 12, 1))
    line = FundingLine.objects.get(pk=line.pk)
    assert line.status == FundingStatus.ENDED
    assert line.decision_reference == "ARR-2026-0007"  # ending keeps the reference


def test_a_granted_line_expires(oza, procesbegeleider):
    line = grant_funding(oza, by=procesbegeleider)
    assert can_proceed(line.expire)
    expire(line)
    assert FundingLine.objects.get(pk=line.pk).status == FundingStatus.EXPIRED


def test_the_status_is_never_written_directly(oza, procesbegeleider):
    line = request_funding(oza, by=procesbegeleider)
    with pytest.raises(AttributeError):
        line.status = FundingStatus.GRANTED


# --- Every other step is refused ------------------------------------------------------------
ALLOWED = {
    (FundingStatus.REQUESTED, "grant"),
    (FundingStatus.REQUESTED, "refuse"),
    (FundingStatus.GRANTED, "end"),
}
REFUSED_STEPS = [
    (status, decision)
    for status in FundingStatus
    for decision in ("grant", "refuse", "end")
    if (status, decision) not in ALLOWED
]


@pytest.mark.parametrize(("status", "decision"), REFUSED_STEPS)
def test_every_other_decision_is_refused_and_changes_nothing(
    oza, procesbegeleider, status, decision
):
    line = in_status(status, oza, procesbegeleider)
    before = FundingLine.objects.filter(pk=line.pk).values().get()
    events = funding_events(line).count()

    with pytest.raises(TransitionRefused) as refused:
        decide(line, decision, procesbegeleider, decision_reference="BS-2099-99999")

    label = FundingStatus(status).label
    assert refused.value.messages == [f"Dit kan niet bij een regel met status {label}."]
    assert FundingLine.objects.filter(pk=line.pk).values().get() == before
    assert funding_events(line).count() == events


@pytest.mark.parametrize(
    "status",
    [FundingStatus.REQUESTED, FundingStatus.REFUSED, FundingStatus.ENDED, FundingStatus.EXPIRED],
)
def test_only_a_granted_line_expires(oza, procesbegeleider, status):
    assert not can_proceed(in_status(status, oza, procesbegeleider).expire)


@pytest.mark.parametrize("decision", ["expire", "approve", ""])
def test_an_unknown_decision_is_refused(oza, procesbegeleider, decision):
    line = grant_funding(oza, by=procesbegeleider)
    with pytest.raises(TransitionRefused) as refused:
        decide(line, decision, procesbegeleider)
    assert refused.value.messages == ["Onbekend besluit."]
    assert FundingLine.objects.get(pk=line.pk).status == FundingStatus.GRANTED


# --- Concurrent decisions ------------------------------------------------------------------
@pytest.mark.parametrize(
    ("first", "second"), [("grant", "refuse"), ("refuse", "grant"), ("grant", "grant")]
)
def test_two_stale_copies_decide_at_once_and_one_wins(oza, procesbegeleider, first, second):
    line = request_funding(oza, by=procesbegeleider)
    mine = FundingLine.objects.get(pk=line.pk)
    theirs = FundingLine.objects.get(pk=line.pk)

    decide(mine, first, procesbegeleider, decision_reference="BS-2026-00001")
    with pytest.raises(TransitionRefused) as refused:
        decide(theirs, second, procesbegeleider, decision_reference="BS-2026-00002")

    assert refused.value.messages == [
        "Iemand anders heeft deze regel zojuist gewijzigd. Bekijk de actuele status."
    ]
    winner = FundingLine.objects.get(pk=line.pk)
    assert winner.status == {"grant": "toegekend", "refuse": "afgewezen"}[first]
    assert winner.decision_reference == "BS-2026-00001"
    # The loser's copy shows what is true now, and only the winner's decision was audited.
    assert theirs.status == winner.status
    assert theirs.decision_reference == "BS-2026-00001"
    decisions = funding_events(line).filter(changes__has_key="status")
    assert decisions.count() == 1


def test_ending_from_a_stale_copy_after_someone_else_ended_it(oza, procesbegeleider):
    line = grant_funding(oza, by=procesbegeleider)
    mine = FundingLine.objects.get(pk=line.pk)
    theirs = FundingLine.objects.get(pk=line.pk)
    decide(mine, "end", procesbegeleider)
    with pytest.raises(TransitionRefused):
        decide(theirs, "end", procesbegeleider)
    assert FundingLine.objects.get(pk=line.pk).status == FundingStatus.ENDED


# --- Validation ----------------------------------------------------------------------------
@pytest.mark.parametrize("trait", [{}, {"youth_care": True}, {"tlv": True}, {"granted": True}])
def test_the_factory_builds_valid_rows(trait):
    line = FundingLineFactory(**trait)
    line.full_clean()
    assert type(line.amount) is Decimal


def unsaved(oza, by, **fields) -> FundingLine:
    values = {
        "arrangement": oza,
        "kind": FundingKind.IBP,
        "financier": SwvFactory(),
        "partner": SchoolFactory(),
        "amount": Decimal("4250.00"),
        "start_date": START,
        "end_date": END,
        "requested_by": by,
    }
    return FundingLine(**(values | fields))


def refused_save(line, by) -> dict:
    with pytest.raises(ValidationError) as refused:
        services.funding_line_save(by=by, line=line)
    assert not FundingLine.objects.exists()
    assert not AuditEvent.objects.filter(object_type="funding.FundingLine").exists()
    return refused.value.message_dict


def test_the_end_may_not_lie_before_the_start(oza, procesbegeleider):
    line = unsaved(oza, procesbegeleider, end_date=START - timedelta(days=1))
    assert refused_save(line, procesbegeleider) == {
        "end_date": ["De einddatum ligt voor de begindatum."]
    }


def test_a_one_day_line_is_fine(oza, procesbegeleider):
    line = unsaved(oza, procesbegeleider, end_date=START)
    assert services.funding_line_save(by=procesbegeleider, line=line).pk


def test_a_tlv_needs_its_category(oza, procesbegeleider):
    line = unsaved(oza, procesbegeleider, kind=FundingKind.TLV)
    assert refused_save(line, procesbegeleider) == {
        "tlv_category": ["Kies de categorie van de TLV (laag, midden of hoog)."]
    }
    line.tlv_category = TLVCategory.HIGH
    assert services.funding_line_save(by=procesbegeleider, line=line).pk


@pytest.mark.parametrize("kind", [FundingKind.FICTIVE_TLV, FundingKind.IBP, FundingKind.YOUTH_CARE])
def test_only_a_tlv_has_a_category(oza, procesbegeleider, kind):
    line = unsaved(oza, procesbegeleider, kind=kind, tlv_category=TLVCategory.LOW)
    assert refused_save(line, procesbegeleider) == {
        "tlv_category": ["Alleen een TLV heeft een categorie."]
    }


def test_a_negative_amount_is_refused_in_dutch_on_the_field(oza, procesbegeleider):
    line = unsaved(oza, procesbegeleider, amount=Decimal("-0.01"))
    errors = refused_save(line, procesbegeleider)
    assert errors["amount"] == ["Een bedrag kan niet negatief zijn."]
    assert not FundingLine.objects.exists()


@pytest.mark.parametrize("amount", [Decimal("0.00"), None])
def test_a_zero_or_unknown_amount_is_allowed(oza, procesbegeleider, amount):
    line = unsaved(oza, procesbegeleider, amount=amount)
    assert services.funding_line_save(by=procesbegeleider, line=line).amount == amount


def test_an_amount_with_too_many_digits_is_refused(oza, procesbegeleider):
    line = unsaved(oza, procesbegeleider, amount=Decimal("100000000.00"))
    assert list(refused_save(line, procesbegeleider)) == ["amount"]


# --- Overlap -------------------------------------------------------------------------------
@pytest.fixture
def provider():
    return JeugdhulpaanbiederFactory()


def youth_care(oza, by, provider, start=START, end=END, **fields):
    return request_funding(
        oza,
        by=by,
        kind=FundingKind.YOUTH_CARE,
        partner=provider,
        start=start,
        end=end,
        **fields,
    )


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (START, END),  # the same period
        (END, END + timedelta(days=90)),  # touching on the last day
        (START - timedelta(days=30), START),  # touching on the first day
        (START + timedelta(days=30), START + timedelta(days=60)),  # inside
        (START - timedelta(days=30), END + timedelta(days=30)),  # around
    ],
    ids=["same", "last-day", "first-day", "inside", "around"],
)
def test_an_overlap_of_the_same_kind_and_partner_needs_an_explanation(
    oza, procesbegeleider, provider, start, end
):
    first = youth_care(oza, procesbegeleider, provider)
    with pytest.raises(ValidationError) as refused:
        youth_care(oza, procesbegeleider, provider, start=start, end=end)
    message = refused.value.message_dict["overlap_explanation"][0]
    assert message == (
        f"Deze periode overlapt met {first} van 01-09-2026 tot en met 15-07-2027. Pas de "
        "periode aan of licht de overlap toe."
    )
    assert FundingLine.objects.count() == 1

    explained = youth_care(
        oza,
        procesbegeleider,
        provider,
        start=start,
        end=end,
        overlap_explanation="Ophoging: extra uren tijdens de overstap naar het vo.",
    )
    assert explained.pk and FundingLine.objects.count() == 2


def test_a_blank_explanation_does_not_count(oza, procesbegeleider, provider):
    youth_care(oza, procesbegeleider, provider)
    with pytest.raises(ValidationError):
        youth_care(oza, procesbegeleider, provider, overlap_explanation="   ")


def test_adjacent_periods_and_other_kinds_partners_or_oza_do_not_overlap(
    oza, procesbegeleider, provider
):
    youth_care(oza, procesbegeleider, provider, end=date(2026, 12, 31))
    youth_care(oza, procesbegeleider, provider, start=date(2027, 1, 1))  # the day after
    youth_care(oza, procesbegeleider, JeugdhulpaanbiederFactory())  # another partner
    request_funding(oza, by=procesbegeleider, kind=FundingKind.PGB_YOUTH_ACT, partner=provider)
    other = make_group_arrangement(
        procesbegeleider=procesbegeleider, members=[JeugdigeFactory()], planned_start=START
    )
    youth_care(other, procesbegeleider, provider)
    assert FundingLine.objects.count() == 5


def test_a_line_does_not_overlap_itself_when_changed(oza, procesbegeleider, provider):
    line = youth_care(oza, procesbegeleider, provider)
    line.end_date = END + timedelta(days=30)
    line.amount = Decimal("1500.00")
    services.funding_line_save(by=procesbegeleider, line=line)
    assert FundingLine.objects.get(pk=line.pk).end_date == END + timedelta(days=30)


@pytest.mark.parametrize(
    ("status", "counts"),
    [
        (FundingStatus.REQUESTED, True),
        (FundingStatus.GRANTED, True),
        (FundingStatus.EXPIRED, True),
        (FundingStatus.REFUSED, False),
        (FundingStatus.ENDED, False),
    ],
)
def test_refused_and_ended_lines_do_not_count_for_overlap(
    oza, procesbegeleider, provider, status, counts
):
    earlier = youth_care(oza, procesbegeleider, provider)
    if status in {FundingStatus.GRANTED, FundingStatus.ENDED, FundingStatus.EXPIRED}:
        decide(earlier, "grant", procesbegeleider)
    if status == FundingStatus.REFUSED:
        decide(earlier, "refuse", procesbegeleider)
    elif status == FundingStatus.ENDED:
        decide(earlier, "end", procesbegeleider)
    elif status == FundingStatus.EXPIRED:
        expire(earlier)
    assert FundingLine.objects.get(pk=earlier.pk).status == status

    if counts:
        with pytest.raises(ValidationError):
            youth_care(oza, procesbegeleider, provider)
    else:
        assert youth_care(oza, procesbegeleider, provider).pk


# --- Money ---------------------------------------------------------------------------------
def test_money_stays_decimal(oza, procesbegeleider, provider):
    for amount in ("0.10", "0.20", "1234.56", "99999999.99"):
        request_funding(
            oza,
            by=procesbegeleider,
            kind=FundingKind.YOUTH_CARE,
            partner=JeugdhulpaanbiederFactory(),
            amount=Decimal(amount),
            unit=AmountUnit.PER_MONTH,
        )
    amounts = list(FundingLine.objects.order_by("pk").values_list("amount", flat=True))
    assert amounts == [Decimal("0.10"), Decimal("0.20"), Decimal("1234.56"), Decimal("99999999.99")]
    assert all(type(amount) is Decimal for amount in amounts)
    small = FundingLine.objects.filter(amount__lt=1).aggregate(total=Sum("amount"))["total"]
    assert small == Decimal("0.30") and type(small) is Decimal
    line = FundingLine.objects.get(amount=Decimal("1234.56"))
    assert str(line.amount) == "1234.56"


# --- Audit ---------------------------------------------------------------------------------
def test_saving_and_deciding_write_the_audit_trail(oza, procesbegeleider, provider):
    jeugdige = the_jeugdige(oza)
    line = youth_care(oza, procesbegeleider, provider, amount=Decimal("1480.50"))
    created = funding_events(line).get()
    assert created.action == AuditAction.CREATE
    assert created.actor == procesbegeleider
    assert created.jeugdige == jeugdige
    assert created.changes["amount"] == [None, "1480.50"]
    assert created.changes["start_date"] == [None, "2026-09-01"]
    assert created.changes["partner"] == [None, str(provider)]
    assert "Bekostigingsregel vastgelegd" in created.description

    line.amount = Decimal("1600.00")
    services.funding_line_save(by=procesbegeleider, line=line)
    changed = funding_events(line).filter(action=AuditAction.UPDATE).get()
    assert changed.changes == {"amount": ["1480.50", "1600.00"]}

    decide(line, "grant", procesbegeleider)
    decide(line, "end", procesbegeleider)
    decisions = funding_events(line).filter(changes__has_key="status").order_by("at", "pk")
    assert [event.changes["status"] for event in decisions] == [
        ["aangevraagd", "toegekend"],
        ["toegekend", "beeindigd"],
    ]
    assert {event.action for event in decisions} == {AuditAction.UPDATE}
    assert {event.jeugdige for event in decisions} == {jeugdige}


def test_a_group_line_is_audited_for_every_member(procesbegeleider):
    members = JeugdigeFactory.create_batch(3)
    group = make_group_arrangement(procesbegeleider=procesbegeleider, members=members)
    line = grant_funding(group, by=procesbegeleider)
    assert funding_events(line).count() == 2 * 3  # saved, granted; for each member
    assert {event.jeugdige for event in funding_events(line)} == set(members)
