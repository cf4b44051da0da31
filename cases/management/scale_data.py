"""A national-scale data set for the benchmark, written straight into the tables.

This is bulk test data, not user actions: no service runs, no audit rows are written for the
writing itself, and the route guards are not asked. The rows are built so the data set is
consistent all the same: every oza's phase is the ``to_phase`` of its last PhaseTransition
(oriëntatie without one), every agreement is made in an MDO of its own oza and is owned by a
participant of that MDO, participations point at existing jeugdigen, funding periods start
before they end, and closures and early ends carry a bestemming (and a reason of uitval).

On PostgreSQL the rows go in with COPY (psycopg 3), elsewhere with bulk_create. Ids are chosen
here (after the highest existing id), so rows can refer to each other without reading back.

Counts at factor 1: 40 regions, 3,000 professionals, 100,000 jeugdigen, 150,000 oza's,
600,000 MDO's, 300,000 funding lines, 5,000,000 audit rows, 400 proposals for group
arrangements (every stage of the decision route, each stage matching its steps; every group oza
rests on a decided one).
"""

import json
import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import connection, models, transaction
from django.utils import timezone

from cases.models import (
    ArrangementFunctionChoice,
    ArrangementKind,
    ConsentSubject,
    Destination,
    EarlyEndReason,
    GoalDomain,
    GoalScore,
    Phase,
    Setting,
    TeamRole,
)
from funding.models import (
    BUSINESS_CASE_OUTLINE,
    DECISION_ROUTE,
    PROPOSAL_OUTLINE,
    AmountUnit,
    BusinessCaseKind,
    FundingKind,
    FundingStatus,
    ProposalOutcome,
    ProposalStage,
    TLVCategory,
    outline_keys,
)
from mdo.models import (
    AgreementStatus,
    Attendance,
    Invitation,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
)
from mdo.reminders import reminder_days as mdo_reminder_days
from oza.accounts.models import Function, OrganisationType, SchoolType
from oza.audit.models import AuditAction

from .demo import functional_admin_permissions

# Everything generated is recognisable by these names.
REGION_PREFIX = "Schaalregio "
USERNAME_PREFIX = "scale-"
# The sample users the benchmark logs in as.
SAMPLE_PROCESBEGELEIDER = "scale-procesbegeleider"
SAMPLE_POLICY_OFFICER = "scale-beleidsmedewerker"
SAMPLE_PARENT = "scale-ouder"
SAMPLE_BEHEERDER = "scale-beheerder"

BASE = {
    "regions": 40,
    "professionals": 3_000,
    "jeugdigen": 100_000,
    "arrangements": 150_000,
    "meetings": 600_000,
    "funding_lines": 300_000,
    "audit_events": 5_000_000,
    "proposals": 400,
}

CHUNK = 20_000

# Final situation of an oza: (weight, steps). A step is (transition, to_phase).
PREP = ("start_preparation", Phase.PREPARATION)
EXEC = ("start_execution", Phase.EXECUTION)
EVAL = ("start_evaluation", Phase.EVALUATION)
CONT = ("continue_execution", Phase.EXECUTION)
ADJUST = ("adjust", Phase.PREPARATION)
CONCLUDE = ("conclude", Phase.DECISION)
CLOSE = ("close", Phase.CLOSED)
END_EARLY = ("end_early", Phase.ENDED_EARLY)
SCENARIOS = [
    (10, []),
    (10, [PREP]),
    (20, [PREP, EXEC]),
    (5, [PREP, EXEC, EVAL, CONT]),
    (8, [PREP, EXEC, EVAL]),
    (4, [PREP, EXEC, EVAL, CONCLUDE]),
    (5, [PREP, EXEC, EVAL, ADJUST, EXEC]),  # bijstellen: voorbereiding re-entered
    (20, [PREP, EXEC, EVAL, CONCLUDE, CLOSE]),
    (3, [PREP, EXEC, EVAL, ADJUST, EXEC, EVAL, CONCLUDE, CLOSE]),
    (3, [END_EARLY]),
    (4, [PREP, END_EARLY]),
    (6, [PREP, EXEC, END_EARLY]),
    (2, [PREP, EXEC, EVAL, END_EARLY]),
]

# Where each proposal ends: (stage, forums passed, refusing forum); decided most often.
PROPOSAL_ENDS = [
    *[(ProposalStage.DECIDED, len(DECISION_ROUTE), None)] * 3,
    *[(stage, passed, None) for passed, stage in enumerate(DECISION_ROUTE)],
    (ProposalStage.DRAFT, 0, None),
    (ProposalStage.REJECTED, 2, ProposalStage.DIRECTORS),
]


