"""The route's core guards (DOMAIN.md). Other apps register theirs the same way."""

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import ConsentSubject, GoalDomain, TeamRole
from .route import route_guard

ADULT_DECIDES_AGE = 16
SHARED_CONSENT_AGE = 12


def consent_holders(jeugdige, day):
    """Who must agree for this jeugdige on ``day``: guardians with gezag and/or the jeugdige.

    Under 12 the parents with gezag; 12 to 15 both parents and jeugdige; 16+ the jeugdige.
    Yields (guardian or None for the jeugdige, display name)."""
    age = jeugdige.age(day)
    if age < ADULT_DECIDES_AGE:
        for guardian in jeugdige.guardians.all():
            if guardian.has_authority:
                yield guardian, guardian.name
    if age >= SHARED_CONSENT_AGE:
        yield None, str(jeugdige)


def latest_consents(arrangement) -> dict:
    """{(jeugdige_id, guardian_id or None): latest akkoord ConsentRecord}, from prefetched rows.
    Only akkoord counts here, never a portal permission (ConsentSubject)."""
    latest = {}
    records = [r for r in arrangement.consents.all() if r.subject == ConsentSubject.AKKOORD]
    for record in sorted(records, key=lambda r: (r.recorded_at, r.pk)):
        latest[(record.jeugdige_id, record.guardian_id)] = record
    return latest


def consent_overview(arrangement, day=None) -> list[dict]:
    """For each current participant, everyone whose akkoord is needed and their latest record."""
    day = day or timezone.localdate()
    latest = latest_consents(arrangement)
    rows = []
    for participation in arrangement.current_participations(day):
        jeugdige = participation.jeugdige
        for guardian, name in consent_holders(jeugdige, day):
            record = latest.get((jeugdige.pk, guardian.pk if guardian else None))
            rows.append(
                {
                    "jeugdige": jeugdige,
                    "age": jeugdige.age(day),
                    "name": name,
                    "record": record,
                    "given": record is not None and record.given,
                }
            )
    return rows


@route_guard("start_preparation", "start_execution")
def consent_of_those_who_decide(arrangement):
    """Nothing starts without akkoord: checked again before uitvoering, so a withdrawal or a
    group member who joined later blocks the start."""
    today = timezone.localdate()
    for participation in arrangement.current_participations(today):
        jeugdige = participation.jeugdige
        if jeugdige.age(today) < ADULT_DECIDES_AGE and not any(
            g.has_authority for g in jeugdige.guardians.all()
        ):
            yield _(
                "Leg bij %(jeugdige)s een ouder of verzorger met gezag vast: onder de 16 "
                "jaar moeten zij akkoord geven."
            ) % {"jeugdige": jeugdige}
    for row in consent_overview(arrangement, today):
        if not row["given"]:
            yield _("Akkoord ontbreekt van %(name)s voor %(jeugdige)s (%(age)s jaar).") % row


@route_guard("start_preparation", "start_execution")
def has_procesbegeleider(arrangement):
    if not any(m.role == TeamRole.PROCESBEGELEIDER for m in arrangement.team_members.all()):
        yield _("Wijs een procesbegeleider aan in het team.")


@route_guard("start_execution")
def has_education_and_care_goal(arrangement):
    domains = {goal.domain for goal in arrangement.goals.all()}
    if GoalDomain.EDUCATION not in domains:
        yield _("Voeg minstens één onderwijsdoel toe.")
    if GoalDomain.CARE not in domains:
        yield _("Voeg minstens één zorgdoel toe.")


@route_guard("start_preparation", "start_execution")
def has_participants(arrangement):
    if not arrangement.current_participations():
        yield _("Er doet op dit moment geen jeugdige mee aan dit oza.")
