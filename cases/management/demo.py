"""Fictional demo data for ``manage.py load_demo``: the region "Regio Kennemerkust".

Modelled on Bijlage 1 of the regional framework of regio Alkmaar (seed 002): four gemeenten, an
SWV PO and an SWV VO, seven schools, three jeugdhulpaanbieders, a GGD and a zorgkantoor; one demo
user per role, a dozen colleagues, and about sixty jeugdigen with oza's in every phase. Every oza
that left oriëntatie held its start-MDO first (the route requires it); MDO's follow during
uitvoering and evaluatie, with notes, SMART agreements (some overdue) and the next MDO planned.

Every oza that reaches uitvoering has its funding requested and granted first (the route
requires a granted line covering the planned start): a TLV for (V)SO pupils or an IBP/arrangement
from the SWV to the school, and jeugdhulp in natura (sometimes a PGB, or dagbesteding) from the
gemeente, requested by the jeugd- en gezinscoach. Some requests in voorbereiding are still
pending, one PGB was refused, some beschikkingen end within weeks and one oza runs out of funding
before its planned end, so the procesbegeleider's funding checklist has something to show.

Every write to a case goes through ``cases.services`` (and ``mdo.services`` and
``funding.services``), so the route's guards, the phase history and the audit trail are exactly
what real use would have produced. To give the history a realistic timeline the whole load runs
under a :class:`DemoClock`: a back-dated "now" for each step (the services themselves stamp the
rows, nothing is updated afterwards). Everything is deterministic (``random.Random(2026)``, the
MDO's 2027, the funding 2028) apart from the dates, which are relative to today.
"""

import itertools
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.text import slugify
from stdnum.nl import bsn as stdnum_bsn

from cases import services
from cases.guards import consent_holders
from cases.models import (
    Arrangement,
    ArrangementKind,
    CompulsoryEducationStatus,
    Destination,
    Goal,
    GoalScore,
    Guardian,
    Jeugdige,
    Phase,
    TeamRole,
)
from funding import proposals
from funding import services as funding_services
from funding.models import (
    AmountUnit,
    BusinessCaseKind,
    FundingKind,
    FundingLine,
    FundingStatus,
    GroupProposal,
    ProposalOutcome,
    ProposalStage,
    TLVCategory,
)
from mdo import selectors as mdo_selectors
from mdo import services as mdo_services
from mdo.composition import roles_of
from mdo.models import (
    AgendaItemKind,
    AgreementStatus,
    Attendance,
    Meeting,
    MeetingKind,
    MeetingStatus,
    ParticipantKind,
)
from oza.accounts.models import Function, Organisation, OrganisationType, Region, User
from oza.documents import services as document_services
from oza.documents.models import Audience, DocumentKind

from . import demo_texts as texts

SEED = 2026
REGION = "Regio Kennemerkust"
# The first gemeente; its presence means the demo region was loaded already.
MARKER_CBS_CODE = "GM9801"
EMAIL_DOMAIN = "oza.example"

# --- Organisations ---------------------------------------------------------------------------
GEMEENTEN = [  # key, name, CBS code, place, share of the jeugdigen
    ("duinhoven", "Gemeente Duinhoven", "GM9801", "Duinhoven", 45),
    ("berkmeer", "Gemeente Berkmeer", "GM9802", "Berkmeer", 20),
    ("westerkoog", "Gemeente Westerkoog", "GM9803", "Westerkoog", 20),
    ("zandwijk", "Gemeente Zandwijk aan Zee", "GM9804", "Zandwijk aan Zee", 15),
]
SCHOOLS = [  # key, name, onderwijssoort, BRIN, place
    ("regenboog", "Basisschool De Regenboog", "PO", "91KA", "Duinhoven"),
    ("duinroos", "OBS De Duinroos", "PO", "91KB", "Zandwijk aan Zee"),
    ("vuurtoren", "SBO De Vuurtoren", "SBO", "91KC", "Berkmeer"),
    ("kompasroos", "SO De Kompasroos", "SO", "91KD", "Duinhoven"),
    ("duinhoven_college", "Duinhoven College", "VO", "91KE", "Duinhoven"),
    ("zeeweg", "Zeeweg College", "VO", "91KF", "Westerkoog"),
    ("meerpaal", "VSO De Meerpaal", "VSO", "91KG", "Berkmeer"),
]
OTHER_ORGANISATIONS = [  # key, name, type, AGB code, place
    ("swv_po", "Samenwerkingsverband PPO Kennemerkust", OrganisationType.SWV, "", "Duinhoven"),
    ("swv_vo", "Samenwerkingsverband VO Kennemerkust", OrganisationType.SWV, "", "Duinhoven"),
    (
        "branding",
        "De Branding Jeugd-GGZ",
        OrganisationType.JEUGDHULPAANBIEDER,
        "98100011",
        "Duinhoven",
    ),
    (
        "kustlicht",
        "Kustlicht Jeugdhulp",
        OrganisationType.JEUGDHULPAANBIEDER,
        "98100022",
        "Westerkoog",
    ),
    (
        "wilgenhof",
        "Zorgboerderij Het Wilgenhof",
        OrganisationType.JEUGDHULPAANBIEDER,
        "98100033",
        "Berkmeer",
    ),
    ("ggd", "GGD Kennemerkust", OrganisationType.GGD, "", "Duinhoven"),
    (
        "zorgkantoor",
        "Zorgkantoor Noord-Holland Kust",
        OrganisationType.ZORGKANTOOR,
        "",
        "Duinhoven",
    ),
    ("jeugdbescherming", "Jeugdbescherming Kustregio", OrganisationType.OTHER, "", "Duinhoven"),
]
PO_TYPES = {"PO", "SBO", "SO"}

# --- Users -----------------------------------------------------------------------------------
# username, first name, last name, function, organisation key, role shown in the table
ROLE_USERS = [
    (
        "procesbegeleider",
        "Marloes",
        "Kroon",
        Function.ONDERSTEUNINGSCOORDINATOR,
        "swv_vo",
        "Procesbegeleider oza (ondersteuningscoördinator, SWV VO)",
    ),
    (
        "onderwijsconsulent",
        "Jeroen",
        "Veenstra",
        Function.ONDERWIJSCONSULENT,
        "swv_vo",
        "Onderwijsconsulent (SWV VO)",
    ),
    (
        "jeugdconsulent",
        "Samira",
        "Haddou",
        Function.JEUGDCONSULENT,
        "duinhoven",
        "Jeugd- en gezinscoach (gemeente Duinhoven)",
    ),
    (
        "zorgaanbieder",
        "Eline",
        "Verbeek",
        Function.ZORGAANBIEDER,
        "branding",
        "GZ-psycholoog (De Branding Jeugd-GGZ)",
    ),
    (
        "beleidsmedewerker",
        "Thomas",
        "de Ruiter",
        Function.BELEIDSMEDEWERKER,
        "duinhoven",
        "Beleidsmedewerker jeugd (gemeente Duinhoven)",
    ),
    (
        "beheerder",
        "Anja",
        "Zijlstra",
        Function.FUNCTIONEEL_BEHEERDER,
        "swv_vo",
        "Functioneel beheerder (SWV VO), ook Django-admin",
    ),
]
OUDER_USERNAME = "ouder"
OUDER_ROLE = "Ouder met gezag (portaal)"
DEMO_USERNAMES = [row[0] for row in ROLE_USERS] + [OUDER_USERNAME]

EXTRA_USERS = [  # username, first name, last name, function, organisation key
    ("f.bakker", "Fleur", "Bakker", Function.ONDERWIJSCONSULENT, "swv_po"),
    ("m.schaap", "Monique", "Schaap", Function.INTERN_BEGELEIDER, "regenboog"),
    ("h.timmer", "Hanneke", "Timmer", Function.INTERN_BEGELEIDER, "duinroos"),
    ("w.hoekstra", "Wouter", "Hoekstra", Function.INTERN_BEGELEIDER, "vuurtoren"),
    ("k.bleeker", "Karin", "Bleeker", Function.INTERN_BEGELEIDER, "kompasroos"),
    ("r.benali", "Rachid", "Benali", Function.ONDERSTEUNINGSCOORDINATOR, "duinhoven_college"),
    ("e.degroot", "Ellen", "de Groot", Function.ONDERSTEUNINGSCOORDINATOR, "zeeweg"),
    ("b.ploeg", "Bart", "Ploeg", Function.ONDERSTEUNINGSCOORDINATOR, "meerpaal"),
    ("n.vlaar", "Nicole", "Vlaar", Function.JEUGDCONSULENT, "berkmeer"),
    ("d.koopman", "Dennis", "Koopman", Function.JEUGDCONSULENT, "westerkoog"),
    ("l.hartman", "Lisa", "Hartman", Function.ZORGAANBIEDER, "kustlicht"),
    ("g.dekker", "Gerrit", "Dekker", Function.ZORGAANBIEDER, "wilgenhof"),
    ("m.sluis", "Marieke", "Sluis", Function.JEUGDBESCHERMER, "jeugdbescherming"),
]
SCHOOL_STAFF = {
    "regenboog": "m.schaap",
    "duinroos": "h.timmer",
    "vuurtoren": "w.hoekstra",
    "kompasroos": "k.bleeker",
    "duinhoven_college": "r.benali",
    "zeeweg": "e.degroot",
    "meerpaal": "b.ploeg",
}
JEUGDCONSULENT_OF = {
    "duinhoven": "jeugdconsulent",
    "zandwijk": "jeugdconsulent",
    "berkmeer": "n.vlaar",
    "westerkoog": "d.koopman",
}
TEAM_ROLE_OF_FUNCTION = {
    Function.INTERN_BEGELEIDER: TeamRole.INTERN_BEGELEIDER,
    Function.ONDERSTEUNINGSCOORDINATOR: TeamRole.ONDERSTEUNINGSCOORDINATOR,
    Function.ONDERWIJSCONSULENT: TeamRole.ONDERWIJSCONSULENT,
    Function.JEUGDCONSULENT: TeamRole.JEUGDCONSULENT,
    Function.ZORGAANBIEDER: TeamRole.ZORGAANBIEDER,
    Function.JEUGDBESCHERMER: TeamRole.JEUGDBESCHERMER,
}
# The demo zorgaanbieder is on this many individual teams (plus the Faalangstgroep VO).
DEMO_ZORGAANBIEDER_TEAMS = 6
# This many oza's in oriëntatie already have their start-MDO planned ...
PLANNED_START_MDOS = 3
# ... and this many overdue oza's in uitvoering have no next MDO planned (the process stalls).
WITHOUT_NEXT_MDO = 2
# Voortgangs-MDO's are held in this many days before today (older history: start and evaluatie).
PROGRESS_MDO_DAYS = 120

