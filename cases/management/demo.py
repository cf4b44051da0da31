"""Fictional demo data for ``manage.py load_demo``: the region "Regio Kennemerkust".

Modelled on Bijlage 1 of the regional framework of regio Alkmaar (seed 002): four gemeenten, an
SWV PO and an SWV VO, seven schools, three jeugdhulpaanbieders, a GGD and a zorgkantoor; one demo
user per role, a dozen colleagues, and about sixty jeugdigen with oza's in every phase.

Every write to a case goes through ``cases.services``, so the route's guards, the phase history and
the audit trail are exactly what real use would have produced. To give the history a realistic
timeline the whole load runs under a :class:`DemoClock`: a back-dated "now" for each step (the
services themselves stamp the rows, nothing is updated afterwards). Everything is deterministic
(``random.Random(2026)``) apart from the dates, which are relative to today.
"""

import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import time_machine
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Permission
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from stdnum.nl import bsn as stdnum_bsn

from cases import services
from cases.guards import consent_holders
from cases.models import (
    Arrangement,
    ArrangementKind,
    CompulsoryEducationStatus,
    Goal,
    Guardian,
    Jeugdige,
    Phase,
    TeamRole,
)
from oza.accounts.models import Function, Organisation, OrganisationType, User

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
class Summary:
    organisations: dict
    jeugdigen: int
    arrangements: int
    groups: int
    phases: list[tuple[str, int]]
    professionals: int
    audit_events: int


class DemoBuilder:
    def __init__(self):
        self.rng = random.Random(SEED)
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
        for key, name, org_type, school_type, brin, cbs, agb, place in rows:
            organisation = Organisation(
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
        beheerder.user_permissions.set(
            Permission.objects.filter(
                content_type__app_label="accounts",
                content_type__model__in=["organisation", "user"],
                codename__regex=r"^(view|add|change)_",
            )
        )

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

    def step(self, arrangement, to: str, by, reason: str, early_end_reason: str = ""):
        services.arrangement_transition(
            arrangement=arrangement,
            to=to,
            by=by,
            reason=reason,
            early_end_reason=early_end_reason,
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
        for day, action, params in plan["steps"]:
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
            elif action in {"continue", "adjust", "conclude", "close"}:
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
                self.step(arrangement, "end_early", pb, reason, early_end_reason=code)
            else:  # pragma: no cover - a typo in a schedule
                raise AssertionError(action)

    # --- group oza's ------------------------------------------------------------------------
    def run_group(
        self,
        key: str,
        *,
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
        events = [(day, action, params) for day, action, params in steps]
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
        for day, action, params in events:
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
                    services.participation_end(by=by, participation=leaving, left_on=day)
            else:  # pragma: no cover
                raise AssertionError(action)
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
        self.run_group(
            "faalangst",
            pb="procesbegeleider",
            team=["onderwijsconsulent", "zorgaanbieder", "r.benali", "jeugdconsulent"],
            t0=ago(125),
            start=ago(84),
            end=ahead(100),
            steps=[
                (ago(110), "prep", {}),
                (ago(100), "goals", {}),
                (ago(84), "exec", {}),
                (ago(20), "leave", {}),
            ],
            members=5,
            fits=lambda k: k.school_type in is_vo and 12 <= k.age <= 16 and k.status == enrolled,
        )
        self.run_group(
            "concentratie",
            pb="m.schaap",
            team=["f.bakker", "l.hartman", "jeugdconsulent"],
            t0=ago(345),
            start=ago(300),
            end=ahead(45),
            steps=[
                (ago(320), "prep", {}),
                (ago(310), "goals", {}),
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
        self.run_group(
            "zorgboerderij",
            pb="procesbegeleider",
            team=["g.dekker", "onderwijsconsulent", "b.ploeg", "n.vlaar"],
            t0=ago(45),
            start=ahead(21),
            end=ahead(21 + 300),
            steps=[(ago(20), "prep", {}), (ago(12), "goals", {})],
            members=3,
            fits=lambda k: k.status != enrolled and 8 <= k.age <= 18,
        )

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
        self.ouder_guardian = guardian
        return first, last, guardian["email"]

    def build(self) -> Summary:
        self.plan_kids()
        self.plan_scenarios()
        ouder = self.choose_ouder()
        self.create_organisations()
        self.create_users(ouder)
        self.ouder_guardian["user"] = self.users[OUDER_USERNAME]
        with self.clock.installed():
            for kid in self.kids:
                if not kid.group_only:
                    self.run_individual(kid)
            self.run_groups()
        return self.summary()

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
        return Summary(
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