def scaled_counts(factor: float) -> dict[str, int]:
    counts = {name: max(1, round(n * factor)) for name, n in BASE.items()}
    counts["regions"] = max(2, counts["regions"])
    # Every region needs its policy officer, beheerder and a few professionals for teams.
    counts["professionals"] = max(counts["professionals"], 10 * counts["regions"])
    counts["jeugdigen"] = max(counts["jeugdigen"], 20)
    counts["arrangements"] = max(counts["arrangements"], 30)
    counts["proposals"] = max(counts["proposals"], len(PROPOSAL_ENDS))  # every stage
    return counts


def is_generated_database() -> bool:
    from oza.accounts.models import Region

    return Region.objects.filter(name__startswith=REGION_PREFIX).exists()


def foreign_data_present() -> bool:
    """Whether the database holds rows this generator did not write."""
    from cases.models import Jeugdige
    from oza.accounts.models import Organisation, User

    return (
        User.objects.exclude(username__startswith=USERNAME_PREFIX).exists()
        or Organisation.objects.exclude(region__name__startswith=REGION_PREFIX).exists()
        or Jeugdige.objects.exclude(gemeente__region__name__startswith=REGION_PREFIX).exists()
    )


class TableWriter:
    """Writes rows of one model, given as tuples in the order of ``columns`` (attnames); any
    other column gets the field's default. COPY on PostgreSQL, bulk_create elsewhere."""

    def __init__(self, label: str, columns: list[str]):
        self.model = apps.get_model(label)
        self.fields = list(self.model._meta.concrete_fields)
        by_attname = {f.attname: f for f in self.fields}
        self.columns = columns
        self.given = [by_attname[c] for c in columns]
        self.defaults = []
        now = timezone.now()
        for f in self.fields:
            if f.attname in columns:
                continue
            if isinstance(f, models.UUIDField):
                self.defaults.append((f, None))  # one per row
            elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.defaults.append((f, now))
            else:
                self.defaults.append((f, f.get_default()))
        self.count = 0
        self.seconds = 0.0
        self.postgres = connection.vendor == "postgresql"

    def next_id(self) -> int:
        top = self.model.objects.aggregate(top=models.Max("pk"))["top"]
        return (top or 0) + 1

    def write(self, rows) -> None:
        batch = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                self._flush(batch)
                batch = []
        if batch:
            self._flush(batch)

    def _full(self, row):
        extra = []
        for f, value in self.defaults:
            if value is None and isinstance(f, models.UUIDField):
                value = uuid.uuid4()
            extra.append(value)
        return list(row) + extra

    def _flush(self, batch) -> None:
        started = time.monotonic()
        names = self.columns + [f.attname for f, _ in self.defaults]
        by_attname = {f.attname: f for f in self.fields}
        json_positions = [
            i for i, name in enumerate(names) if isinstance(by_attname[name], models.JSONField)
        ]
        with transaction.atomic():
            if self.postgres:
                table = connection.ops.quote_name(self.model._meta.db_table)
                cols = ", ".join(connection.ops.quote_name(by_attname[n].column) for n in names)
                with connection.cursor() as cursor:
                    raw = cursor.cursor
                    with raw.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                        for row in batch:
                            full = self._full(row)
                            for i in json_positions:
                                full[i] = json.dumps(full[i])
                            copy.write_row(full)
            else:
                self.model.objects.bulk_create(
                    [self.model(**dict(zip(names, self._full(row), strict=True))) for row in batch],
                    batch_size=2_000,
                )
        self.count += len(batch)
        self.seconds += time.monotonic() - started


@dataclass
class Region:
    id: int
    gemeenten: list[int] = field(default_factory=list)
    swvs: list[int] = field(default_factory=list)
    schools: list[tuple[int, str]] = field(default_factory=list)
    providers: list[int] = field(default_factory=list)
    # Professionals by function.
    pros: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    jeugdigen: list[int] = field(default_factory=list)