# --- Scenarios: where each individual oza ends up on the route ------------------------------
SCENARIOS = (
    ["orientatie"] * 7
    + ["voorbereiding"] * 7
    + ["uitvoering"] * 13
    + ["uitvoering_verlopen"] * 4
    + ["voortzetten"] * 2
    + ["bijstellen_uitvoering", "bijstellen_voorbereiding"]
    + ["evaluatie"] * 5
    + ["besluitvorming"] * 4
    + ["afgesloten"] * 7
    + [f"einde_{code}" for code in texts.EARLY_ENDS]
)
LONG_SCENARIOS = {
    "afgesloten",
    "besluitvorming",
    "bijstellen_uitvoering",
    "bijstellen_voorbereiding",
    "voortzetten",
    "einde_ander_aanbod",
}
THUISZITTER_SCENARIOS = {
    "orientatie",
    "voorbereiding",
    "uitvoering",
    "uitvoering_verlopen",
    "evaluatie",
    "bijstellen_uitvoering",
    "bijstellen_voorbereiding",
}
GROUP_MEMBER_EXCLUDED = {"einde_verhuisd", "einde_akkoord_ingetrokken", "einde_overig"}

# --- Funding ---------------------------------------------------------------------------------
# The oza's in voorbereiding, the demo procesbegeleider's first, in this order: requests still
# pending with both financiers, funding granted (ready to start), the SWV granted but the gemeente
# still deciding, and nothing requested yet.
PREPARATION_FUNDING = ["pending", "pending", "pending", "granted", "granted", "mixed", "none"]
# This many oza's in uitvoering have a jeugdhulpbeschikking ending within the next weeks; the
# first has its verlenging requested already.
EXPIRING_BESCHIKKINGEN = 3
# Of the others, about this share has a PGB instead of zorg in natura.
PGB_SHARE = 0.12


DEMO_REGION = "Regio Kennemerkust"

# Where jeugdigen go after a completed oza, and after one that ended early (weights).
CLOSE_DESTINATIONS = [
    (Destination.REGULAR_EDUCATION, 6),
    (Destination.SPECIAL_EDUCATION, 2),
    (Destination.OTHER_SCHOOL, 2),
    (Destination.WORK_OR_DAY_ACTIVITIES, 1),
]
EARLY_END_DESTINATIONS = [
    (Destination.OTHER_SCHOOL, 2),
    (Destination.SPECIAL_EDUCATION, 1),
    (Destination.HOME, 2),
    (Destination.EXEMPT, 1),
    (Destination.UNKNOWN, 2),
]


# How goals score at an evaluation (weights), with the remark recorded.
GOAL_SCORES = [
    (GoalScore.ACHIEVED, 35),
    (GoalScore.PARTLY_ACHIEVED, 40),
    (GoalScore.NOT_ACHIEVED, 15),
    (GoalScore.NO_LONGER_APPLICABLE, 10),
]
GOAL_REMARKS = {
    GoalScore.ACHIEVED: "Besproken in de evaluatie: het doel is gehaald.",
    GoalScore.PARTLY_ACHIEVED: "Een deel lukt al; we werken er verder aan.",
    GoalScore.NOT_ACHIEVED: "Nog niet gelukt; de aanpak wordt besproken.",
    GoalScore.NO_LONGER_APPLICABLE: "Door de veranderde situatie niet meer van toepassing.",
}


def demo_exists() -> bool:
    return Organisation.objects.filter(cbs_code=MARKER_CBS_CODE).exists()


def conflicting_usernames() -> list[str]:
    """Demo usernames already taken by accounts that are not part of a loaded demo region."""
    usernames = DEMO_USERNAMES + [row[0] for row in EXTRA_USERS]
    return sorted(User.objects.filter(username__in=usernames).values_list("username", flat=True))


def demo_user_rows() -> list[tuple[str, str, str]]:
    """(username, name, role) of the demo users that exist, in table order."""
    roles = {row[0]: row[5] for row in ROLE_USERS} | {OUDER_USERNAME: OUDER_ROLE}
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_USERNAMES)}
    return [
        (username, users[username].get_full_name(), roles[username])
        for username in DEMO_USERNAMES
        if username in users
    ]


def functional_admin_permissions():
    """What a functioneel beheerder manages in the admin: users, organisations and regions, the
    region's escalatieladder, the API tokens of integrations, and lockouts after failed logins
    (see and lift them); never case content."""
    return Permission.objects.filter(
        Q(
            content_type__app_label="accounts",
            content_type__model__in=["organisation", "region", "user"],
        )
        | Q(content_type__app_label="funding", content_type__model="escalationlevel")
        | Q(content_type__app_label="api", content_type__model="apitoken"),
        codename__regex=r"^(view|add|change)_",
    ) | Permission.objects.filter(
        content_type__app_label="axes",
        codename__in=["view_accessattempt", "delete_accessattempt"],
    )


# --- A back-dated clock ----------------------------------------------------------------------


class DemoClock:
    """Travels through time while the demo is built, so each row is stamped with the moment of
    its step (PhaseTransition.at, ConsentRecord.recorded_at, AuditEvent.at) and the guards see
    the jeugdige's age on that day. Rows are created once by the services and never changed,
    so the append-only history stays append-only."""

    def __init__(self):
        self.started_at = timezone.now()
        self.traveller = None

    def real_now(self) -> datetime:
        return self.started_at

    def move_to(self, moment: datetime) -> None:
        self.traveller.move_to(moment)

    @contextmanager
    def installed(self):
        with time_machine.travel(self.started_at, tick=False) as traveller:
            self.traveller = traveller
            try:
                yield self
            finally:
                self.traveller = None


class Timeline:
    """Strictly increasing moments on working days for the steps of one oza."""

    def __init__(self, clock: DemoClock, rng: random.Random):
        self.clock = clock
        self.rng = rng
        self.last: datetime | None = None

    def go(self, day: date) -> datetime:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        moment = timezone.make_aware(
            datetime.combine(day, time(self.rng.randint(9, 14), self.rng.choice([0, 15, 30, 45])))
        )
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=self.rng.randint(5, 25))
        if moment >= self.clock.real_now():
            raise AssertionError(f"demo step in the future: {moment}")
        self.last = moment
        self.clock.move_to(moment)
        return moment

    def at(self, moment: datetime) -> datetime:
        """Move to ``moment``, or just after the last step when that was later."""
        if self.last is not None and moment <= self.last:
            moment = self.last + timedelta(minutes=2)
        if moment >= self.clock.real_now():
            raise AssertionError(f"demo step in the future: {moment}")
        self.last = moment
        self.clock.move_to(moment)
        return moment

    @property
    def day(self) -> date:
        return timezone.localtime(self.last).date()


# --- The plan of one jeugdige ----------------------------------------------------------------
@dataclass
class KidPlan:
    first: str
    last: str
    boy: bool
    age: int
    dob: date
    family: int
    gemeente: str = ""
    school: str | None = None
    school_type: str = ""
    status: str = CompulsoryEducationStatus.ENROLLED
    household: str = "twee_ouders"
    guardians: list[dict] = field(default_factory=list)
    bsn: str = ""
    special: str = ""
    group_only: str = ""
    profile: str = ""
    scenario: str = ""
    demo_pb: bool = True
    demo_za: bool = False
    months: int = 4
    t0: date | None = None
    schedule: dict = field(default_factory=dict)
    jeugdige: Jeugdige | None = None
    arrangement: Arrangement | None = None

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}"


@dataclass
class FundingPlan:
    """One funding line of the demo: requested, and perhaps decided, through funding.services."""

    kind: str
    financier: Organisation
    partner: Organisation
    start: date
    end: date
    amount: Decimal | None
    unit: str
    requested_by: User
    tlv_category: str = ""
    line: FundingLine | None = None


@dataclass
class Summary:
    organisations: dict
    jeugdigen: int
    arrangements: int
    groups: int
    phases: list[tuple[str, int]]
    professionals: int
    audit_events: int
    meetings: dict = field(default_factory=dict)
    funding: dict = field(default_factory=dict)


class DemoBuilder:
    def __init__(self):
        self.rng = random.Random(SEED)
        # The MDO's draw from their own stream, so the rest of the region stays as it was.
        self.mdo_rng = random.Random(SEED + 1)
        # And the funding from theirs.
        self.funding_rng = random.Random(SEED + 2)
        # And the bestemming at closure from theirs.
        self.destination_rng = random.Random(SEED + 3)
        # And the scores of goals at an evaluation from theirs.
        self.goal_rng = random.Random(SEED + 4)
        self.references = itertools.count(1234)
        self.planned_start_mdos = PLANNED_START_MDOS
        self.without_next_mdo = WITHOUT_NEXT_MDO
        self.today = timezone.localdate()
        self.clock = DemoClock()
        self.orgs: dict[str, Organisation] = {}
        self.users: dict[str, User] = {}
        self.kids: list[KidPlan] = []
        self.used_bsns: set[str] = set()
        self.used_names: set[tuple[str, str]] = set()
        self.ouder_guardian: dict = {}

    # --- helpers ----------------------------------------------------------------------------
    def r(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def ago(self, days: int) -> date:
        return self.today - timedelta(days=days)

    def ahead(self, days: int) -> date:
        return self.today + timedelta(days=days)

    @staticmethod
    def email(first: str, last: str) -> str:
        return f"{slugify(first)}.{slugify(last).replace('-', '')}@{EMAIL_DOMAIN}"

    def phone(self) -> str:
        return f"06-{self.r(10000000, 99999999)}"

    def bsn(self) -> str:
        """A BSN passing the elfproef, in the 9999xxxxx range used by Dutch test sets."""
        weights = [9, 8, 7, 6, 5, 4, 3, 2]
        while True:
            digits = [9, 9, 9, 9] + [self.r(0, 9) for _ in range(4)]
            check = sum(w * d for w, d in zip(weights, digits, strict=True)) % 11
            if check == 10:
                continue
            number = "".join(map(str, digits)) + str(check)
            if number not in self.used_bsns and stdnum_bsn.is_valid(number):
                self.used_bsns.add(number)
                return number

    def years_ago(self, years: int) -> date:
        try:
            return self.today.replace(year=self.today.year - years)
        except ValueError:  # 29 February
            return self.today.replace(year=self.today.year - years, day=28)

    def text(self, template: str, kid: KidPlan, **extra) -> str:
        school = self.orgs[kid.school].name if kid.school else "de school"
        context = {
            "first": kid.first,
            "hij": "hij" if kid.boy else "zij",
            "Hij": "Hij" if kid.boy else "Zij",
            "zijn": "zijn" if kid.boy else "haar",
            "hem": "hem" if kid.boy else "haar",
            "school": school,
            "groep": min(8, max(1, kid.age - 4)),
            "klas": min(6, max(1, kid.age - 11)),
            "maanden": kid.months,
        }
        return template.format(**(context | extra))

    # --- organisations and users ------------------------------------------------------------
    def create_organisations(self):
        rows = [
            (key, name, OrganisationType.GEMEENTE, "", "", cbs, "", place)
            for key, name, cbs, place, _share in GEMEENTEN
        ]
        rows += [
            (key, name, OrganisationType.SCHOOL, school_type, brin, "", "", place)
            for key, name, school_type, brin, place in SCHOOLS
        ]
        rows += [
            (key, name, org_type, "", "", "", agb, place)
            for key, name, org_type, agb, place in OTHER_ORGANISATIONS
        ]
        # One region holds every demo organisation: the beleidsmedewerker sees its figures.
        region, _created = Region.objects.get_or_create(name=DEMO_REGION)
        for key, name, org_type, school_type, brin, cbs, agb, place in rows:
            organisation = Organisation(
                region=region,
                name=name,
                type=org_type,
                school_type=school_type,
                brin_code=brin,
                cbs_code=cbs,
                agb_code=agb,
                place=place,
            )
            organisation.full_clean()
            organisation.save()
            self.orgs[key] = organisation

    def create_users(self, ouder: tuple[str, str, str]):
        # One hash for the shared, publicly known demo password: hashing it anew for each of
        # twenty accounts would cost seconds (PBKDF2) and protect nothing.
        password = make_password(settings.OZA_DEMO_PASSWORD)
        rows = [row[:5] for row in ROLE_USERS] + EXTRA_USERS
        ouder_first, ouder_last, ouder_email = ouder
        rows.append((OUDER_USERNAME, ouder_first, ouder_last, Function.PORTAL, None))
        for username, first, last, function, org_key in rows:
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=ouder_email if username == OUDER_USERNAME else self.email(first, last),
                function=function,
                organisation=self.orgs[org_key] if org_key else None,
                phone="" if username == OUDER_USERNAME else f"072-{self.r(5000000, 5999999)}",
                password=password,
            )
            user.is_demo = True
            user.is_staff = function == Function.FUNCTIONEEL_BEHEERDER
            user.full_clean(exclude=["password"])
            user.save()
            self.users[username] = user
        beheerder = self.users["beheerder"]
        beheerder.user_permissions.set(functional_admin_permissions())

    # --- planning ---------------------------------------------------------------------------
    def new_kid(self, age: int) -> KidPlan:
        weights = [family[0] for family in texts.FAMILIES]
        family = self.rng.choices(range(len(texts.FAMILIES)), weights=weights)[0]
        _w, last_names, boys, girls, _mothers, _fathers = texts.FAMILIES[family]
        boy = self.rng.random() < 0.5
        while True:
            first = self.rng.choice(boys if boy else girls)
            last = self.rng.choice(last_names)
            if (first, last) not in self.used_names:
                self.used_names.add((first, last))
                break
        dob = self.years_ago(age) - timedelta(days=self.r(1, 364))
        return KidPlan(first=first, last=last, boy=boy, age=age, dob=dob, family=family)

    def plan_kids(self):
        ages = [5 + i % 15 for i in range(60)]
        self.rng.shuffle(ages)
        self.kids = [self.new_kid(age) for age in ages]
        free = list(self.kids)

        def pick(low, high):
            for kid in free:
                if low <= kid.age <= high:
                    free.remove(kid)
                    return kid
            raise AssertionError(f"no demo kid aged {low}-{high} left")

        ENROLLED = CompulsoryEducationStatus.ENROLLED
        HOME = CompulsoryEducationStatus.HOME
        EXEMPT = CompulsoryEducationStatus.EXEMPT
        specials = [
            # (age range, school, type, status, special, group_only)
            ((13, 15), "duinhoven_college", "VO", ENROLLED, "", "faalangst"),
            ((7, 9), "regenboog", "PO", ENROLLED, "", "concentratie"),
            ((12, 15), None, "VSO", EXEMPT, "", "zorgboerderij"),
            ((8, 11), None, "SO", EXEMPT, "", ""),
            ((14, 15), "zeeweg", "VO", HOME, "", ""),
            ((13, 16), None, "VO", HOME, "", ""),
            ((15, 17), None, "VSO", HOME, "", ""),
            ((9, 11), "duinroos", "PO", HOME, "", ""),
            ((8, 13), None, None, ENROLLED, "voogd", ""),
            ((6, 14), None, None, ENROLLED, "vader_zonder_gezag", ""),
        ]
        for (low, high), school, school_type, status, special, group_only in specials:
            kid = pick(low, high)
            kid.status, kid.special, kid.group_only = status, special, group_only
            if school_type:
                kid.school, kid.school_type = school, school_type
        for kid in self.kids:
            if not kid.school_type:
                kid.school_type = self.school_type_for(kid.age)
            if kid.school is None and kid.status == ENROLLED:
                kid.school = self.school_for(kid.school_type)
            kid.gemeente = self.rng.choices(
                [g[0] for g in GEMEENTEN], weights=[g[4] for g in GEMEENTEN]
            )[0]
            kid.bsn = self.bsn()
            kid.months = self.r(3, 9)
        for kid in self.rng.sample([k for k in self.kids if not k.special], 9):
            kid.household = "een_ouder"
        for kid in self.kids:
            kid.household = kid.special or kid.household
            kid.guardians = self.plan_guardians(kid)

    def school_type_for(self, age: int) -> str:
        roll = self.rng.random()
        if age <= 6:
            return "PO" if roll < 0.8 else "SO"
        if age <= 11:
            return "PO" if roll < 0.65 else "SBO" if roll < 0.85 else "SO"
        if age == 12:
            return "PO" if roll < 0.3 else "VO" if roll < 0.8 else "VSO"
        if age <= 17:
            return "VO" if roll < 0.72 else "VSO"
        return "VSO" if roll < 0.6 else "VO"

    def school_for(self, school_type: str) -> str:
        return self.rng.choice([key for key, _n, t, _b, _p in SCHOOLS if t == school_type])

    def plan_guardians(self, kid: KidPlan) -> list[dict]:
        _w, last_names, _boys, _girls, mothers, fathers = texts.FAMILIES[kid.family]
        if kid.household == "voogd":
            sluis = "Marieke Sluis"
            return [
                {
                    "name": f"{sluis} (Jeugdbescherming Kustregio)",
                    "relation": "voogd",
                    "has_authority": True,
                    "email": self.email("Marieke", "Sluis"),
                    "phone": "072-5550100",
                },
                {
                    "name": "Ingrid Veldman",
                    "relation": "pleegouder",
                    "has_authority": False,
                    "email": self.email("Ingrid", "Veldman"),
                    "phone": self.phone(),
                },
            ]
        mother_first = self.rng.choice(mothers)
        mother_last = kid.last if self.rng.random() < 0.55 else self.rng.choice(last_names)
        father_first = self.rng.choice(fathers)
        mother = {
            "name": f"{mother_first} {mother_last}",
            "relation": "moeder",
            "has_authority": True,
            "email": self.email(mother_first, mother_last),
            "phone": self.phone(),
        }
        father = {
            "name": f"{father_first} {kid.last}",
            "relation": "vader",
            "has_authority": True,
            "email": self.email(father_first, kid.last),
            "phone": self.phone(),
        }
        if kid.household == "vader_zonder_gezag":
            father["has_authority"] = False
            father["email"] = ""
            return [mother, father]
        if kid.household == "een_ouder":
            return [mother] if self.rng.random() < 0.75 else [father]
        return [mother, father] if self.rng.random() < 0.7 else [father, mother]

    def plan_scenarios(self):
        individuals = [kid for kid in self.kids if not kid.group_only]
        pool = list(SCENARIOS)
        self.rng.shuffle(pool)
        assert len(pool) == len(individuals), (len(pool), len(individuals))

        def constraint_rank(kid):
            if kid.status == CompulsoryEducationStatus.HOME:
                return 0
            return 1 if kid.age < 7 else 2

        for kid in sorted(individuals, key=constraint_rank):
            for scenario in pool:
                if kid.status == CompulsoryEducationStatus.HOME and (
                    scenario not in THUISZITTER_SCENARIOS
                ):
                    continue
                if kid.age < 7 and scenario in LONG_SCENARIOS:
                    continue
                kid.scenario = scenario
                pool.remove(scenario)
                break
            else:
                raise AssertionError(f"no scenario for {kid.name}")
            kid.profile = self.profile_for(kid)
        # The demo procesbegeleider leads about 80%, and at least one oza in every scenario.
        seen = set()
        for kid in individuals:
            kid.demo_pb = kid.scenario not in seen or self.rng.random() < 0.78
            seen.add(kid.scenario)
        # The demo zorgaanbieder (GGZ) joins a handful of teams once preparation starts.
        ggz = [
            kid
            for kid in individuals
            if texts.PROFILES[kid.profile]["provider"] == "ggz"
            and kid.scenario not in {"orientatie", "einde_verhuisd"}
        ]
        for kid in ggz[:DEMO_ZORGAANBIEDER_TEAMS]:
            kid.demo_za = True
        for kid in individuals:
            kid.schedule = self.schedule(kid.scenario)
            kid.t0 = kid.schedule["t0"]

    def profile_for(self, kid: KidPlan) -> str:
        if kid.special == "voogd":
            return "trauma_pleeg"
        if kid.status == CompulsoryEducationStatus.EXEMPT:
            return "vrijstelling_ernstig"
        if kid.status == CompulsoryEducationStatus.HOME:
            return "hoogbegaafd_thuiszitter" if kid.school_type in PO_TYPES else "angst_thuiszitter"
        special = {"trauma_pleeg", "vrijstelling_ernstig", "hoogbegaafd_thuiszitter"}
        options = [
            key
            for key, profile in texts.PROFILES.items()
            if key not in special
            and kid.school_type in profile["types"]
            and profile["ages"][0] <= kid.age <= profile["ages"][1]
        ]
        return self.rng.choice(options)

    def schedule(self, scenario: str) -> dict:
        """Days of the steps of one individual oza, and its planned start and end."""
        r, ago, ahead = self.r, self.ago, self.ahead
        steps: list[tuple[date, str, dict]] = []

        def preparation(prep: date, goals: str = "both"):
            steps.append((prep, "consent", {}))
            steps.append((prep, "prep", {}))
            steps.append((prep, "zorgaanbieder", {}))
            if goals != "none":
                steps.append(
                    (min(prep + timedelta(days=r(3, 10)), ago(1)), "goals", {"only": goals})
                )
            return prep - timedelta(days=r(5, 14))

        def execution(exec_day: date):
            steps.append((exec_day, "exec", {}))

        if scenario == "orientatie":
            t0 = ago(r(3, 25))
            start = ahead(r(14, 45))
            end = start + timedelta(days=r(150, 280))
            variant = self.rng.choice(["geen", "deels", "compleet"])
            if variant != "geen":
                steps.append((t0 + timedelta(days=r(1, 2)), "consent", {"partial": variant}))
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario == "voorbereiding":
            prep = ago(r(20, 50))
            goals = self.rng.choice(["both", "both", "onderwijs", "none"])
            t0 = preparation(prep, goals)
            start = ahead(r(3, 28))
            return {
                "t0": t0,
                "start": start,
                "end": start + timedelta(days=r(150, 300)),
                "steps": steps,
            }

        if scenario == "uitvoering":
            start = ago(r(20, 220))
            end = max(start + timedelta(days=r(180, 320)), ahead(r(20, 150)))
            t0 = preparation(start - timedelta(days=r(14, 35)))
            execution(start)
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario == "uitvoering_verlopen":
            end = ago(r(5, 45))
            start = end - timedelta(days=r(150, 260))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario == "voortzetten":
            start = ago(r(160, 260))
            end = max(start + timedelta(days=r(300, 360)), ahead(r(30, 120)))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            evaluation = start + timedelta(days=r(90, 120))
            steps.append((evaluation, "eval", {}))
            steps.append((evaluation + timedelta(days=r(7, 14)), "continue", {}))
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario in {"bijstellen_uitvoering", "bijstellen_voorbereiding"}:
            to_execution = scenario == "bijstellen_uitvoering"
            start = ago(r(200, 280)) if to_execution else ago(r(150, 200))
            end = max(start + timedelta(days=r(330, 365)), ahead(r(60, 150)))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            evaluation = start + timedelta(days=r(80, 110))
            steps.append((evaluation, "eval", {}))
            adjust = evaluation + timedelta(days=r(5, 12)) if to_execution else ago(r(5, 20))
            steps.append((adjust, "adjust", {}))
            steps.append((min(adjust + timedelta(days=r(2, 8)), ago(1)), "adjusted_goal", {}))
            if to_execution:
                steps.append((adjust + timedelta(days=r(14, 28)), "exec", {}))
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario == "evaluatie":
            start = ago(r(120, 300))
            end = max(start + timedelta(days=90), ahead(r(-10, 30)))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            steps.append((ago(r(2, 20)), "eval", {}))
            return {"t0": t0, "start": start, "end": end, "steps": steps}

        if scenario == "besluitvorming":
            start = ago(r(180, 320))
            evaluation = ago(r(25, 50))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            steps.append((evaluation, "eval", {}))
            steps.append((min(evaluation + timedelta(days=r(5, 20)), ago(1)), "conclude", {}))
            return {
                "t0": t0,
                "start": start,
                "end": evaluation + timedelta(days=r(0, 20)),
                "steps": steps,
            }

        if scenario == "afgesloten":
            closed = ago(r(10, 150))
            conclude = closed - timedelta(days=r(14, 35))
            evaluation = conclude - timedelta(days=r(5, 15))
            start = evaluation - timedelta(days=r(150, 240))
            t0 = preparation(start - timedelta(days=r(14, 30)))
            execution(start)
            if self.rng.random() < 0.35:
                first_evaluation = start + timedelta(days=r(80, 100))
                steps.append((first_evaluation, "eval", {}))
                steps.append((first_evaluation + timedelta(days=7), "continue", {}))
            steps.append((evaluation, "eval", {}))
            steps.append((conclude, "conclude", {}))
            steps.append((closed, "close", {}))
            return {
                "t0": t0,
                "start": start,
                "end": evaluation + timedelta(days=r(0, 14)),
                "steps": steps,
            }

        code = scenario.removeprefix("einde_")
        from_phase = texts.EARLY_ENDS[code][0]
        if from_phase == "orientatie":
            t0 = ago(r(40, 90))
            steps.append((t0 + timedelta(days=r(10, 25)), "end", {"code": code}))
            start = t0 + timedelta(days=r(30, 50))
            return {"t0": t0, "start": start, "end": start + timedelta(days=200), "steps": steps}
        if from_phase == "voorbereiding":
            prep = ago(r(70, 130))
            t0 = preparation(prep)
            steps.append((prep + timedelta(days=r(20, 40)), "end", {"code": code}))
            start = prep + timedelta(days=r(30, 45))
            return {"t0": t0, "start": start, "end": start + timedelta(days=240), "steps": steps}
        start = ago(r(150, 220)) if from_phase == "evaluatie" else ago(r(110, 220))
        t0 = preparation(start - timedelta(days=r(14, 30)))
        execution(start)
        if from_phase == "evaluatie":
            evaluation = start + timedelta(days=r(80, 100))
            steps.append((evaluation, "eval", {}))
            steps.append((evaluation + timedelta(days=r(5, 15)), "end", {"code": code}))
        elif code == "akkoord_ingetrokken":
            withdrawn = start + timedelta(days=r(20, 50))
            steps.append((withdrawn, "withdraw", {}))
            steps.append((withdrawn + timedelta(days=r(1, 5)), "end", {"code": code}))
        else:
            steps.append((start + timedelta(days=r(30, 70)), "end", {"code": code}))
        return {
            "t0": t0,
            "start": start,
            "end": start + timedelta(days=r(200, 300)),
            "steps": steps,
        }

    # --- writing through the services -------------------------------------------------------
    def register(self, kid: KidPlan, arrangement: Arrangement, functions, by) -> Arrangement:
        guardians = []
        for data in kid.guardians:
            guardian = Guardian(**{k: v for k, v in data.items() if k != "user"})
            guardian.user = data.get("user")
            guardians.append(guardian)
        kid.jeugdige = Jeugdige(
            first_name=kid.first,
            last_name=kid.last,
            date_of_birth=kid.dob,
            bsn=kid.bsn,
            gemeente=self.orgs[kid.gemeente],
            school=self.orgs[kid.school] if kid.school else None,
            school_type=kid.school_type,
            education_status=kid.status,
        )
        return services.jeugdige_register(
            by=by,
            jeugdige=kid.jeugdige,
            guardians=guardians,
            arrangement=arrangement,
            functions=functions,
            role=TeamRole.PROCESBEGELEIDER,
        )

    def add_team(self, arrangement: Arrangement, by, users):
        on_team = {m.user_id for m in arrangement.team_members.all()}
        for user in users:
            if user.pk in on_team:
                continue
            services.team_member_add(
                by=by,
                arrangement=arrangement,
                user=user,
                role=TEAM_ROLE_OF_FUNCTION[user.function],
            )
            on_team.add(user.pk)

    def record_consents(self, arrangement, kid: KidPlan, by, day: date, partial: str = ""):
        holders = list(consent_holders(kid.jeugdige, day))
        if partial == "deels":
            holders = holders[:-1]
        for guardian, _name in holders:
            services.consent_record(
                by=by,
                arrangement=arrangement,
                jeugdige=kid.jeugdige,
                guardian=guardian,
                given=True,
                note=(
                    f"Akkoord gegeven in het oriënterend MDO van {texts.dutch_date(day)}."
                    if guardian
                    else f"{kid.first} geeft zelf akkoord."
                ),
            )

    def evaluate_goals(self, arrangement, by) -> None:
        """Score every goal at an evaluation (doelrealisatie), from its own random stream."""
        scores, weights = zip(*GOAL_SCORES, strict=True)
        for goal in arrangement.goals.all():
            score = self.goal_rng.choices(scores, weights=weights)[0]
            services.goal_evaluate(
                goal=goal,
                by=by,
                score=score,
                evaluated_on=timezone.localdate(),
                remark=GOAL_REMARKS[score],
            )

    def destination(self, to: str) -> str:
        """A bestemming for closing or ending early, drawn from its own stream."""
        table = CLOSE_DESTINATIONS if to == "close" else EARLY_END_DESTINATIONS
        values, weights = zip(*table, strict=True)
        return self.destination_rng.choices(values, weights=weights)[0]

    def step(self, arrangement, to: str, by, reason: str, early_end_reason: str = ""):
        needs_destination = to in {"close", "end_early"} and not arrangement.is_group
        services.arrangement_transition(
            arrangement=arrangement,
            to=to,
            by=by,
            reason=reason,
            early_end_reason=early_end_reason,
            destination=self.destination(to) if needs_destination else "",
        )

    def goal(self, arrangement, by, domain: str, template: str, target: date, kid=None):
        description = (
            self.text(template, kid, datum=texts.dutch_date(target))
            if kid
            else template.format(datum=texts.dutch_date(target))
        )
        services.goal_save(
            by=by,
            goal=Goal(
                arrangement=arrangement, domain=domain, description=description, target_date=target
            ),
        )

    def procesbegeleider_for(self, kid: KidPlan) -> User:
        if kid.demo_pb:
            return self.users["procesbegeleider"]
        if kid.school:
            return self.users[SCHOOL_STAFF[kid.school]]
        if texts.PROFILES[kid.profile]["provider"] == "zorgboerderij":
            return self.users["g.dekker"]
        return self.users[JEUGDCONSULENT_OF[kid.gemeente]]

    def zorgaanbieder_for(self, kid: KidPlan) -> User:
        provider = texts.PROFILES[kid.profile]["provider"]
        if kid.demo_za:
            return self.users["zorgaanbieder"]
        return self.users["g.dekker" if provider == "zorgboerderij" else "l.hartman"]

    def core_team(self, kid: KidPlan) -> list[User]:
        team = []
        if kid.school:
            team.append(self.users[SCHOOL_STAFF[kid.school]])
        team.append(self.users["f.bakker" if kid.school_type in PO_TYPES else "onderwijsconsulent"])
        team.append(self.users[JEUGDCONSULENT_OF[kid.gemeente]])
        if kid.special == "voogd":
            team.append(self.users["m.sluis"])
        return team

    # --- MDO's ------------------------------------------------------------------------------
    def mdo_moment(self, day: date) -> datetime:
        """A meeting time on a working day: held ones in the afternoon, after the day's other
        steps; upcoming ones any time of the working day."""
        past = day <= self.today
        while day.weekday() >= 5:
            day += timedelta(days=-1 if past else 1)
        hours = [14, 15, 15, 16] if past else [9, 10, 11, 13, 14, 15, 16]
        when = time(self.mdo_rng.choice(hours), self.mdo_rng.choice([0, 30]))
        return timezone.make_aware(datetime.combine(day, when))

    def with_mdos(
        self, steps: list, *, t0: date, next_after_last: bool = True, progress_mdos: bool = True
    ) -> list:
        """``steps`` with the MDO's of the oza merged in.

        A start-MDO is planned a week or so ahead and held on the day preparation starts, after
        the akkoord and before the step (the route's guard asks for it). During uitvoering a
        voortgangs-MDO every eight to ten weeks, in the last PROGRESS_MDO_DAYS only; each
        evaluation outcome is decided in an evaluatie-MDO. Every MDO plans the next one when it
        closes; an active oza ends with an upcoming MDO in the next weeks unless
        ``next_after_last`` is false. Finished oza's keep only their start- and evaluatie-MDO's
        (``progress_mdos=False``). Both limits keep the load within seconds."""
        prep = next((day for day, action, _p in steps if action == "prep"), None)
        if prep is None:
            return list(steps)
        rng = self.mdo_rng
        held = [(prep, MeetingKind.START, "")]
        phase, progress_from, ended = Phase.PREPARATION, None, False

        def progress(since: date | None, until: date):
            if since is None or not progress_mdos:
                return
            day = since + timedelta(days=rng.randint(42, 56))
            while day <= until:
                if day >= self.ago(PROGRESS_MDO_DAYS):
                    held.append((day, MeetingKind.PROGRESS, ""))
                day += timedelta(days=rng.randint(56, 70))

        later = sorted(
            ((day, action) for day, action, _p in steps if action != "prep" and day >= prep),
            key=lambda step: step[0],
        )
        for day, action in later:
            if action == "exec":
                progress_from, phase = day, Phase.EXECUTION
            elif action == "eval":
                progress(progress_from, day - timedelta(days=10))
                progress_from, phase = None, Phase.EVALUATION
            elif action in {"continue", "adjust", "conclude"}:
                held.append((day, MeetingKind.EVALUATION, action))
                progress_from = day if action == "continue" else None
                phase = Phase.EXECUTION if action == "continue" else Phase.PREPARATION
                if action == "conclude":
                    ended = True
                    break
            elif action in {"end", "withdraw"}:
                if phase == Phase.EVALUATION:
                    held.append((day, MeetingKind.EVALUATION, "end"))
                else:
                    progress(progress_from, day - timedelta(days=7))
                ended = True
                break
        if not ended:
            progress(progress_from, self.ago(3))

        moments = [self.mdo_moment(day) for day, _kind, _outcome in held]
        upcoming = None
        if not ended and next_after_last:
            kind = MeetingKind.EVALUATION if phase == Phase.EVALUATION else MeetingKind.PROGRESS
            upcoming = (self.mdo_moment(self.ahead(rng.randint(3, 30))), kind)
        nexts = [
            (moment, kind) for moment, (_d, kind, _o) in zip(moments[1:], held[1:], strict=True)
        ]
        nexts.append(upcoming)

        merged = list(steps)
        for (day, kind, outcome), following in zip(held, nexts, strict=True):
            event = (day, "mdo_hold", {"kind": kind, "outcome": outcome, "following": following})
            if kind == MeetingKind.START:
                index = next(i for i, step in enumerate(merged) if step[1] == "prep")
            elif outcome:
                index = next(
                    i
                    for i, (d, action, _p) in enumerate(merged)
                    if d == day and action == ("end" if outcome == "end" else outcome)
                )
            else:
                index = next((i for i, step in enumerate(merged) if step[0] > day), len(merged))
            merged.insert(index, event)
        plan_day = max(t0 + timedelta(days=1), prep - timedelta(days=rng.randint(6, 12)))
        index = next((i for i, step in enumerate(merged) if step[0] > plan_day), len(merged))
        merged.insert(
            index, (plan_day, "mdo_plan", {"kind": MeetingKind.START, "moment": moments[0]})
        )
        return merged

    def planned_start_mdo(self, steps: list) -> list:
        """For a few oza's in oriëntatie: the start-MDO is planned right after the akkoord."""
        consent = next((i for i, step in enumerate(steps) if step[1] == "consent"), None)
        if consent is None or not self.planned_start_mdos:
            return list(steps)
        self.planned_start_mdos -= 1
        moment = self.mdo_moment(self.ahead(self.mdo_rng.randint(4, 20)))
        event = (steps[consent][0], "mdo_plan", {"kind": MeetingKind.START, "moment": moment})
        return [*steps[: consent + 1], event, *steps[consent + 1 :]]

    def mdo_location(self, kid: KidPlan | None, group: dict | None) -> str:
        if group is not None:
            return group["location"][:200]
        place = self.orgs[kid.gemeente].place
        templates = texts.MDO_LOCATIONS if kid.school else texts.MDO_LOCATIONS[2:]
        return self.text(self.mdo_rng.choice(templates), kid, plaats=place)

    def plan_mdo(self, arrangement, by, *, kind, moment, kid=None, group=None) -> Meeting:
        return mdo_services.meeting_plan(
            arrangement=arrangement,
            by=by,
            kind=kind,
            starts_at=moment,
            location=self.mdo_location(kid, group),
        )

    def mdo_owner(self, participants, who: str, chair):
        """The participant (present) who takes on an agreement of type ``who``."""
        school_ids = {self.orgs[key].pk for key, *_rest in SCHOOLS}
        present = [p for p in participants if p.attendance == Attendance.PRESENT]
        if who == "ouder":
            pool = [p for p in present if p.kind == ParticipantKind.PARENT]
        elif who == "jeugdige":
            pool = [p for p in present if p.kind == ParticipantKind.JEUGDIGE]
        elif who == "procesbegeleider":
            pool = [p for p in present if p.user_id == chair.pk]
        elif who == "school":
            pool = [p for p in present if p.user and p.user.organisation_id in school_ids]
        else:
            pool = [p for p in present if who in roles_of(p)]
        return pool[0] if pool else None

    def review_agreements(self, meeting, by, day: date) -> str:
        """Go through the open agreements of earlier MDO's that were due; return the notes."""
        rng = self.mdo_rng
        due = [
            agreement
            for agreement in mdo_selectors.open_agreements_from_earlier_meetings(meeting)
            if agreement.due_date <= day
        ]
        done = 0
        for agreement in due:
            roll = rng.random()
            if roll < 0.8:
                status, follow_up = AgreementStatus.DONE, rng.choice(texts.MDO_FOLLOW_UP["gedaan"])
                done += 1
            elif roll < 0.88:
                status = AgreementStatus.MISSED
                follow_up = rng.choice(texts.MDO_FOLLOW_UP["niet_gehaald"])
            else:
                continue  # still open: it comes back next time
            mdo_services.agreement_update(
                agreement=agreement, by=by, status=status, follow_up=follow_up
            )
        if not due:
            return texts.MDO_AGREEMENTS_REVIEW["none"]
        if done == len(due):
            return texts.MDO_AGREEMENTS_REVIEW["one" if done == 1 else "all"].format(aantal=done)
        return texts.MDO_AGREEMENTS_REVIEW["some"].format(aantal=len(due), gedaan=done)

    def hold_mdo(
        self, meeting, timeline: Timeline, *, kind, outcome="", following=None, kid=None, group=None
    ) -> Meeting | None:
        """Hold ``meeting`` through the services: open, attendance, notes, agreements, close,
        planning the ``following`` one ((moment, kind) or None). Returns that next MDO."""
        rng = self.mdo_rng
        chair = meeting.chair
        day = timezone.localdate(meeting.starts_at)
        timeline.at(meeting.starts_at)
        mdo_services.meeting_open(meeting=meeting, by=chair)
        participants = list(meeting.participants.select_related("user", "jeugdige"))
        parents = [p for p in participants if p.kind == ParticipantKind.PARENT]
        required = {TeamRole.ONDERWIJSCONSULENT, TeamRole.JEUGDCONSULENT}
        for participant in participants:
            if participant.user_id == chair.pk or (
                kind == MeetingKind.START and roles_of(participant) & required
            ):
                present = True
            elif participant.kind == ParticipantKind.PARENT:
                present = participant is parents[0] or rng.random() < (0.5 if group else 0.75)
            elif participant.kind == ParticipantKind.JEUGDIGE:
                present = rng.random() < (0.9 if participant.jeugdige.age(day) >= 16 else 0.6)
            else:
                present = rng.random() < 0.85
            if present:  # the chair ticks who is there ("Vink aan wie er aanwezig waren")
                mdo_services.attendance_set(
                    participant=participant, by=chair, attendance=Attendance.PRESENT
                )

        timeline.at(meeting.starts_at + timedelta(minutes=10))
        review = "" if kind == MeetingKind.START else self.review_agreements(meeting, chair, day)
        if group is not None:
            decision = texts.GROUP_MDO_DECISIONS[kind]
        elif kind == MeetingKind.EVALUATION:
            decision = self.text(texts.MDO_DECISIONS[kind][outcome], kid)
        else:
            decision = self.text(rng.choice(texts.MDO_DECISIONS[kind]), kid)
        context = {
            "volgend": texts.dutch_date(timezone.localdate(following[0])) if following else "",
            "afspraken": review,
            "besluit": decision,
        }
        items = list(meeting.agenda_items.all())
        regular = [item for item in items if item.kind == AgendaItemKind.REGULAR]
        table = texts.GROUP_MDO_NOTES[kind] if group is not None else texts.MDO_NOTES[kind]
        for position, item in enumerate(regular):
            if position >= len(table):
                break
            if position in (0, 3) and kind != MeetingKind.EVALUATION and rng.random() < 0.6:
                continue  # not every item gets notes: the agreements speak for themselves
            options = [table[position]] if group is not None else table[position]
            template, shared = rng.choice(options)
            if position == len(regular) - 1:  # "Volgend MDO"
                if following is not None:
                    template = options[0][0]
                elif kind == MeetingKind.EVALUATION and outcome:
                    template = texts.MDO_NOTES["evaluatie"][-1][1][0]
                else:
                    template = texts.MDO_NO_NEXT
            notes = self.text(template, kid, **context) if kid else template.format(**context)
            timeline.at(timeline.last + timedelta(minutes=rng.randint(4, 9)))
            mdo_services.notes_save(
                item=item, by=chair, notes=notes, expected_version=0, shared_with_family=shared
            )
        for item in items:
            if item.kind == AgendaItemKind.LEGAL_FRAMEWORK:
                mdo_services.notes_save(
                    item=item,
                    by=chair,
                    notes=self.text(texts.MDO_LEGAL_FRAMEWORK_NOTES, kid),
                    expected_version=0,
                    shared_with_family=False,
                )

        options = (texts.GROUP_MDO_AGREEMENTS if group is not None else texts.MDO_AGREEMENTS)[kind]
        wanted = rng.randint(1, min(3, len(options)))
        made = 0
        for who, what, measure, days in rng.sample(options, len(options)):
            owner = self.mdo_owner(participants, who, chair)
            if owner is None:
                continue
            mdo_services.agreement_add(
                meeting=meeting,
                by=chair,
                description=self.text(what, kid) if kid else what,
                owner=owner,
                due_date=day + timedelta(days=days + rng.randint(-3, 7)),
                measure=measure,
                shared_with_family=rng.random() < 0.85,
            )
            made += 1
            if made == wanted:
                break

        timeline.at(meeting.starts_at + timedelta(minutes=meeting.duration_minutes))
        closed = mdo_services.meeting_close(
            meeting=meeting,
            by=chair,
            decision=decision,
            next_starts_at=following[0] if following else None,
            next_kind=following[1] if following else MeetingKind.PROGRESS,
        )
        return closed.next_meeting

    def settle_agreements(self, arrangement, by, status: str):
        """When an oza concludes or ends, its open agreements are done or lapse."""
        follow_up = texts.MDO_FOLLOW_UP[
            "afgerond" if status == AgreementStatus.DONE else "vervallen"
        ]
        for agreement in arrangement.agreements.filter(status=AgreementStatus.OPEN):
            mdo_services.agreement_update(
                agreement=agreement, by=by, status=status, follow_up=follow_up
            )

    def follow_up_agreements(self, arrangement, by, timeline: Timeline):
        """Between MDO's most agreements that fell due are marked done; some stay overdue."""
        overdue = arrangement.agreements.filter(
            status=AgreementStatus.OPEN, due_date__lt=self.ago(2)
        ).order_by("due_date", "pk")
        for agreement in overdue:
            if self.mdo_rng.random() < 0.6:
                timeline.at(timezone.make_aware(datetime.combine(agreement.due_date, time(16, 30))))
                mdo_services.agreement_update(
                    agreement=agreement,
                    by=by,
                    status=AgreementStatus.DONE,
                    follow_up=self.mdo_rng.choice(texts.MDO_FOLLOW_UP["gedaan"]),
                )

    def mdo_step(
        self, day, action, params, arrangement, by, timeline, state, *, kid=None, group=None
    ):
        """Run an MDO event of a schedule; ``state`` holds the oza's upcoming MDO."""
        if action == "mdo_plan":
            timeline.go(day)
            if kid is not None and any(a == "zorgaanbieder" for _d, a, _p in kid.schedule["steps"]):
                # The care provider joins the team now, to be invited to the start-MDO.
                self.add_team(arrangement, by, [self.zorgaanbieder_for(kid)])
            state["meeting"] = self.plan_mdo(
                arrangement, by, kind=params["kind"], moment=params["moment"], kid=kid, group=group
            )
        else:
            state["meeting"] = self.hold_mdo(
                state["meeting"], timeline, **params, kid=kid, group=group
            )

    # --- funding ----------------------------------------------------------------------------
    def fr(self, low: int, high: int) -> int:
        return self.funding_rng.randint(low, high)

    @staticmethod
    def insert_by_day(steps: list, event: tuple) -> None:
        """Insert ``event`` after every step on or before its day, keeping the others' order."""
        index = next((i for i, step in enumerate(steps) if step[0] > event[0]), len(steps))
        steps.insert(index, event)

    def swv_line(self, kid: KidPlan, start: date, end: date) -> FundingPlan:
        """The education side, from the SWV: a TLV for a (V)SO pupil (to the (V)SO school, for
        whole school years), a trajectvoorziening for a VO thuiszitter without a school, or else
        an IBP/arrangement paid to the jeugdige's school; requested by the school."""
        swv = self.orgs["swv_po" if kid.school_type in PO_TYPES else "swv_vo"]
        requester = (
            self.users[SCHOOL_STAFF[kid.school]] if kid.school else self.procesbegeleider_for(kid)
        )
        if kid.school_type in {"SO", "VSO"}:
            category = (
                TLVCategory.HIGH
                if kid.profile == "vrijstelling_ernstig"
                else self.funding_rng.choice([TLVCategory.LOW, TLVCategory.MIDDLE] * 2)
            )
            school = kid.school or ("kompasroos" if kid.school_type == "SO" else "meerpaal")
            school_year_end = date(end.year, 7, 31)
            if school_year_end < end:
                school_year_end = date(end.year + 1, 7, 31)
            return FundingPlan(
                kind=FundingKind.TLV,
                financier=swv,
                partner=self.orgs[school],
                start=start - timedelta(days=self.fr(0, 45)),
                end=school_year_end,
                amount=Decimal(texts.TLV_PER_MONTH[category]),
                unit=AmountUnit.PER_MONTH,
                requested_by=requester,
                tlv_category=category,
            )
        if kid.school is None:
            kind, school = FundingKind.TBV, "zeeweg" if kid.school_type == "VO" else "vuurtoren"
        else:
            kind, school = FundingKind.IBP, kid.school
        low, high = texts.BUDGET_HUNDREDS[kind]
        return FundingPlan(
            kind=kind,
            financier=swv,
            partner=self.orgs[school],
            start=start,
            end=end,
            amount=Decimal(f"{self.fr(low, high) * 100}.00"),
            unit=AmountUnit.TOTAL,
            requested_by=requester,
        )

    def care_line(self, kid: KidPlan, start: date, end: date, kind: str = "") -> FundingPlan:
        """The care side, from the woongemeente to the jeugdhulpaanbieder on the team, requested
        by the jeugd- en gezinscoach: dagbesteding at the zorgboerderij, otherwise jeugdhulp in
        natura (or, with ``kind``, a PGB)."""
        gemeente = self.orgs[kid.gemeente]
        provider = self.zorgaanbieder_for(kid).organisation
        coach = self.users[JEUGDCONSULENT_OF[kid.gemeente]]
        if texts.PROFILES[kid.profile]["provider"] == "zorgboerderij":
            amount = self.funding_rng.choice(texts.DAY_CARE_PER_DAYPART)
            return FundingPlan(
                FundingKind.DAY_CARE,
                gemeente,
                provider,
                start,
                end,
                Decimal(amount),
                AmountUnit.PER_DAYPART,
                coach,
            )
        kind = kind or FundingKind.YOUTH_CARE
        low, high = texts.PER_MONTH_HUNDREDS[kind]
        amount = f"{self.fr(low, high) * 100 + self.funding_rng.choice([0, 0, 50])}.00"
        return FundingPlan(
            kind, gemeente, provider, start, end, Decimal(amount), AmountUnit.PER_MONTH, coach
        )

    def request_and_decide(
        self, plans: list[FundingPlan], after: date, before: date, decision: str = "grant"
    ) -> list[tuple]:
        """Events requesting ``plans`` in the weeks after ``after`` and (unless ``decision`` is
        empty) deciding on them in the days before ``before``, all strictly between the two."""
        span = (before - after).days
        split = span - min(self.fr(3, 7), span // 2)
        days = sorted(self.funding_rng.sample(range(1, split), len(plans)))
        events = [
            (after + timedelta(days=d), "fund_request", {"plan": plan})
            for d, plan in zip(days, plans, strict=True)
        ]
        if decision:
            days = sorted(self.funding_rng.sample(range(split, span), len(plans)))
            events += [
                (after + timedelta(days=d), "fund_decide", {"plan": plan, "decision": decision})
                for d, plan in zip(days, plans, strict=True)
            ]
        return events

    def plan_funding(self):
        """Funding events in the schedule of every individual oza past oriëntatie: granted
        before its first start of uitvoering, with the variety of the checklist (see the
        module's docstring). Needs the organisations and users."""
        individuals = [kid for kid in self.kids if not kid.group_only]
        starting = [
            kid for kid in individuals if any(a == "exec" for _d, a, _p in kid.schedule["steps"])
        ]
        # The demo procesbegeleider's oza's get the variants, longest-running first.
        running = sorted(
            (
                kid
                for kid in starting
                if kid.demo_pb
                and kid.scenario in {"uitvoering", "voortzetten", "evaluatie"}
                and kid.schedule["end"] >= self.ahead(80)
            ),
            key=lambda kid: (kid.scenario != "uitvoering", -kid.schedule["end"].toordinal()),
        )
        gap = next(kid for kid in running if kid.scenario == "uitvoering")
        running.remove(gap)
        expiring = running[:EXPIRING_BESCHIKKINGEN]
        refused = next(
            kid
            for kid in starting
            if kid.demo_pb
            and kid.scenario == "uitvoering"
            and kid not in expiring
            and kid is not gap
            and texts.PROFILES[kid.profile]["provider"] != "zorgboerderij"
        )
        for kid in starting:
            self.plan_funding_of_started(
                kid,
                gap=kid is gap,
                expiring=expiring.index(kid) + 1 if kid in expiring else 0,
                refused=kid is refused,
            )
        preparing = sorted(
            (kid for kid in individuals if kid.scenario == "voorbereiding"),
            key=lambda kid: not kid.demo_pb,
        )
        for kid, variant in zip(preparing, PREPARATION_FUNDING, strict=False):
            self.plan_funding_in_preparation(kid, variant)

    def plan_funding_of_started(self, kid: KidPlan, *, gap: bool, expiring: int, refused: bool):
        plan = kid.schedule
        steps = plan["steps"]
        start, end = plan["start"], plan["end"]
        prep = next(d for d, a, _p in steps if a == "prep")
        first_exec = next(d for d, a, _p in steps if a == "exec")
        swv = self.swv_line(kid, start, end)
        pgb = not refused and self.funding_rng.random() < PGB_SHARE
        care = self.care_line(kid, start, end, FundingKind.PGB_YOUTH_ACT if pgb else "")
        if gap:  # both lines end soon, and nothing covers the rest of the planned period
            swv.end = care.end = self.ahead(self.fr(21, 35))
        elif expiring:
            care.end = self.ahead(self.fr(10, 50))
        events = []
        if refused:  # the parents asked for a PGB; the gemeente offers zorg in natura instead
            asked = self.care_line(kid, start, end, FundingKind.PGB_YOUTH_ACT)
            refused_on = prep + timedelta(days=self.fr(3, 5))
            events += [
                (prep + timedelta(days=1), "fund_request", {"plan": asked}),
                (refused_on, "fund_decide", {"plan": asked, "decision": "refuse"}),
            ]
            prep = refused_on
        events += self.request_and_decide([swv, care], prep, first_exec)
        if expiring == 1:  # the verlenging is requested
            extension = self.care_line(kid, care.end + timedelta(days=1), end)
            events.append((self.ago(self.fr(2, 9)), "fund_request", {"plan": extension}))
        adjusted = next((d for d, a, _p in steps if a == "adjust"), None)
        if adjusted and kid.scenario == "bijstellen_uitvoering":
            # Bijstellen: the beschikking is ended and a new one granted for the adjusted care.
            again = next(d for d, a, _p in steps if a == "exec" and d > adjusted)
            new_care = self.care_line(kid, again, end)
            events += [
                (adjusted + timedelta(days=1), "fund_decide", {"plan": care, "decision": "end"}),
                *self.request_and_decide([new_care], adjusted + timedelta(days=1), again),
            ]
        ended = next((d for d, a, _p in steps if a == "end"), None)
        if ended:  # uitval: the financiers end their lines
            for line in (swv, care):
                day = min(ended + timedelta(days=self.fr(1, 10)), self.ago(1))
                events.append((day, "fund_decide", {"plan": line, "decision": "end"}))
        for event in events:
            self.insert_by_day(steps, event)

    def plan_funding_in_preparation(self, kid: KidPlan, variant: str):
        plan = kid.schedule
        steps = plan["steps"]
        prep = next(d for d, a, _p in steps if a == "prep")
        swv = self.swv_line(kid, plan["start"], plan["end"])
        care = self.care_line(kid, plan["start"], plan["end"])
        if variant == "pending":
            events = self.request_and_decide([swv, care], prep, self.today, decision="")
        elif variant == "granted":
            events = self.request_and_decide([swv, care], prep, self.today)
        elif variant == "mixed":
            events = self.request_and_decide([swv], prep, self.today)
            events += self.request_and_decide([care], prep, self.today, decision="")
        else:
            events = []
        for event in events:
            self.insert_by_day(steps, event)

    def group_funding(
        self, key: str, requested: date, decided: date, start, end, pending=(), ends=None, **by
    ) -> list[tuple]:
        """The group's lines (texts.GROUP_FUNDING) as events, requested and decided a day
        apart; the kinds in ``pending`` stay undecided, ``ends`` maps a kind to an earlier end.
        ``by`` maps a kind to who requests it."""
        events = []
        for kind, financier, partner, amount, unit in texts.GROUP_FUNDING[key]:
            plan = FundingPlan(
                kind=kind,
                financier=self.orgs[financier],
                partner=self.orgs[partner],
                start=start,
                end=(ends or {}).get(kind, end),
                amount=Decimal(amount),
                unit=unit,
                requested_by=self.users[by[kind]],
            )
            events.append((requested, "fund_request", {"plan": plan}))
            if kind not in pending:
                events.append((decided, "fund_decide", {"plan": plan, "decision": "grant"}))
            requested += timedelta(days=1)
            decided += timedelta(days=1)
        return events

    def reference(self, plan: FundingPlan, day: date) -> str:
        """A decision reference in the style of the financier."""
        number = next(self.references)
        if plan.financier.type == OrganisationType.GEMEENTE:
            return f"BS-{day.year}-{number:05d}"
        if plan.kind == FundingKind.TLV:
            level = "PO" if plan.financier == self.orgs["swv_po"] else "VO"
            return f"TLV-{level}-{day.year}-{number:04d}"
        return f"ARR-{day.year}-{number:04d}"

    def funding_moment(self, day: date) -> datetime:
        while day.weekday() >= 5:
            day -= timedelta(days=1)
        when = time(self.fr(9, 16), self.funding_rng.choice([0, 10, 20, 30, 40, 50]))
        return timezone.make_aware(datetime.combine(day, when))

    def funding_step(self, day: date, action: str, params: dict, arrangement, by, timeline):
        """Request a planned line (by whoever asks the financier) or record the financier's
        decision (by the procesbegeleider), on its day."""
        timeline.at(self.funding_moment(day))
        day = timeline.day
        plan: FundingPlan = params["plan"]
        if action == "fund_request":
            plan.line = funding_services.funding_line_save(
                by=plan.requested_by,
                line=FundingLine(
                    arrangement=arrangement,
                    kind=plan.kind,
                    tlv_category=plan.tlv_category,
                    financier=plan.financier,
                    partner=plan.partner,
                    amount=plan.amount,
                    unit=plan.unit,
                    start_date=plan.start,
                    end_date=plan.end,
                    requested_by=plan.requested_by,
                    requested_on=day,
                ),
            )
        elif action == "fund_decide":
            decision = params["decision"]
            funding_services.funding_line_decide(
                by=by,
                line=plan.line,
                decision=decision,
                decided_on=day,
                decision_reference="" if decision == "end" else self.reference(plan, day),
            )
        else:  # pragma: no cover
            raise AssertionError(action)

    def run_individual(self, kid: KidPlan):
        profile = texts.PROFILES[kid.profile]
        plan = kid.schedule
        pb = self.procesbegeleider_for(kid)
        timeline = Timeline(self.clock, self.rng)
        timeline.go(plan["t0"])
        arrangement = Arrangement(
            kind=ArrangementKind.INDIVIDUAL,
            setting=profile["setting"],
            location=self.text(profile["location"], kid)[:200],
            planned_start=plan["start"],
            planned_end=plan["end"],
            support_questions=self.text(profile["questions"], kid),
            protective_factors="\n".join(
                self.text(t, kid) for t in self.rng.sample(profile["protective"], 3)
            ),
            hindering_factors="\n".join(
                self.text(t, kid) for t in self.rng.sample(profile["hindering"], 3)
            ),
        )
        kid.arrangement = self.register(kid, arrangement, profile["functions"], pb)
        timeline.go(plan["t0"])
        self.add_team(arrangement, pb, self.core_team(kid))
        start, end = plan["start"], plan["end"]
        steps = plan["steps"]
        if kid.scenario == "orientatie":
            steps = self.planned_start_mdo(steps)
        else:
            stalls = kid.scenario == "uitvoering_verlopen" and self.without_next_mdo > 0
            self.without_next_mdo -= stalls
            steps = self.with_mdos(
                steps,
                t0=plan["t0"],
                next_after_last=not stalls,
                progress_mdos=kid.scenario in THUISZITTER_SCENARIOS | {"voortzetten"},
            )
        mdo_state = {}
        for day, action, params in steps:
            if action.startswith("mdo_"):
                self.mdo_step(day, action, params, arrangement, pb, timeline, mdo_state, kid=kid)
                continue
            if action.startswith("fund_"):
                self.funding_step(day, action, params, arrangement, pb, timeline)
                continue
            timeline.go(day)
            day = timeline.day
            if action == "consent":
                self.record_consents(arrangement, kid, pb, day, params.get("partial", ""))
            elif action == "prep":
                reason = self.rng.choice(texts.PREPARATION_REASONS)
                self.step(
                    arrangement, "start_preparation", pb, reason.format(datum=texts.dutch_date(day))
                )
            elif action == "zorgaanbieder":
                self.add_team(arrangement, pb, [self.zorgaanbieder_for(kid)])
            elif action == "goals":
                span = (end - start).days
                education = start + timedelta(days=int(span * 0.45))
                care = start + timedelta(days=int(span * 0.7))
                self.goal(
                    arrangement,
                    pb,
                    "onderwijs",
                    self.rng.choice(profile["education"]),
                    education,
                    kid,
                )
                if params["only"] == "both":
                    self.goal(arrangement, pb, "zorg", self.rng.choice(profile["care"]), care, kid)
            elif action == "exec":
                self.missing_consents(arrangement, pb, day)
                reason = self.rng.choice(texts.EXECUTION_REASONS)
                self.step(
                    arrangement,
                    "start_execution",
                    pb,
                    reason.format(datum=texts.dutch_date(max(start, day))),
                )
            elif action == "eval":
                weeks = max(1, (day - start).days // 7)
                reason = self.text(self.rng.choice(texts.EVALUATION_REASONS), kid, weken=weeks)
                self.step(arrangement, "start_evaluation", pb, reason)
                self.evaluate_goals(arrangement, pb)
            elif action in {"continue", "adjust", "conclude", "close"}:
                if action == "conclude":
                    self.settle_agreements(arrangement, pb, AgreementStatus.DONE)
                name, reasons = {
                    "continue": ("continue_execution", texts.CONTINUE_REASONS),
                    "adjust": ("adjust", texts.ADJUST_REASONS),
                    "conclude": ("conclude", texts.CONCLUDE_REASONS),
                    "close": ("close", texts.CLOSE_REASONS),
                }[action]
                self.step(arrangement, name, pb, self.text(self.rng.choice(reasons), kid))
            elif action == "adjusted_goal":
                domain = self.rng.choice(["onderwijs", "zorg"])
                target = max(day, start) + timedelta(days=self.r(60, 100))
                self.goal(arrangement, pb, domain, texts.ADJUSTED_GOALS[domain], target, kid)
            elif action == "withdraw":
                guardian = next(g for g, _n in consent_holders(kid.jeugdige, day))
                services.consent_record(
                    by=pb,
                    arrangement=arrangement,
                    jeugdige=kid.jeugdige,
                    guardian=guardian,
                    given=False,
                    note="Akkoord ingetrokken per e-mail aan de procesbegeleider.",
                )
            elif action == "end":
                code = params["code"]
                template = texts.EARLY_ENDS[code][1]
                if code == "akkoord_ingetrokken" and kid.jeugdige.age(day) >= 16:
                    template = texts.CONSENT_WITHDRAWN_BY_JEUGDIGE
                reason = self.text(template, kid)
                self.settle_agreements(arrangement, pb, AgreementStatus.MISSED)
                self.step(arrangement, "end_early", pb, reason, early_end_reason=code)
            else:  # pragma: no cover - a typo in a schedule
                raise AssertionError(action)
        if arrangement.phase in {Phase.PREPARATION, Phase.EXECUTION, Phase.EVALUATION}:
            self.follow_up_agreements(arrangement, pb, timeline)

    # --- group oza's ------------------------------------------------------------------------
    def run_proposal(
        self, key: str, *, written: date, stage: str, every: int, deferred_at: str = ""
    ) -> GroupProposal:
        """The proposal (texts.GROUP_PROPOSALS) written by the beleidsmedewerker on ``written``
        and taken through the decision route, a forum every ``every`` days, until it stands at
        ``stage``; the forum ``deferred_at`` first defers it once."""
        spec = texts.GROUP_PROPOSALS[key]
        policy = self.users["beleidsmedewerker"]
        timeline = Timeline(self.clock, self.rng)
        timeline.go(written)
        sections = {name: text for name, text in spec.items() if name != "title"}
        proposal = proposals.proposal_save(
            by=policy,
            proposal=GroupProposal(),
            title=spec["title"],
            sections=sections,
            business_case_kind=BusinessCaseKind.BUSINESS_CASE,
            business_case=texts.business_case_texts(spec) if all(sections.values()) else {},
        )
        if stage == ProposalStage.DRAFT:
            return proposal
        day = written + timedelta(days=every)
        timeline.go(day)
        proposals.proposal_submit(by=policy, proposal=proposal)
        while proposal.stage != stage:
            day += timedelta(days=every)
            timeline.go(day)
            forum = proposal.stage
            if forum == deferred_at and not proposal.steps.filter(forum=forum).exists():
                outcome = ProposalOutcome.DEFERRED
            elif forum == ProposalStage.POLICY_MEETING:
                outcome = ProposalOutcome.INFORMED
            else:
                outcome = ProposalOutcome.AGREED
            proposals.proposal_record_step(
                by=policy,
                proposal=proposal,
                outcome=outcome,
                held_on=timeline.day,
                minutes_reference=f"{forum.upper()}-{timeline.day:%Y}-{self.r(10, 99)}",
                note=texts.PROPOSAL_STEP_NOTES.get(outcome, ""),
            )
            proposal.refresh_from_db()
        return proposal

    def run_group(
        self,
        key: str,
        *,
        proposal: GroupProposal,
        pb: str,
        team: list[str],
        t0: date,
        start: date,
        end: date,
        steps: list,
        members: int,
        fits,
    ):
        spec = texts.GROUPS[key]
        by = self.users[pb]
        first = next(kid for kid in self.kids if kid.group_only == key)
        first.t0 = t0
        timeline = Timeline(self.clock, self.rng)
        timeline.go(t0)
        arrangement = Arrangement(
            kind=ArrangementKind.GROUP,
            name=spec["name"],
            capacity=spec["capacity"],
            setting=spec["setting"],
            location=spec["location"],
            planned_start=start,
            planned_end=end,
            support_questions=spec["questions"],
            protective_factors=spec["protective"],
            hindering_factors=spec["hindering"],
            group_proposal=proposal,
        )
        self.register(first, arrangement, spec["functions"], by)
        first.arrangement = arrangement
        timeline.go(t0)
        self.add_team(arrangement, by, [self.users[u] for u in team])

        # Who joins, and when: after their own aanmelding, while there is room.
        candidates = [
            kid
            for kid in self.kids
            if kid.jeugdige is not None
            and not kid.group_only
            and kid.scenario not in GROUP_MEMBER_EXCLUDED
            and fits(kid)
        ]
        self.rng.shuffle(candidates)
        candidates.sort(key=lambda kid: kid.scenario != "einde_ander_aanbod")
        events = self.with_mdos(steps, t0=t0)
        events.append((t0 + timedelta(days=1), "consent", {"kid": first}))
        joined = 0
        for kid in candidates:
            if joined >= members:
                break
            join = max(t0 + timedelta(days=3), kid.t0 + timedelta(days=self.r(7, 20)))
            if kid.scenario == "einde_ander_aanbod":
                ended = next(d for d, a, _p in kid.schedule["steps"] if a == "end")
                join = max(join, ended + timedelta(days=3))
            if join > self.ago(7):
                continue
            events.append((join, "join", {"kid": kid}))
            joined += 1
        events.sort(key=lambda event: event[0])

        participations = {}
        mdo_state = {}
        for day, action, params in events:
            if action.startswith("mdo_"):
                self.mdo_step(day, action, params, arrangement, by, timeline, mdo_state, group=spec)
                continue
            if action.startswith("fund_"):
                self.funding_step(day, action, params, arrangement, by, timeline)
                continue
            timeline.go(day)
            day = timeline.day
            if action == "join":
                kid = params["kid"]
                participations[kid.name] = services.participation_add(
                    by=by, arrangement=arrangement, jeugdige=kid.jeugdige, joined_on=max(start, day)
                )
                self.record_consents(arrangement, kid, by, day)
            elif action == "consent":
                self.record_consents(arrangement, params["kid"], by, day)
            elif action == "prep":
                self.missing_consents(arrangement, by, day)
                self.step(
                    arrangement,
                    "start_preparation",
                    by,
                    "Voorstel groepsarrangement (Bijlage 2) besproken in het beleidsoverleg; "
                    "akkoord van ouders en deelnemers vastgelegd.",
                )
            elif action == "goals":
                for domain, template in spec["goals"]:
                    target = start + timedelta(days=self.r(90, 150))
                    self.goal(arrangement, by, domain, template, target)
            elif action == "exec":
                self.missing_consents(arrangement, by, day)
                self.step(
                    arrangement,
                    "start_execution",
                    by,
                    f"De groep start op {texts.dutch_date(start)} met "
                    f"{len(arrangement.current_participations(day))} deelnemers.",
                )
            elif action == "eval":
                self.step(
                    arrangement,
                    "start_evaluation",
                    by,
                    "Evaluatie van de groep met "
                    "deelnemers, ouders en partners; monitorgegevens besproken.",
                )
            elif action == "continue":
                self.step(
                    arrangement,
                    "continue_execution",
                    by,
                    "De meeste deelnemers laten "
                    "vooruitgang zien; twee zijn teruggekeerd in de eigen groep. "
                    "Voortzetten met nieuwe instroom.",
                )
            elif action == "leave":
                current = [p for p in participations.values() if p.joined_on <= day]
                if current:
                    leaving = min(current, key=lambda p: p.joined_on)
                    services.participation_end(
                        by=by,
                        participation=leaving,
                        left_on=day,
                        destination=self.destination("close"),
                    )
            else:  # pragma: no cover
                raise AssertionError(action)
        self.follow_up_agreements(arrangement, by, timeline)
        return arrangement

    def missing_consents(self, arrangement, by, day):
        """Record the akkoord of whoever must still agree (e.g. a member who just turned 12)."""
        latest = {}
        for record in arrangement.consents.order_by("recorded_at", "pk"):
            latest[(record.jeugdige_id, record.guardian_id)] = record.given
        for participation in arrangement.current_participations(day):
            jeugdige = participation.jeugdige
            for guardian, _name in consent_holders(jeugdige, day):
                if not latest.get((jeugdige.pk, guardian.pk if guardian else None)):
                    services.consent_record(
                        by=by,
                        arrangement=arrangement,
                        jeugdige=jeugdige,
                        guardian=guardian,
                        given=True,
                        note="Akkoord bevestigd in het MDO van de groep.",
                    )

    def run_groups(self):
        ago, ahead = self.ago, self.ahead
        is_vo = {"VO", "VSO"}
        enrolled = CompulsoryEducationStatus.ENROLLED
        decided = ProposalStage.DECIDED
        self.run_group(
            "faalangst",
            proposal=self.run_proposal(
                "faalangst",
                written=ago(260),
                stage=decided,
                every=21,
                deferred_at=ProposalStage.DIRECTORS,
            ),
            pb="procesbegeleider",
            team=["onderwijsconsulent", "zorgaanbieder", "r.benali", "jeugdconsulent"],
            t0=ago(125),
            start=ago(84),
            end=ahead(100),
            steps=[
                (ago(110), "prep", {}),
                (ago(100), "goals", {}),
                *self.group_funding(
                    "faalangst",
                    ago(104),
                    ago(91),
                    ago(84),
                    ahead(100),
                    # The first beschikking runs out before the group does.
                    ends={FundingKind.YOUTH_CARE: ahead(self.fr(20, 40))},
                    fictieve_tlv="r.benali",
                    jeugdhulp_zin="jeugdconsulent",
                ),
                (ago(84), "exec", {}),
                (ago(20), "leave", {}),
            ],
            members=5,
            fits=lambda k: k.school_type in is_vo and 12 <= k.age <= 16 and k.status == enrolled,
        )
        self.run_group(
            "concentratie",
            proposal=self.run_proposal("concentratie", written=ago(470), stage=decided, every=25),
            pb="m.schaap",
            team=["f.bakker", "l.hartman", "jeugdconsulent"],
            t0=ago(345),
            start=ago(300),
            end=ahead(45),
            steps=[
                (ago(320), "prep", {}),
                (ago(310), "goals", {}),
                *self.group_funding(
                    "concentratie",
                    ago(316),
                    ago(305),
                    ago(300),
                    ahead(45),
                    ibp="m.schaap",
                    jeugdhulp_zin="jeugdconsulent",
                ),
                (ago(300), "exec", {}),
                (ago(160), "eval", {}),
                (ago(150), "continue", {}),
                (ago(8), "eval", {}),
            ],
            members=8,
            fits=lambda k: (
                k.school_type in {"PO", "SBO"} and 6 <= k.age <= 11 and k.status == enrolled
            ),
        )
        # Still on its way through the region: the group cannot start until the OOGO decides.
        self.run_group(
            "zorgboerderij",
            proposal=self.run_proposal(
                "zorgboerderij", written=ago(130), stage=ProposalStage.PORA, every=20
            ),
            pb="procesbegeleider",
            team=["g.dekker", "onderwijsconsulent", "b.ploeg", "n.vlaar"],
            t0=ago(45),
            start=ahead(21),
            end=ahead(21 + 300),
            steps=[
                (ago(20), "prep", {}),
                (ago(12), "goals", {}),
                # The SWV granted the teacher's hours; the gemeente still decides on the
                # dagbesteding.
                *self.group_funding(
                    "zorgboerderij",
                    ago(17),
                    ago(6),
                    ahead(21),
                    ahead(21 + 300),
                    pending={FundingKind.DAY_CARE},
                    ibp="b.ploeg",
                    dagbesteding="n.vlaar",
                ),
            ],
            members=3,
            fits=lambda k: k.status != enrolled and 8 <= k.age <= 18,
        )
        self.run_proposal("thuiszitters", written=ago(10), stage=ProposalStage.DRAFT, every=0)

    # --- the whole region -------------------------------------------------------------------
    def choose_ouder(self) -> tuple[str, str, str]:
        """Link the demo ouder to the mother (or father) with gezag of a child in uitvoering."""
        candidates = [
            kid
            for kid in self.kids
            if kid.scenario == "uitvoering"
            and 6 <= kid.age <= 11
            and kid.household == "twee_ouders"
        ] or [kid for kid in self.kids if kid.scenario == "uitvoering" and kid.age < 16]
        kid = candidates[0]
        kid.demo_pb = True
        guardian = next(g for g in kid.guardians if g["has_authority"])
        first, last = guardian["name"].split(" ", 1)
        self.ouder_kid = kid
        self.ouder_guardian = guardian
        return first, last, guardian["email"]

    def build(self) -> Summary:
        self.plan_kids()
        self.plan_scenarios()
        ouder = self.choose_ouder()
        self.create_organisations()
        self.create_users(ouder)
        self.ouder_guardian["user"] = self.users[OUDER_USERNAME]
        self.plan_funding()
        with self.clock.installed():
            for kid in self.kids:
                if not kid.group_only:
                    self.run_individual(kid)
            self.run_groups()
        self.share_plan_with_ouder()
        return self.summary()

    def share_plan_with_ouder(self):
        """The demo ouder finds the plan of their child under "Documenten" in the portal:
        rendered here, as the worker would, and shared by the procesbegeleider."""
        kid = self.ouder_kid
        by = self.users["procesbegeleider"]
        document = document_services.document_request(
            by=by,
            kind=DocumentKind.PLAN,
            arrangement=kid.arrangement,
            jeugdige=kid.jeugdige,
            audience=Audience.FAMILY,
        )
        rendered = document_services.document_render(document_pk=document.pk)
        if rendered is not None and rendered.is_done:
            document_services.document_share(document=rendered, by=by, shared=True)

    def summary(self) -> Summary:
        from oza.audit.models import AuditEvent

        organisations = {}
        for org in self.orgs.values():
            label = org.get_type_display()
            organisations[label] = organisations.get(label, 0) + 1
        arrangements = Arrangement.objects.filter(
            participations__jeugdige__in=[k.jeugdige for k in self.kids]
        ).distinct()
        counts = dict.fromkeys(Phase, 0)
        for phase in arrangements.values_list("phase", flat=True):
            counts[Phase(phase)] += 1
        per_status = dict(
            Meeting.objects.filter(arrangement__in=arrangements)
            .values_list("status")
            .annotate(Count("id"))
        )
        funding = dict(
            FundingLine.objects.filter(arrangement__in=arrangements)
            .values_list("status")
            .annotate(Count("id"))
        )
        return Summary(
            meetings={MeetingStatus(status).label: n for status, n in per_status.items()},
            funding={FundingStatus(status).label: n for status, n in funding.items()},
            organisations=organisations,
            jeugdigen=len(self.kids),
            arrangements=arrangements.count(),
            groups=arrangements.filter(kind=ArrangementKind.GROUP).count(),
            phases=[(phase.label, count) for phase, count in counts.items()],
            professionals=sum(1 for u in self.users.values() if u.function != Function.PORTAL),
            audit_events=AuditEvent.objects.count(),
        )


def load() -> Summary:
    """Create the demo region in one transaction; the caller checks it is not there yet."""
    with transaction.atomic():
        return DemoBuilder().build()