class ScaleDataGenerator:
    def __init__(self, *, factor: float, seed: int = 8, password: str = "oza-bench", log=print):
        self.factor = factor
        self.counts = scaled_counts(factor)
        self.rng = random.Random(seed)
        self.password = password
        self.log = log
        self.now = timezone.now().replace(microsecond=0)
        self.today = timezone.localdate()
        self.timings: list[tuple[str, int, float]] = []
        self.writers: dict[str, TableWriter] = {}
        self.user_email: dict[int, str] = {}

    # --- helpers -----------------------------------------------------------------------
    def writer(self, label: str, columns: list[str]) -> TableWriter:
        w = TableWriter(label, columns)
        self.writers[label] = w
        return w

    def done(self, w: TableWriter) -> None:
        self.timings.append((w.model._meta.db_table, w.count, w.seconds))
        rate = w.count / w.seconds if w.seconds else 0
        self.log(
            f"  {w.model._meta.db_table:32} {w.count:>10,} rows {w.seconds:8.2f} s {rate:>10,.0f}/s"
        )

    def moment(self, day: date, hour: int = 10) -> datetime:
        return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))

    # --- the data set --------------------------------------------------------------------
    def run(self) -> list[tuple[str, int, float]]:
        started = time.monotonic()
        c = self.counts
        self.log(f"Generating at factor {self.factor}: {c}")
        self.organisations()
        self.users()
        self.jeugdigen()
        self.proposals()
        self.arrangements()
        self.meetings()
        self.funding()
        self.audit()
        self.finish()
        total = time.monotonic() - started
        self.timings.append(("total", sum(n for _, n, _ in self.timings), total))
        self.log(f"Done in {total:.1f} s")
        return self.timings

    def organisations(self):
        n_regions = self.counts["regions"]
        wr = self.writer("accounts.Region", ["id", "name"])
        first = wr.next_id()
        self.regions = [Region(id=first + i) for i in range(n_regions)]
        wr.write((r.id, f"{REGION_PREFIX}{i + 1:02d}") for i, r in enumerate(self.regions))
        self.done(wr)

        wo = self.writer(
            "accounts.Organisation",
            ["id", "name", "type", "school_type", "brin_code", "cbs_code", "place", "region_id"],
        )
        next_id = wo.next_id()
        rows = []
        school_types = [
            SchoolType.PO,
            SchoolType.PO,
            SchoolType.SBO,
            SchoolType.SO,
            SchoolType.VO,
            SchoolType.VO,
            SchoolType.VSO,
            SchoolType.MBO,
            SchoolType.PO,
            SchoolType.VO,
        ]
        n_school = 0
        for i, region in enumerate(self.regions):
            place = f"Schaalstad {i + 1:02d}"
            for g in range(5):
                region.gemeenten.append(next_id)
                rows.append(
                    (
                        next_id,
                        f"Gemeente {place}-{g + 1}",
                        OrganisationType.GEMEENTE,
                        "",
                        "",
                        f"GM{9000 + i * 5 + g}",
                        place,
                        region.id,
                    )
                )
                next_id += 1
            for kind in ["PO", "VO"]:
                region.swvs.append(next_id)
                rows.append(
                    (
                        next_id,
                        f"SWV {kind} {place}",
                        OrganisationType.SWV,
                        "",
                        "",
                        "",
                        place,
                        region.id,
                    )
                )
                next_id += 1
            for s, school_type in enumerate(school_types):
                brin = f"{n_school % 100:02d}Q{'ABCDEFGHIJ'[n_school // 100]}"
                n_school += 1
                region.schools.append((next_id, school_type))
                rows.append(
                    (
                        next_id,
                        f"School {s + 1} {place}",
                        OrganisationType.SCHOOL,
                        school_type,
                        brin,
                        "",
                        place,
                        region.id,
                    )
                )
                next_id += 1
            for p in range(3):
                region.providers.append(next_id)
                rows.append(
                    (
                        next_id,
                        f"Jeugdhulp {p + 1} {place}",
                        OrganisationType.JEUGDHULPAANBIEDER,
                        "",
                        "",
                        "",
                        place,
                        region.id,
                    )
                )
                next_id += 1
        wo.write(rows)
        self.done(wo)

    def users(self):
        wu = self.writer(
            "accounts.User",
            [
                "id",
                "password",
                "username",
                "first_name",
                "last_name",
                "email",
                "is_active",
                "organisation_id",
                "function",
                "date_joined",
                "is_staff",
            ],
        )
        hashed = make_password(self.password)
        next_id = wu.next_id()
        per_region = self.counts["professionals"] // len(self.regions)
        # Per region: one beleidsmedewerker, one functioneel beheerder, and the rest spread
        # over the functions that make up teams.
        spread = [
            (Function.ONDERSTEUNINGSCOORDINATOR, "swv"),
            (Function.ONDERWIJSCONSULENT, "swv"),
            (Function.JEUGDCONSULENT, "gemeente"),
            (Function.INTERN_BEGELEIDER, "school"),
            (Function.ZORGAANBIEDER, "provider"),
        ]
        rows = []
        for i, region in enumerate(self.regions):
            orgs = {
                "swv": region.swvs,
                "gemeente": region.gemeenten,
                "school": [s for s, _ in region.schools],
                "provider": region.providers,
            }
            plan = [
                (Function.BELEIDSMEDEWERKER, "gemeente"),
                (Function.FUNCTIONEEL_BEHEERDER, "swv"),
            ]
            plan += [spread[k % len(spread)] for k in range(per_region - 2)]
            for k, (function, org_kind) in enumerate(plan):
                if i == 0 and k == 0:
                    username = SAMPLE_POLICY_OFFICER
                elif i == 0 and k == 1:
                    username = SAMPLE_BEHEERDER
                elif i == 0 and k == 2:
                    username = SAMPLE_PROCESBEGELEIDER  # an ondersteuningscoördinator
                else:
                    username = f"{USERNAME_PREFIX}{i + 1:02d}-{k + 1:04d}"
                org = orgs[org_kind][k % len(orgs[org_kind])]
                region.pros.setdefault(function, []).append((next_id, f"Prof {i + 1}-{k + 1}"))
                self.user_email[next_id] = f"{username}@bench.invalid"
                rows.append(
                    (
                        next_id,
                        hashed,
                        username,
                        "Prof",
                        f"{i + 1}-{k + 1}",
                        f"{username}@bench.invalid",
                        True,
                        org,
                        function,
                        self.now,
                        function == Function.FUNCTIONEEL_BEHEERDER,  # works in the admin
                    )
                )
                next_id += 1
        self.parent_user_id = next_id
        rows.append(
            (
                next_id,
                hashed,
                SAMPLE_PARENT,
                "Ouder",
                "Schaal",
                "ouder@bench.invalid",
                True,
                None,
                Function.PORTAL,
                self.now,
                False,
            )
        )
        wu.write(rows)
        self.done(wu)
        # The beheerders manage users and organisations in the admin, as in the demo data.
        through = wu.model.user_permissions.through
        permissions = list(functional_admin_permissions())
        through.objects.bulk_create(
            through(user_id=user_id, permission=permission)
            for user_id, *_, function, _joined, _staff in rows
            if function == Function.FUNCTIONEEL_BEHEERDER
            for permission in permissions
        )
        self.sample_pb = self.regions[0].pros[Function.ONDERSTEUNINGSCOORDINATOR][0][0]

    def jeugdigen(self):
        rng = self.rng
        wj = self.writer(
            "cases.Jeugdige",
            [
                "id",
                "first_name",
                "last_name",
                "date_of_birth",
                "gemeente_id",
                "school_id",
                "school_type",
                "education_status",
            ],
        )
        wg = self.writer(
            "cases.Guardian",
            ["id", "jeugdige_id", "name", "relation", "has_authority", "email", "user_id"],
        )
        first_j, first_g = wj.next_id(), wg.next_id()
        n = self.counts["jeugdigen"]
        self.jeugdige_region = []
        self.guardian_of = {}
        jrows, grows = [], []
        for k in range(n):
            jid = first_j + k
            region = self.regions[k % len(self.regions)]
            region.jeugdigen.append(jid)
            self.jeugdige_region.append(region)
            school, school_type = region.schools[rng.randrange(len(region.schools))]
            # The first jeugdige of region 1 is the sample parent's child: 9 years old.
            age_days = 9 * 365 + 100 if k == 0 else rng.randint(4 * 365, 18 * 365)
            jrows.append(
                (
                    jid,
                    f"Kind{k}",
                    f"Schaal{k % 997}",
                    self.today - timedelta(age_days),
                    region.gemeenten[k % 5],
                    school,
                    school_type,
                    "ingeschreven",
                )
            )
            gid = first_g + k
            self.guardian_of[jid] = gid
            grows.append(
                (
                    gid,
                    jid,
                    f"Ouder van Kind{k}",
                    "ouder",
                    True,
                    f"ouder{k}@bench.invalid",
                    self.parent_user_id if k == 0 else None,
                )
            )
        wj.write(jrows)
        self.done(wj)
        wg.write(grows)
        self.done(wg)
        self.first_jeugdige = first_j

    def proposals(self):
        """Proposals at every stage of the decision route, written by the regions' policy
        officers; each has the steps that brought it there (informed, then agreed; a refused
        one was turned down by the regisseuroverleg)."""
        wpr = self.writer(
            "funding.GroupProposal",
            [
                "id",
                "title",
                "sections",
                "business_case_kind",
                "business_case",
                "stage",
                "stage_since",
                "created_by_id",
                "created_at",
                "version",
            ],
        )
        wst = self.writer(
            "funding.ProposalStep",
            [
                "id",
                "proposal_id",
                "forum",
                "held_on",
                "outcome",
                "minutes_reference",
                "recorded_by_id",
                "recorded_at",
            ],
        )
        proposal_texts = dict.fromkeys(outline_keys(PROPOSAL_OUTLINE), "Tekst van het voorstel.")
        case_texts = dict.fromkeys(outline_keys(BUSINESS_CASE_OUTLINE), "Uitwerking.")
        proposal_id, step_id = wpr.next_id(), wst.next_id()
        proposals, steps = [], []
        self.decided_proposals = []
        for n in range(self.counts["proposals"]):
            stage, passed, refused_by = PROPOSAL_ENDS[n % len(PROPOSAL_ENDS)]
            region = self.regions[n % len(self.regions)]
            author = region.pros[Function.BELEIDSMEDEWERKER][0][0]
            day = self.today - timedelta(days=30 * len(DECISION_ROUTE) + self.rng.randint(10, 900))
            created = day
            forums = [(forum, ProposalOutcome.AGREED) for forum in DECISION_ROUTE[:passed]]
            if forums:
                forums[0] = (DECISION_ROUTE[0], ProposalOutcome.INFORMED)
            if refused_by:
                forums.append((refused_by, ProposalOutcome.REFUSED))
            for forum, outcome in forums:
                day += timedelta(days=self.rng.randint(14, 30))
                steps.append(
                    (
                        step_id,
                        proposal_id,
                        forum,
                        day,
                        outcome,
                        f"{forum.upper()}-{day:%Y%m%d}",
                        author,
                        self.moment(day, 16),
                    )
                )
                step_id += 1
            proposals.append(
                (
                    proposal_id,
                    f"Groepsarrangement {n + 1} ({region.id})",
                    proposal_texts,
                    BusinessCaseKind.BUSINESS_CASE,
                    {} if stage == ProposalStage.DRAFT else case_texts,
                    stage,
                    self.moment(day, 16),
                    author,
                    self.moment(created, 9),
                    1 + len(forums),
                )
            )
            if stage == ProposalStage.DECIDED:
                self.decided_proposals.append(proposal_id)
            proposal_id += 1
        wpr.write(proposals)
        self.done(wpr)
        wst.write(steps)
        self.done(wst)

    def arrangements(self):
        rng = self.rng
        n = self.counts["arrangements"]
        wa = self.writer(
            "cases.Arrangement",
            [
                "id",
                "kind",
                "name",
                "phase",
                "setting",
                "location",
                "planned_start",
                "planned_end",
                "capacity",
                "support_questions",
                "created_at",
                "created_by_id",
                "version",
                "group_proposal_id",
            ],
        )
        wp = self.writer(
            "cases.Participation",
            ["id", "arrangement_id", "jeugdige_id", "joined_on", "left_on", "destination"],
        )
        wf = self.writer("cases.ArrangementFunction", ["id", "arrangement_id", "function"])
        wt = self.writer(
            "cases.TeamMember", ["id", "arrangement_id", "user_id", "role", "added_at"]
        )
        wh = self.writer(
            "cases.PhaseTransition",
            [
                "id",
                "arrangement_id",
                "transition",
                "from_phase",
                "to_phase",
                "at",
                "by_id",
                "reason",
                "early_end_reason",
                "destination",
            ],
        )
        wc = self.writer(
            "cases.ConsentRecord",
            [
                "id",
                "subject",
                "arrangement_id",
                "jeugdige_id",
                "guardian_id",
                "given",
                "recorded_at",
                "recorded_by_id",
                "note",
            ],
        )
        wgoal = self.writer(
            "cases.Goal",
            ["id", "arrangement_id", "domain", "description", "target_date", "created_at"],
        )
        wev = self.writer(
            "cases.GoalEvaluation",
            ["id", "goal_id", "score", "evaluated_on", "remark", "recorded_by_id", "recorded_at"],
        )
        ids = {w: w.next_id() for w in (wa, wp, wf, wt, wh, wc, wgoal, wev)}
        weights = [w for w, _ in SCENARIOS]
        jeugdigen = self.counts["jeugdigen"]
        self.ozas = []  # (id, region, jeugdige ids, team [(user, role)], created day, steps)
        rows = {w: [] for w in ids}

        def take(w):
            value = ids[w]
            ids[w] += 1
            return value

        per_region_index = {}
        for k in range(n):
            aid = take(wa)
            jindex = k % jeugdigen
            region = self.jeugdige_region[jindex]
            j_in_region = per_region_index.get(region.id, 0)
            per_region_index[region.id] = j_in_region + 1
            steps = [] if k == 0 else rng.choices(SCENARIOS, weights)[0][1]
            if k == 0:
                steps = [PREP, EXEC]  # the sample parent's child: a running plan
            group = k % 97 == 5
            members = [self.first_jeugdige + jindex]
            if group:
                members += [
                    region.jeugdigen[rng.randrange(len(region.jeugdigen))] for _ in range(3)
                ]
                members = list(dict.fromkeys(members))
            created = self.today - timedelta(days=len(steps) * 75 + rng.randint(10, 60))
            # Team: procesbegeleider, onderwijsconsulent, jeugdconsulent, maybe zorgaanbieder.
            pbs = (
                region.pros[Function.ONDERSTEUNINGSCOORDINATOR]
                + region.pros[Function.INTERN_BEGELEIDER]
            )
            if region is self.regions[0] and j_in_region % 5 == 0:
                pb = self.sample_pb
            else:
                pb = pbs[rng.randrange(len(pbs))][0]
                if pb == self.sample_pb:
                    pb = pbs[-1][0]
            team = [(pb, TeamRole.PROCESBEGELEIDER)]
            for function, role in (
                (Function.ONDERWIJSCONSULENT, TeamRole.ONDERWIJSCONSULENT),
                (Function.JEUGDCONSULENT, TeamRole.JEUGDCONSULENT),
                (Function.ZORGAANBIEDER, TeamRole.ZORGAANBIEDER),
            ):
                if role == TeamRole.ZORGAANBIEDER and rng.random() < 0.4:
                    continue
                people = region.pros[function]
                user = people[rng.randrange(len(people))][0]
                if user not in {u for u, _ in team}:
                    team.append((user, role))
            phase = steps[-1][1] if steps else Phase.ORIENTATION
            planned_start = created + timedelta(days=60)
            rows[wa].append(
                (
                    aid,
                    ArrangementKind.GROUP if group else ArrangementKind.INDIVIDUAL,
                    f"Groep {k}" if group else "",
                    phase,
                    rng.choice(Setting.values),
                    "",
                    planned_start,
                    planned_start + timedelta(days=rng.choice([180, 365, 540])),
                    8 if group else None,
                    "Ondersteuningsvraag rond schoolgang en gedrag.",
                    self.moment(created, 9),
                    pb,
                    1 + len(steps),
                    self.decided_proposals[k % len(self.decided_proposals)] if group else None,
                )
            )
            ending = steps and steps[-1][1] in (Phase.CLOSED, Phase.ENDED_EARLY)
            destination = rng.choice(Destination.values) if ending else ""
            for jid in members:
                rows[wp].append((take(wp), aid, jid, created, None, ""))
            for function in rng.sample(ArrangementFunctionChoice.values, rng.randint(1, 2)):
                rows[wf].append((take(wf), aid, function))
            for user, role in team:
                rows[wt].append((take(wt), aid, user, role, self.moment(created, 9)))
            # History: one step every 50 to 100 days from registration on.
            step_days = []
            day, previous = created, Phase.ORIENTATION
            for name, to_phase in steps:
                day = day + timedelta(days=rng.randint(50, 100))
                day = min(day, self.today - timedelta(days=1))
                step_days.append(day)
                early = name == "end_early"
                rows[wh].append(
                    (
                        take(wh),
                        aid,
                        name,
                        previous,
                        to_phase,
                        self.moment(day, 11),
                        pb,
                        "Uitval: zie dossier." if early else "",
                        rng.choice(EarlyEndReason.values) if early else "",
                        destination if (ending and not group) else "",
                    )
                )
                previous = to_phase
            if steps:
                # Akkoord given before leaving oriëntatie.
                for jid in members:
                    rows[wc].append(
                        (
                            take(wc),
                            ConsentSubject.AKKOORD,
                            aid,
                            jid,
                            self.guardian_of[jid],
                            True,
                            self.moment(created, 12),
                            pb,
                            "",
                        )
                    )
            if ending and group:
                last = step_days[-1]
                # Members leave when a group ends, each with their bestemming.
                for row_index in range(len(rows[wp]) - len(members), len(rows[wp])):
                    row = rows[wp][row_index]
                    rows[wp][row_index] = row[:4] + (last, rng.choice(Destination.values))
            # Goals: one onderwijs and one zorg goal, scored at each evaluation.
            evaluations = [
                d
                for (name, _), d in zip(steps, step_days, strict=True)
                if name == "start_evaluation"
            ]
            if steps:
                for domain in (GoalDomain.EDUCATION, GoalDomain.CARE):
                    gid = take(wgoal)
                    rows[wgoal].append(
                        (
                            gid,
                            aid,
                            domain,
                            f"SMART-doel {domain} van oza {k}",
                            planned_start + timedelta(days=180),
                            self.moment(created, 13),
                        )
                    )
                    for eval_day in evaluations:
                        rows[wev].append(
                            (
                                take(wev),
                                gid,
                                rng.choice(GoalScore.values),
                                eval_day,
                                "",
                                pb,
                                self.moment(eval_day, 14),
                            )
                        )
            self.ozas.append((aid, region, members, team, created, steps, step_days, phase))
            if len(rows[wa]) >= CHUNK:
                for w in rows:
                    w.write(rows[w])
                    rows[w] = []
        for w in rows:
            w.write(rows[w])
        for w in (wa, wp, wf, wt, wh, wc, wgoal, wev):
            self.done(w)

    def meetings(self):
        """MDO's: a held start-MDO before the oza left oriëntatie, a held MDO around each later
        step, and for active oza's an upcoming one; scaled to the target count."""
        rng = self.rng
        wm = self.writer(
            "mdo.Meeting",
            [
                "id",
                "arrangement_id",
                "kind",
                "starts_at",
                "duration_minutes",
                "location",
                "status",
                "chair_id",
                "decision",
                "opened_at",
                "closed_at",
                "closed_by_id",
                "created_by_id",
                "created_at",
            ],
        )
        wpart = self.writer(
            "mdo.Participant",
            [
                "id",
                "meeting_id",
                "kind",
                "user_id",
                "guardian_id",
                "jeugdige_id",
                "name",
                "email",
                "role",
                "invitation",
                "invited_at",
                "attendance",
            ],
        )
        witem = self.writer(
            "mdo.AgendaItem",
            ["id", "meeting_id", "position", "title", "notes", "shared_with_family"],
        )
        wag = self.writer(
            "mdo.Agreement",
            [
                "id",
                "arrangement_id",
                "meeting_id",
                "description",
                "owner_id",
                "owner_user_id",
                "due_date",
                "measure",
                "status",
                "created_by_id",
                "created_at",
                "updated_at",
            ],
        )
        # Earlier sweeps of the reminder task: what was due before now was sent.
        wsent = self.writer(
            "mdo.SentReminder",
            ["id", "occasion", "recipient", "meeting_id", "agreement_id", "sent_at"],
        )
        reminder_days = mdo_reminder_days()
        ids = {w: w.next_id() for w in (wm, wpart, witem, wag, wsent)}
        rows = {w: [] for w in ids}

        def take(w):
            value = ids[w]
            ids[w] += 1
            return value

        # Held MDO's per oza: one per step plus extra progress MDO's, to reach the target.
        natural = sum(
            len(o[5]) + (o[7] not in (Phase.CLOSED, Phase.ENDED_EARLY)) for o in self.ozas
        )
        extra_rate = max(0.0, (self.counts["meetings"] - natural) / len(self.ozas))
        for aid, _region, members, team, created, steps, step_days, phase in self.ozas:
            pb = team[0][0]
            days = [created + timedelta(days=rng.randint(3, 20)) if steps else None]
            days += step_days[1:]
            n_extra = int(extra_rate) + (rng.random() < extra_rate - int(extra_rate))
            held = [d for d in days if d is not None]
            span_end = step_days[-1] if step_days else self.today - timedelta(days=1)
            for _ in range(n_extra):
                if span_end > created:
                    held.append(created + timedelta(days=rng.randint(1, (span_end - created).days)))
            held.sort()
            upcoming = phase not in (Phase.CLOSED, Phase.ENDED_EARLY)
            plans = [(d, True) for d in held if d < self.today]
            if upcoming:
                plans.append((self.today + timedelta(days=rng.randint(1, 30)), False))
            for index, (day, is_held) in enumerate(plans):
                mid = take(wm)
                starts = self.moment(day, 9 + rng.randint(0, 7))
                kind = MeetingKind.START if index == 0 else MeetingKind.PROGRESS
                rows[wm].append(
                    (
                        mid,
                        aid,
                        kind,
                        starts,
                        60,
                        "School",
                        MeetingStatus.HELD if is_held else MeetingStatus.PLANNED,
                        pb,
                        "Besluit: zie verslag." if is_held else "",
                        starts if is_held else None,
                        starts + timedelta(hours=1) if is_held else None,
                        pb if is_held else None,
                        pb,
                        starts - timedelta(days=14),
                    )
                )
                invited_at = starts - timedelta(days=14)
                attendance = Attendance.PRESENT if is_held else Attendance.UNKNOWN
                owners = []
                emails = []
                for user, role in team:
                    pid = take(wpart)
                    owners.append((pid, user, self.user_email[user]))
                    emails.append(self.user_email[user])
                    rows[wpart].append(
                        (
                            pid,
                            mid,
                            ParticipantKind.PROFESSIONAL,
                            user,
                            None,
                            None,
                            f"Prof {user}",
                            self.user_email[user],
                            role,
                            Invitation.INVITED,
                            invited_at,
                            attendance,
                        )
                    )
                for jid in members[:2]:
                    gid = self.guardian_of[jid]
                    emails.append(f"ouder{gid}@bench.invalid")
                    rows[wpart].append(
                        (
                            take(wpart),
                            mid,
                            ParticipantKind.PARENT,
                            None,
                            gid,
                            None,
                            f"Ouder {gid}",
                            f"ouder{gid}@bench.invalid",
                            "",
                            Invitation.INVITED,
                            invited_at,
                            attendance,
                        )
                    )
                for position, title in enumerate(("Opening en verslag", "Voortgang doelen")):
                    rows[witem].append(
                        (
                            take(witem),
                            mid,
                            position,
                            title,
                            "Besproken." if is_held else "",
                            is_held,
                        )
                    )
                if not is_held:
                    for n in reminder_days:
                        moment = starts - timedelta(days=n)
                        if moment > self.now:
                            continue
                        occasion = f"mdo:{mid}:{n}d:{starts.astimezone(UTC):%Y%m%dT%H%M%SZ}"
                        for email in emails:
                            rows[wsent].append(
                                (take(wsent), occasion, email.lower(), mid, None, moment)
                            )
                if is_held:
                    due = day + timedelta(days=28)
                    last_held = index == len(held) - 1
                    status = (
                        AgreementStatus.OPEN
                        if (last_held and upcoming)
                        else rng.choice([AgreementStatus.DONE] * 4 + [AgreementStatus.MISSED])
                    )
                    agid = take(wag)
                    owner, owner_user, owner_email = owners[rng.randrange(len(owners))]
                    if status == AgreementStatus.OPEN and due < self.today:
                        rows[wsent].append(
                            (
                                take(wsent),
                                f"afspraak:{agid}:over-tijd",
                                owner_email.lower(),
                                None,
                                agid,
                                self.moment(due + timedelta(days=1), 7),
                            )
                        )
                    rows[wag].append(
                        (
                            agid,
                            aid,
                            mid,
                            "Afspraak over schoolgang en hulp.",
                            owner,
                            owner_user,
                            due,
                            "Aanwezigheid per week",
                            status,
                            pb,
                            starts,
                            starts,
                        )
                    )
            if len(rows[wm]) >= CHUNK:
                for w in rows:
                    w.write(rows[w])
                    rows[w] = []
        for w in rows:
            w.write(rows[w])
        for w in (wm, wpart, witem, wag, wsent):
            self.done(w)

    def funding(self):
        rng = self.rng
        wl = self.writer(
            "funding.FundingLine",
            [
                "id",
                "arrangement_id",
                "kind",
                "tlv_category",
                "financier_id",
                "partner_id",
                "amount",
                "unit",
                "start_date",
                "end_date",
                "decision_reference",
                "requested_by_id",
                "requested_on",
                "decided_on",
                "ended_on",
                "status",
                "created_by_id",
                "created_at",
                "version",
            ],
        )
        next_id = wl.next_id()
        eligible = [o for o in self.ozas if o[5]]  # past oriëntatie
        per_oza = self.counts["funding_lines"] / max(1, len(eligible))
        rows = []
        for aid, region, _members, team, created, steps, _step_days, phase in eligible:
            pb = team[0][0]
            n = int(per_oza) + (rng.random() < per_oza - int(per_oza))
            for line in range(n):
                kind = rng.choice(
                    [FundingKind.YOUTH_CARE, FundingKind.IBP, FundingKind.TLV, FundingKind.DAY_CARE]
                )
                financier = (
                    region.gemeenten[0]
                    if kind in (FundingKind.YOUTH_CARE, FundingKind.DAY_CARE)
                    else region.swvs[1]
                )
                partner = region.providers[line % len(region.providers)]
                start = created + timedelta(days=60 + 120 * line)
                end = start + timedelta(days=rng.choice([90, 180, 365]))
                requested_on = created + timedelta(days=40)
                if phase == Phase.PREPARATION and len(steps) == 1:
                    status, decided = FundingStatus.REQUESTED, None
                elif rng.random() < 0.05:
                    status, decided = FundingStatus.REFUSED, requested_on + timedelta(days=14)
                elif end < self.today:
                    status, decided = FundingStatus.EXPIRED, requested_on + timedelta(days=14)
                else:
                    status, decided = FundingStatus.GRANTED, requested_on + timedelta(days=14)
                decided = min(decided, self.today) if decided else None
                rows.append(
                    (
                        next_id,
                        aid,
                        kind,
                        TLVCategory.LOW if kind == FundingKind.TLV else "",
                        financier,
                        partner,
                        Decimal(rng.randint(200, 4000)),
                        AmountUnit.PER_MONTH,
                        start,
                        end,
                        f"B-{next_id}" if decided else "",
                        pb,
                        requested_on,
                        decided,
                        None,
                        status,
                        pb,
                        self.moment(requested_on),
                        1,
                    )
                )
                next_id += 1
        wl.write(rows)
        self.done(wl)

    def audit(self):
        rng = self.rng
        wa = self.writer(
            "audit.AuditEvent",
            [
                "id",
                "at",
                "actor_id",
                "action",
                "jeugdige_id",
                "object_type",
                "object_id",
                "description",
                "path",
            ],
        )
        first = wa.next_id()
        n = self.counts["audit_events"]
        ozas = self.ozas
        actions = [AuditAction.VIEW] * 6 + [AuditAction.LIST] * 3 + [AuditAction.UPDATE]
        start = self.now - timedelta(days=730)

        def rows():
            for k in range(n):
                aid, _region, members, team, *_ = ozas[rng.randrange(len(ozas))]
                at = start + timedelta(seconds=rng.randrange(730 * 86_400))
                yield (
                    first + k,
                    at,
                    team[rng.randrange(len(team))][0],
                    rng.choice(actions),
                    members[0],
                    "cases.Arrangement",
                    str(aid),
                    "",
                    f"/oza/{aid}/",
                )

        wa.write(rows())
        self.done(wa)

    def finish(self):
        if connection.vendor != "postgresql":
            return
        started = time.monotonic()
        with connection.cursor() as cursor:
            for w in self.writers.values():
                table = w.model._meta.db_table
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence(%s, 'id'), "
                    f"(SELECT COALESCE(MAX(id), 1) FROM {connection.ops.quote_name(table)}))",
                    [table],
                )
            # VACUUM sets the visibility map, so index-only scans (the team membership behind
            # every access check) work at once instead of after autovacuum; it cannot run
            # inside a transaction (the tests' generator runs in one).
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        self.log(f"  sequences and VACUUM ANALYZE {time.monotonic() - started:8.2f} s")
