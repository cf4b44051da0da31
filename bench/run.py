"""The benchmark: one command, figures in bench/RESULTS.md.

    .venv/bin/python bench/run.py --factor 0.03      (or: make bench BENCH_FACTOR=0.03)

Against PostgreSQL from DATABASE_URL (default: a database ``oza_bench`` on 127.0.0.1, created
when missing) it migrates, generates the scale data set at ``--factor`` unless the database
holds one already, sets ``random_page_cost=1.1`` for that database, starts the app under
gunicorn (sync workers, one per core, psycopg's connection pool) on 127.0.0.1, logs in as the
sample users of the data set, and drives each key page, then every other page a user opens,
with wrk from a second process at 8 concurrent connections for ``--duration`` seconds each.
It prints requests/s and p50/p95 latency per page next to two ceilings measured in the same
run (a constant view, and a view that authenticates the session and runs one indexed query,
measured again after every few pages: each page is held against the ceilings around it), stops
gunicorn by its PID, then measures plan PDFs per minute (the worker's task, in-process)
and one MDO reminder sweep (its mails over SMTP to a server on 127.0.0.1 that drops them), and
writes bench/RESULTS.md. All HTTP and SMTP traffic goes to 127.0.0.1 only.
"""

import argparse
import contextlib
import http.client
import json
import math
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from datetime import UTC, datetime, timedelta
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/oza_bench"
# A Redis database of its own: the run empties it first.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"
RESULTS = ROOT / "bench" / "RESULTS.md"
LUA = ROOT / "bench" / "wrk_report.lua"
UNCACHED = "uncached"  # wrk_report.lua then gives every request a query string of its own
SECRET_KEY = "bench-only-secret-key-not-for-production-" + "x" * 20

# A load average above this before the run means other work shared the machine.
BUSY_LOAD = 1.0

# Targets of issue 8.
P95_TARGET_MS = 150
DASHBOARD_P95_TARGET_MS = 500
SHARE_OF_CEILING = 1 / 3

ONE_QUERY = "/_bench/one-query/"
# The host's speed drifts within a run (bench/KNOWN_MISSES.md): the one-query ceiling is
# measured again after every CEILING_EVERY pages, and each page is held against the ceilings
# measured around it rather than against one measured many minutes earlier.
CEILING_EVERY = 8


def log(message: str) -> None:
    print(f"[bench {datetime.now():%H:%M:%S}] {message}", flush=True)


# --- set-up ----------------------------------------------------------------------------------
def configure_environment(args) -> None:
    os.environ.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "oza.settings",
            "OZA_ENVIRONMENT": "demo",
            "DEBUG": "false",
            "OZA_REQUIRE_2FA": "false",
            "OZA_BENCH_VIEWS": "1",
            "ALLOWED_HOSTS": HOST,
            "SECRET_KEY": SECRET_KEY,
            # Sessions and the second-factor answer live in Redis, as in production.
            "REDIS_URL": os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL),
            # The PDF measurement runs the worker's task in this process.
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "OZA_PRIVATE_MEDIA_ROOT": str(Path(tempfile.mkdtemp(prefix="oza-bench-media-"))),
            "OZA_SITE_URL": f"http://{HOST}:{args.port}",
            "DATABASE_POOL_MAX": "4",
        }
    )
    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    if not url.scheme.startswith("postgres"):
        sys.exit("bench/run.py needs PostgreSQL: set DATABASE_URL=postgres://...")


def ensure_database(*, fresh: bool) -> dict:
    """Create the database when missing (again with ``fresh``) and set random_page_cost for it
    (SSD). Returns the server's version and shared_buffers, and warns when shared_buffers is
    far below a production setting (the packaged default is 128 MB)."""
    import psycopg

    url = urllib.parse.urlparse(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    server = url._replace(path="/postgres").geturl()
    with psycopg.connect(server, autocommit=True) as conn:
        if fresh:
            if "bench" not in name:
                sys.exit(f"--fresh drops the database: refused for {name!r} (not a bench one)")
            log(f"dropping database {name}")
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(f'CREATE DATABASE "{name}"')
        conn.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')
        version = conn.execute("SHOW server_version").fetchone()[0]
        shared_buffers, shared_bytes = conn.execute(
            "SELECT current_setting('shared_buffers'), "
            "pg_size_bytes(current_setting('shared_buffers'))"
        ).fetchone()
    if shared_bytes < memory_bytes() // 8:
        log(
            f"PostgreSQL has shared_buffers = {shared_buffers}, less than an eighth of memory; "
            "a production server gives it about a quarter (ALTER SYSTEM SET "
            "shared_buffers = '6GB', then restart PostgreSQL). The figures will be lower."
        )
    return {"version": version, "shared_buffers": shared_buffers}


def memory_bytes() -> int:
    with open("/proc/meminfo") as meminfo:
        for line in meminfo:
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return 0


def wait_for_quiet(limit_seconds: int = 180) -> str:
    """Wait (up to ``limit_seconds``) until the 1-minute load average is below ``BUSY_LOAD``:
    the generation and ANALYZE before, or an earlier run, still weigh on it. Returns the load
    averages the pages start with."""
    deadline = time.monotonic() + limit_seconds
    while os.getloadavg()[0] > BUSY_LOAD and time.monotonic() < deadline:
        time.sleep(5)
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def ensure_redis() -> None:
    """Empty the bench's Redis database (sessions of an earlier run); stop when Redis is down."""
    import redis

    try:
        redis.Redis.from_url(os.environ["REDIS_URL"]).flushdb()
    except redis.ConnectionError:
        sys.exit(f"Redis does not answer at {os.environ['REDIS_URL']}: start redis-server")


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk from Debian")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False)
        wrk = shutil.which("wrk")
        if not wrk:
            subprocess.run(["apt-get", "update", "-qq"], check=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)
            wrk = shutil.which("wrk")
    if not wrk:
        sys.exit("wrk is missing: apt-get install wrk")
    return wrk


def prepare_data(args) -> dict:
    """Migrate, generate when missing, and pick the pages' subjects."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cases.management import scale_data

    log("migrating")
    call_command("migrate", verbosity=0, interactive=False)
    generation = None
    if not scale_data.is_generated_database():
        if scale_data.foreign_data_present():
            sys.exit("This database holds other data: point DATABASE_URL at a bench database.")
        log(f"generating the data set at factor {args.factor}")
        lines = []

        def keep(line):
            lines.append(line)
            print(line, flush=True)

        generator = scale_data.ScaleDataGenerator(factor=args.factor, log=keep)
        generation = generator.run()
    else:
        log("the database holds a generated data set: reusing it")
    with connection.cursor() as cursor:
        # As autovacuum would have by now in production: statistics and the visibility map.
        cursor.execute("VACUUM ANALYZE")
    subjects = pick_subjects()
    connection.close()
    return {"generation": generation, **subjects}


# The API tokens the benchmark reads with: the procesbegeleider's integration, and a regional
# monitor's (the beleidsmedewerker's).
INTEGRATION_SCOPES = ["ozas:read", "jeugdigen:read", "mdo:read", "funding:read"]
MONITOR_SCOPES = ["outcomes:read", "proposals:read"]


def as_code(names: list[str]) -> str:
    return ", ".join(f"`{name}`" for name in names)


def pick_subjects() -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from cases import selectors, services
    from cases.management import scale_data
    from cases.models import Arrangement, Jeugdige, Phase
    from funding.models import FundingLine, GroupProposal, ProposalStage
    from mdo.models import Agreement, Meeting
    from oza.accounts.models import Organisation, OrganisationType, User
    from oza.api.models import ApiToken
    from oza.api.services import api_token_create
    from oza.audit.models import AuditEvent

    pb = User.objects.get(username=scale_data.SAMPLE_PROCESBEGELEIDER)
    parent = User.objects.get(username=scale_data.SAMPLE_PARENT)
    policy = User.objects.get(username=scale_data.SAMPLE_POLICY_OFFICER)
    beheerder = User.objects.get(username=scale_data.SAMPLE_BEHEERDER)
    caseload = selectors.arrangements_visible_to(pb)
    caseload_ids = list(caseload.values_list("pk", flat=True))
    n_dossiers = len(caseload_ids)
    from django.conf import settings

    last_page = max(1, math.ceil(n_dossiers / settings.OZA_PAGE_SIZE))
    jeugdige = (
        Jeugdige.objects.filter(participations__arrangement__in=caseload)
        .annotate(n=Count("participations"))
        .order_by("-n", "pk")
        .first()
    )
    oza = (
        caseload.filter(phase=Phase.EXECUTION)
        .annotate(n=Count("meetings"))
        .order_by("-n", "pk")
        .first()
    )
    meeting = (
        Meeting.objects.filter(arrangement__in=caseload, status="gepland")
        .order_by("starts_at", "pk")
        .first()
    )
    held = Meeting.objects.filter(arrangement=oza, status="gehouden").order_by("-starts_at").first()
    child = parent.guardianships.first().jeugdige
    ApiToken.objects.filter(name="bench", revoked_at__isnull=True).update(
        revoked_at=datetime.now(UTC)
    )
    _, token = api_token_create(
        by=pb,
        name="bench",
        organisation=pb.organisation,
        service_user=pb,
        scopes=INTEGRATION_SCOPES,
    )
    # A regional monitor: the outcome figures and the proposals, as the policy officer.
    _, policy_token = api_token_create(
        by=policy,
        name="bench",
        organisation=policy.organisation,
        service_user=policy,
        scopes=MONITOR_SCOPES,
    )
    # The beheerder opens the sample jeugdige's dossier (break-the-glass) for the AVG pages.
    services.break_glass_open(
        user=beheerder, jeugdige=jeugdige, reason="Benchmark: AVG-verzoek van de ouders."
    )
    proposals = GroupProposal.objects.order_by("pk")
    factor = Jeugdige.objects.count() / scale_data.BASE["jeugdigen"]
    counts = {
        "jeugdigen": Jeugdige.objects.count(),
        "oza's": Arrangement.objects.count(),
        "MDO's": Meeting.objects.count(),
        "afspraken": Agreement.objects.count(),
        "bekostigingsregels": FundingLine.objects.count(),
        "professionals": User.objects.exclude(function="portaal").count(),
        "auditregels": AuditEvent.objects.count(),
    }
    return {
        "password": "oza-bench",
        "pb": pb.username,
        "policy": policy.username,
        "parent": parent.username,
        "beheerder": beheerder.username,
        "caseload": n_dossiers,
        "caseload_ids": caseload_ids,
        "last_page": last_page,
        "jeugdige": jeugdige.pk,
        "oza": oza.pk,
        "meeting": meeting.pk,
        "held_meeting": held.pk,
        "goal": oza.goals.order_by("pk").first().pk,
        "funding_line": FundingLine.objects.filter(arrangement=oza).order_by("pk").first().pk,
        "child": child.pk,
        "oza_start": oza.planned_start.isoformat(),
        "oza_end": oza.planned_end.isoformat(),
        "next_week": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "financier": Organisation.objects.filter(type=OrganisationType.GEMEENTE).first().pk,
        "partner": Organisation.objects.filter(type=OrganisationType.JEUGDHULPAANBIEDER).first().pk,
        "team_candidate": selectors.team_candidates(oza).first().pk,
        "search": "Schaal1",
        "token": token,
        "policy_token": policy_token,
        "proposal": proposals.filter(stage=ProposalStage.DECIDED).first().pk,
        "open_proposal": proposals.filter(stage=ProposalStage.RBO).first().pk,
        "factor": round(factor, 4),
        "counts": counts,
    }


# --- the server ------------------------------------------------------------------------------
def start_gunicorn(args, workers: int) -> subprocess.Popen:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "oza.wsgi:application",
        "--bind",
        f"{HOST}:{args.port}",
        "--workers",
        str(workers),
        "--worker-class",
        "sync",
        "--log-level",
        "warning",
        "--timeout",
        "60",
    ]
    log(f"starting gunicorn ({workers} sync workers) on {HOST}:{args.port}")
    process = subprocess.Popen(command, cwd=ROOT, env=os.environ.copy())
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn stopped while starting")
        try:
            status, _, _ = request(args.port, "GET", "/healthz")
            if status == 200:
                return process
        except OSError:
            pass
        time.sleep(0.3)
    stop(process)
    sys.exit("gunicorn did not answer /healthz within 60 s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        log(f"stopping gunicorn (pid {process.pid})")
        os.kill(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.kill(process.pid, signal.SIGKILL)
            process.wait()


def request(port: int, method: str, path: str, *, headers=None, body=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def cookies_from(headers) -> dict:
    jar = {}
    for name, value in headers:
        if name.lower() == "set-cookie":
            cookie = SimpleCookie()
            cookie.load(value)
            jar.update({key: morsel.value for key, morsel in cookie.items()})
    return jar


def login(port: int, username: str, password: str) -> str:
    """The Cookie header of a fresh session of ``username`` (through the login form)."""
    status, headers, body = request(port, "GET", "/accounts/login/")
    jar = cookies_from(headers)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1).decode()
    form = urllib.parse.urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": token}
    )
    status, headers, _ = request(
        port,
        "POST",
        "/accounts/login/",
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"http://{HOST}:{port}/accounts/login/",
        },
        body=form,
    )
    jar.update(cookies_from(headers))
    if status != 302 or "sessionid" not in jar:
        sys.exit(f"logging in as {username} failed ({status})")
    return "; ".join(f"{k}={v}" for k, v in jar.items())


# The API's other lists, after its list of oza's.
API_LISTS = ["/api/v1/jeugdigen/", "/api/v1/mdos/", "/api/v1/agreements/", "/api/v1/funding-lines/"]


def pages(subjects: dict, sessions: dict) -> list[dict]:
    s = subjects
    last = s["last_page"]
    cookie = {who: {"Cookie": session} for who, session in sessions.items()}
    bearer = {"Authorization": f"Bearer {s['token']}"}
    monitor = {"Authorization": f"Bearer {s['policy_token']}"}
    table = [
        ("plafond: constante", "/_bench/constant/", {}, "ceiling"),
        ("plafond: sessie + 1 query", ONE_QUERY, cookie["pb"], "ceiling"),
        ("dossierlijst, pagina 1", "/", cookie["pb"], "list"),
        (f"dossierlijst, pagina {last}", f"/?page={last}", cookie["pb"], "list"),
        ("zoeken", f"/?q={s['search']}", cookie["pb"], "list"),
        # The lists and the professionals' case pages are cached per user (cases/cache.py): the
        # rows marked UNCACHED make them anew each time, as after a change to the caseload or
        # the oza, or for a search not made before.
        ("dossierlijst, pagina 1, niet uit cache", "/", cookie["pb"], "list", UNCACHED),
        ("zoeken, niet uit cache", f"/?q={s['search']}", cookie["pb"], "list", UNCACHED),
        # What the search box fetches as the user types (htmx): the results alone.
        (
            "zoekvak (htmx), niet uit cache",
            f"/?q={s['search']}",
            {**cookie["pb"], "HX-Request": "true"},
            "list",
            UNCACHED,
        ),
        ("jeugdige", f"/jeugdigen/{s['jeugdige']}/", cookie["pb"], "detail"),
        (
            "jeugdige, niet uit cache",
            f"/jeugdigen/{s['jeugdige']}/",
            cookie["pb"],
            "detail",
            UNCACHED,
        ),
        ("oza", f"/oza/{s['oza']}/", cookie["pb"], "detail"),
        ("oza, niet uit cache", f"/oza/{s['oza']}/", cookie["pb"], "detail", UNCACHED),
        ("MDO-scherm", f"/mdo/{s['meeting']}/", cookie["pb"], "detail"),
        ("MDO-scherm, niet uit cache", f"/mdo/{s['meeting']}/", cookie["pb"], "detail", UNCACHED),
        ("bekostiging (checklist)", "/bekostiging/", cookie["pb"], "list"),
        ("bekostiging, niet uit cache", "/bekostiging/", cookie["pb"], "list", UNCACHED),
        ("portaal: plan", f"/portaal/kind/{s['child']}/", cookie["parent"], "detail"),
        ("uitkomsten (beleid)", "/uitkomsten/", cookie["policy"], "dashboard"),
        ("API /api/v1/ozas/", "/api/v1/ozas/", bearer, "list"),
        ("API /api/v1/ozas/, niet uit cache", "/api/v1/ozas/", bearer, "list", UNCACHED),
        # The other pages a user opens (GET); most are cached too (cases/cache.py), the forms
        # as they open: not the outcome figures, the exports and the beheerder's pages.
        ("mijn afspraken", "/afspraken/", cookie["pb"], "list"),
        ("mijn afspraken, niet uit cache", "/afspraken/", cookie["pb"], "list", UNCACHED),
        ("afspraken over tijd", "/afspraken/?over_tijd=1", cookie["pb"], "list"),
        # Whatever the words, the search looks through the professionals kept in memory.
        (
            "teamlid zoeken (htmx)",
            f"/oza/{s['oza']}/team/kandidaten/?teamzoek=Prof+1-",
            cookie["pb"],
            "list",
        ),
        ("kosten van het oza", f"/oza/{s['oza']}/kosten/", cookie["pb"], "detail"),
        ("MDO-verslag", f"/mdo/{s['held_meeting']}/verslag/", cookie["pb"], "detail"),
        ("MDO-agenda (ics)", f"/mdo/{s['meeting']}/agenda.ics", cookie["pb"], "detail"),
        ("portaaltoegang", f"/jeugdigen/{s['jeugdige']}/portaaltoegang/", cookie["pb"], "detail"),
        ("formulier: aanmelden", "/aanmelden/", cookie["pb"], "form"),
        ("formulier: aanmelden, niet uit cache", "/aanmelden/", cookie["pb"], "form", UNCACHED),
        (
            "formulier: jeugdige wijzigen",
            f"/jeugdigen/{s['jeugdige']}/bewerken/",
            cookie["pb"],
            "form",
        ),
        ("formulier: nieuw oza", f"/jeugdigen/{s['jeugdige']}/oza/nieuw/", cookie["pb"], "form"),
        ("formulier: nieuw groepsoza", "/oza/groep/nieuw/", cookie["pb"], "form"),
        ("formulier: oza wijzigen", f"/oza/{s['oza']}/bewerken/", cookie["pb"], "form"),
        (
            "formulier: oza wijzigen, niet uit cache",
            f"/oza/{s['oza']}/bewerken/",
            cookie["pb"],
            "form",
            UNCACHED,
        ),
        ("formulier: doel wijzigen", f"/oza/{s['oza']}/doelen/{s['goal']}/", cookie["pb"], "form"),
        ("formulier: MDO plannen", f"/oza/{s['oza']}/mdo/nieuw/", cookie["pb"], "form"),
        (
            "formulier: bekostigingsregel",
            f"/oza/{s['oza']}/bekostiging/nieuw/",
            cookie["pb"],
            "form",
        ),
        (
            "formulier: bekostigingsregel wijzigen",
            f"/oza/{s['oza']}/bekostiging/{s['funding_line']}/",
            cookie["pb"],
            "form",
        ),
        ("voorstellen (beleid)", "/voorstellen/", cookie["policy"], "list"),
        ("formulier: nieuw voorstel", "/voorstellen/nieuw/", cookie["policy"], "form"),
        ("uitkomsten, export", "/uitkomsten/export.csv", cookie["policy"], "dashboard"),
        ("portaal: start", "/portaal/", cookie["parent"], "detail"),
        ("portaal: overleg", f"/portaal/kind/{s['child']}/overleg/", cookie["parent"], "detail"),
        (
            "portaal: documenten",
            f"/portaal/kind/{s['child']}/documenten/",
            cookie["parent"],
            "detail",
        ),
        (
            "portaal: toestemming",
            f"/portaal/kind/{s['child']}/toestemming/",
            cookie["parent"],
            "detail",
        ),
        (
            "portaal: vragenlijst",
            f"/portaal/kind/{s['child']}/vragenlijst/",
            cookie["parent"],
            "detail",
        ),
        *(
            row
            for url in API_LISTS
            for row in (
                (f"API {url}", url, bearer, "list"),
                (f"API {url}, niet uit cache", url, bearer, "list", UNCACHED),
            )
        ),
        ("API oza", f"/api/v1/ozas/{s['oza']}/", bearer, "detail"),
        ("API MDO", f"/api/v1/mdos/{s['meeting']}/", bearer, "detail"),
        ("voorstel (beleid)", f"/voorstellen/{s['proposal']}/", cookie["policy"], "detail"),
        (
            "formulier: voorstel wijzigen",
            f"/voorstellen/{s['open_proposal']}/wijzigen/",
            cookie["policy"],
            "form",
        ),
        ("API /api/v1/proposals/", "/api/v1/proposals/", monitor, "list"),
        ("API voorstel", f"/api/v1/proposals/{s['proposal']}/", monitor, "detail"),
        ("API /api/v1/outcomes/", "/api/v1/outcomes/", monitor, "dashboard"),
        # The functioneel beheerder's pages (never cached: break-the-glass access ends).
        ("audittrail (beheer)", "/avg/audit/", cookie["beheerder"], "list"),
        (
            "audittrail van een jeugdige",
            f"/avg/audit/?jeugdige={s['jeugdige']}",
            cookie["beheerder"],
            "list",
        ),
        ("formulier: noodtoegang", "/noodtoegang/", cookie["beheerder"], "form"),
        ("AVG-pagina jeugdige", f"/avg/jeugdigen/{s['jeugdige']}/", cookie["beheerder"], "detail"),
        (
            "jeugdige via noodtoegang",
            f"/jeugdigen/{s['jeugdige']}/",
            cookie["beheerder"],
            "detail",
        ),
        ("beheer: start", "/admin/", cookie["beheerder"], "detail"),
        ("beheer: gebruikers", "/admin/accounts/user/", cookie["beheerder"], "list"),
        ("beheer: organisaties", "/admin/accounts/organisation/", cookie["beheerder"], "list"),
        ("beheer: API-sleutels", "/admin/api/apitoken/", cookie["beheerder"], "list"),
    ]
    return [
        {
            "name": name,
            "path": path,
            "headers": headers,
            "kind": kind,
            "uncached": UNCACHED in extra,
        }
        for name, path, headers, kind, *extra in table
    ]


def load_test(wrk: str, args, page: dict) -> dict:
    """One page under wrk, after checking that it answers 200 and warming it up."""
    status, _, _ = request(args.port, "GET", page["path"], headers=page["headers"])
    if status != 200:
        raise SystemExit(f"{page['name']} ({page['path']}) answered {status}, not 200")
    request(args.port, "GET", page["path"], headers=page["headers"])  # warm up
    row = run_wrk(wrk, args.port, page, args)
    log(
        f"{row['name']:28} {row['rps']:8.1f} req/s  p50 {row['p50']:7.1f} ms  "
        f"p95 {row['p95']:7.1f} ms  errors {row['errors']}"
    )
    return row


def run_wrk(wrk: str, port: int, page: dict, args) -> dict:
    command = [
        wrk,
        "-t2",
        f"-c{args.connections}",
        f"-d{args.duration}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA),
    ]
    for name, value in page["headers"].items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://{HOST}:{port}{page['path']}")
    if page["uncached"]:
        command += ["--", UNCACHED]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(li for li in output.splitlines() if li.startswith("BENCH_JSON "))
    data = json.loads(line.removeprefix("BENCH_JSON "))
    seconds = data["duration_us"] / 1e6
    return {
        **page,
        "rps": data["requests"] / seconds if seconds else 0.0,
        "p50": data["p50_us"] / 1000,
        "p95": data["p95_us"] / 1000,
        "p99": data["p99_us"] / 1000,
        "requests": data["requests"],
        "errors": data["bad_status"] + data["socket_errors"],
    }


# --- in-process measurements -----------------------------------------------------------------
def measure_made_anew(rows: list[dict], caseload_ids: list[int], repeats: int = 30) -> list[dict]:
    """The one-query ceiling and every page made anew, requested here one at a time with the
    same sessions and headers as wrk: the median time of a request, the part of it spent in
    the database (each query timed from sending to its rows back) and how many queries it ran.
    The rest is Python: the ORM building queries and objects, templates, serializers.

    A list made anew takes the parts of its oza's that did not change from the cache
    (``cases.cache.per_oza``); ``cold_ms`` is the same request with every oza of the sample
    caseload changed before it (their versions dropped, untimed), so nothing of it is cached."""
    from django.test import Client

    from cases.cache import ozas_changed

    client = Client(HTTP_HOST=HOST)
    measured = []
    for row in rows:
        if not (row["uncached"] or (row["path"] == ONE_QUERY and not row.get("again"))):
            continue
        timings = _timed_requests(client, row, repeats)
        cold = None
        if row["uncached"]:
            cold = _timed_requests(client, row, repeats, before=lambda: ozas_changed(caseload_ids))
        total, database = timings["ms"], timings["database_ms"]
        measured.append(
            {
                "name": row["name"],
                "ms": total,
                "database_ms": database,
                "queries": timings["queries"],
                "python_ms": total - database,
                "cold_ms": cold and cold["ms"],
            }
        )
    return measured


def _timed_requests(client, row: dict, repeats: int, before=None) -> dict:
    """The median time of ``row``'s request (made anew when it is an uncached row), of its
    queries and their number; ``before()`` runs untimed before each request."""
    separator = "&" if "?" in row["path"] else "?"
    measured = []
    for n in range(repeats + 3):  # the first three warm up
        unique = f"{separator}bench=in-process-{'cold-' if before else ''}{n}"
        path = row["path"] + (unique if row["uncached"] else "")
        if before:
            before()
        response, timing = _timed(lambda path=path: client.get(path, headers=row["headers"]))
        if response.status_code != 200:
            raise SystemExit(f"{row['name']} answered {response.status_code} in-process")
        if n >= 3:
            measured.append(timing)
    return _medians(measured)


def _timed(call) -> tuple:
    """``call()``'s answer, and its time, its queries' time and their number."""
    from django.db import connection

    spent = {"seconds": 0.0, "queries": 0}

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["seconds"] += time.perf_counter() - started
            spent["queries"] += 1

    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        answer = call()
        seconds = time.perf_counter() - started
    return answer, {"seconds": seconds, "database": spent["seconds"], "queries": spent["queries"]}


def _medians(timings: list[dict]) -> dict:
    return {
        "ms": statistics.median(t["seconds"] for t in timings) * 1000,
        "database_ms": statistics.median(t["database"] for t in timings) * 1000,
        "queries": statistics.median(t["queries"] for t in timings),
    }


def writes(subjects: dict) -> list[dict]:
    """The forms a professional sends most, on the sample oza (POST, answered with a redirect)."""
    oza, start, end = subjects["oza"], subjects["oza_start"], subjects["oza_end"]
    return [
        {
            "name": "doel toevoegen",
            "path": f"/oza/{oza}/doelen/",
            "data": {"domain": "zorg", "description": "Slaapt weer door.", "target_date": end},
        },
        {
            "name": "MDO plannen",
            "path": f"/oza/{oza}/mdo/nieuw/",
            "data": {
                "kind": "voortgang",
                "day": subjects["next_week"],
                "time": "14:30",
                "duration_minutes": "60",
                "location": "School",
            },
        },
        {
            "name": "bekostigingsregel toevoegen",
            "path": f"/oza/{oza}/bekostiging/nieuw/",
            "data": {
                "kind": "jeugdhulp_zin",
                "financier": subjects["financier"],
                "partner": subjects["partner"],
                "amount": "1250.00",
                "unit": "per_maand",
                "start_date": start,
                "end_date": end,
                "requested_on": start,
                # The sample oza has funding for its whole period already.
                "overlap_explanation": "Aanvullend op de inzet die er al is.",
            },
        },
        {
            "name": "teamlid toevoegen",
            "path": f"/oza/{oza}/team/",
            "data": {"user": subjects["team_candidate"], "role": "overig"},
        },
    ]


def measure_writes(subjects: dict, only: str | None = None, repeats: int = 10) -> list[dict]:
    """What each of ``writes`` costs the server, in this process as the sample
    procesbegeleider, each in a transaction rolled back afterwards (what would run after the
    commit, such as mail to the worker, does not run)."""
    from django.db import transaction
    from django.test import Client

    from oza.accounts.models import User

    client = Client(HTTP_HOST=HOST)
    client.force_login(User.objects.get(username=subjects["pb"]))
    measured = []
    for write in writes(subjects):
        if only and only not in write["name"]:
            continue
        timings = []
        for n in range(repeats + 2):  # the first two warm up
            with transaction.atomic():
                response, timing = _timed(lambda w=write: client.post(w["path"], w["data"]))
                transaction.set_rollback(True)
            if response.status_code != 302:
                errors = re.findall(r'class="error"[^>]*>([^<]+)<', response.content.decode())
                raise SystemExit(
                    f"{write['name']} answered {response.status_code}, not 302: {errors}"
                )
            if n >= 2:
                timings.append(timing)
        measured.append({"name": write["name"], "path": write["path"], **_medians(timings)})
    return measured


def measure_pdfs(count: int) -> dict:
    """Plan PDFs per minute: the worker's task (document_render) run here, one at a time."""
    from django.db import transaction

    from cases import selectors
    from cases.management import scale_data
    from cases.models import Phase
    from oza.accounts.models import User
    from oza.documents.models import Audience, Document, DocumentKind, DocumentStatus
    from oza.documents.services import document_request

    pb = User.objects.get(username=scale_data.SAMPLE_PROCESBEGELEIDER)
    ozas = list(
        selectors.arrangements_visible_to(pb)
        .filter(phase=Phase.EXECUTION, kind="individueel")
        .prefetch_related("participations__jeugdige")[:count]
    )
    started = time.monotonic()
    pks = []
    for oza in ozas:
        with transaction.atomic():  # the task is queued (run eagerly) when this commits
            document = document_request(
                by=pb,
                kind=DocumentKind.PLAN,
                arrangement=oza,
                jeugdige=oza.participations.all()[0].jeugdige,
                audience=Audience.TEAM,
            )
        pks.append(document.pk)
    seconds = time.monotonic() - started
    done = Document.objects.filter(pk__in=pks, status=DocumentStatus.DONE)
    pages = sum(done.values_list("page_count", flat=True))
    return {
        "count": len(pks),
        "done": done.count(),
        "seconds": seconds,
        "per_minute": 60 * done.count() / seconds if seconds else 0.0,
        "pages": pages,
    }


def measure_reminder_sweep(port: int) -> dict:
    """One sweep of the MDO reminder task over the whole data set, twice, each rolled back so
    the next run measures the same; the mails go over SMTP to a server on loopback that
    accepts and drops them (``smtp_sink``). ``steady``: as the data set is (earlier sweeps sent
    what was due). ``backlog``: as if no reminder was ever sent, so every overdue open
    agreement and every MDO reminder of the coming days is due."""
    import resource

    from django.conf import settings
    from django.db import transaction

    from mdo.models import Agreement, Meeting, SentReminder
    from mdo.reminders import send_due_reminders

    figures = {"meetings": Meeting.objects.count(), "agreements": Agreement.objects.count()}
    with smtp_sink(port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = HOST, port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        for name in ("steady", "backlog"):
            rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            with transaction.atomic():
                if name == "backlog":
                    SentReminder.objects.all().delete()
                started = time.monotonic()
                result = send_due_reminders()
                seconds = time.monotonic() - started
                transaction.set_rollback(True)
            rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            figures[name] = {
                "seconds": seconds,
                "meeting_reminders": result.meeting_reminders,
                "agreement_reminders": result.agreement_reminders,
                "rss_growth_mb": max(0, rss_after - rss_before) / 1024,
            }
    return figures


@contextlib.contextmanager
def smtp_sink(port: int):
    """An SMTP server on 127.0.0.1:``port`` in a process of its own (aiosmtpd's Sink): it
    speaks SMTP and drops each mail, so a sweep pays for the transport as against a relay."""
    process = subprocess.Popen(
        [sys.executable, "-m", "aiosmtpd", "-n", "-c", "aiosmtpd.handlers.Sink"]
        + ["-l", f"{HOST}:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection((HOST, port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"the SMTP sink did not listen on {HOST}:{port}") from None
                time.sleep(0.2)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


# --- report ----------------------------------------------------------------------------------
def machine(postgresql: dict) -> dict:
    return {
        "cores": os.cpu_count(),
        "memory": f"{memory_bytes() / 1024**3:.1f} GB",
        "postgresql": postgresql["version"],
        "shared_buffers": postgresql["shared_buffers"],
        "python": platform.python_version(),
        "os": platform.platform(),
        "load": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def code_measured() -> str:
    """The commit the run measured, so that figures are read against the code they measured."""

    def git(*arguments) -> str:
        return subprocess.run(
            ["git", *arguments], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown (not a git checkout)"
    changed = git("status", "--porcelain", "--untracked-files=no")
    return f"commit {commit}" + (" with uncommitted changes" if changed else "")


def ceiling_around(rows: list[dict], index: int) -> float:
    """The mean requests/s of the one-query ceilings measured last before and first after
    ``rows[index]``."""
    before = next((r["rps"] for r in reversed(rows[:index]) if r["path"] == ONE_QUERY), None)
    after = next((r["rps"] for r in rows[index + 1 :] if r["path"] == ONE_QUERY), None)
    around = [rps for rps in (before, after) if rps is not None]
    return statistics.fmean(around) if around else 0.0


def verdict(row: dict, one_query_rps: float) -> str:
    notes = []
    target = DASHBOARD_P95_TARGET_MS if row["kind"] == "dashboard" else P95_TARGET_MS
    if row["kind"] != "ceiling":
        notes.append("p95 ok" if row["p95"] < target else f"p95 > {target} ms")
    if row["kind"] in ("list", "detail"):
        share = row["rps"] / one_query_rps if one_query_rps else 0
        notes.append(f"{share:.0%} van plafond" + ("" if share >= SHARE_OF_CEILING else " (< 1/3)"))
    if row["errors"]:
        notes.append(f"{row['errors']} fouten")
    return ", ".join(notes)


def write_results(
    args, info, subjects, rows, anew, written, pdfs, sweep, workers, load_before
) -> str:
    lines = [
        "# Benchmark results",
        "",
        f"Run by `bench/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, on the code of "
        f"{code_measured()}.",
        "",
        f"- **Data set**: factor {subjects['factor']} of the national set "
        + ", ".join(f"{n:,} {name}" for name, n in subjects["counts"].items())
        + ".",
        f"- **Machine**: {info['cores']} cores, {info['memory']} memory, PostgreSQL "
        f"{info['postgresql']}, Python {info['python']}, {info['os']}.",
        f"- **Load average** before the pages: {load_before}; after the run: {info['load']}"
        + (
            " (other work ran beside the benchmark: compare the pages with the ceilings of the "
            "same run, not with other runs)."
            if float(load_before.split()[0]) > BUSY_LOAD
            else " (nothing else ran on the machine)."
        ),
        f"- **Server**: gunicorn, {workers} sync workers, psycopg connection pool, sessions in "
        "Redis (cached_db), DEBUG off, `random_page_cost=1.1` on the database, PostgreSQL "
        f"`shared_buffers={info['shared_buffers']}`.",
        f"- **Load**: wrk, {args.connections} connections, {args.duration} s per page, from a "
        "second process on 127.0.0.1; latencies include the wrk side.",
        f"- **Sample users**: procesbegeleider `{subjects['pb']}` with "
        f"{subjects['caseload']:,} oza's in the dossier list, beleidsmedewerker "
        f"`{subjects['policy']}`, parent `{subjects['parent']}`, functioneel beheerder "
        f"`{subjects['beheerder']}` (with break-the-glass access to the sample jeugdige); API "
        f"tokens of the procesbegeleider (scopes {as_code(INTEGRATION_SCOPES)}) and of the "
        f"beleidsmedewerker ({as_code(MONITOR_SCOPES)}).",
        "",
        "| page | path | req/s | p50 ms | p95 ms | p99 ms | against the targets |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for index, row in enumerate(rows):
        lines.append(
            f"| {row['name']} | `{row['path']}`{' + `bench=<n>`' if row['uncached'] else ''} | "
            f"{row['rps']:.0f} | {row['p50']:.1f} | "
            f"{row['p95']:.1f} | {row['p99']:.1f} | {verdict(row, ceiling_around(rows, index))} |"
        )
    lines += [
        "",
        "Targets (issue 8): p95 under 150 ms at 8 users (dashboard under 500 ms), and each list "
        "and detail page at least a third of the one-query ceiling's requests/s, held against "
        f"the ceilings measured around it (the mean of the last before it and the first after "
        f"it; the ceiling is measured again after every {CEILING_EVERY} pages, as the host's "
        "speed drifts within a run). The pages "
        "users come back to are cached per user (`cases/cache.py`): the lists (dossier list, "
        "search, checklist, Mijn afspraken, the API's lists), the case pages (jeugdige, oza, "
        "MDO screen, verslag, agenda, costs, portal access), a child's portal pages (but who "
        "viewed the dossier), the API's one oza, MDO, agreement or funding line, the "
        "proposals, the forms as they open (empty, or with what is saved; a form shown again "
        "with its errors is made anew), and the professionals the team member search looks "
        "through (in each process's memory); "
        "the portal's start page, the outcome figures, the exports and the "
        "beheerder's pages are made for every request. A row "
        "with `bench=<n>` gives every request a query string of its own, so the page is never "
        "answered from the cache: it is made anew, as after a change to one of its oza's, "
        "and a list takes what it shows of each oza (or part of one) that did not change from "
        "the cache (`per_oza`, `per_part`).",
        "",
        "## Where the time of a page made anew goes",
        "",
        "Each page made anew requested in one process, one at a time (median of 30, after "
        "gunicorn stopped): the database part is every query timed from sending it to its "
        "rows back; the rest is Python (the ORM building queries and objects, templates, "
        "serializers, middleware).",
        "",
        "The last column is the same page when every oza of the caseload has just changed: "
        "the lists (dossier list, search, checklist, API) then make the part of each oza on "
        "the page again, which otherwise comes from the cache for the oza's that did not "
        "change (`cases.cache.per_oza`); the case pages have no such parts.",
        "",
        "| page | ms per request | database ms | queries | Python ms | ms, every oza changed |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {m['name']} | {m['ms']:.1f} | {m['database_ms']:.1f} | {m['queries']:.0f} | "
            f"{m['python_ms']:.1f} | "
            + ("" if m["cold_ms"] is None else f"{m['cold_ms']:.1f}")
            + " |"
            for m in anew
        ),
        "",
        "## What the answer to a form costs",
        "",
        "The forms a professional sends most, on the sample oza, as the sample procesbegeleider: "
        "each POST in one process, in a transaction rolled back afterwards (median of 10): the "
        "checks, the writes, the audit trail and what the change drops from the cache; what "
        "runs after a commit (mail to the worker) does not run. The answer is a redirect to "
        "the oza or MDO page, a page read as above.",
        "",
        "| form | path | ms per request | database ms | queries |",
        "|---|---|---:|---:|---:|",
        *(
            f"| {w['name']} | `{w['path']}` | {w['ms']:.1f} | {w['database_ms']:.1f} | "
            f"{w['queries']:.0f} |"
            for w in written
        ),
        "",
        "## PDF and reminder throughput",
        "",
        f"- **Plan PDFs**: {pdfs['done']} of {pdfs['count']} team plans rendered in "
        f"{pdfs['seconds']:.1f} s by the worker's task in one process ({pdfs['pages']} pages): "
        f"**{pdfs['per_minute']:.0f} per minute** per worker process.",
        f"- **MDO reminder sweep** over {sweep['meetings']:,} MDO's and "
        f"{sweep['agreements']:,} agreements (the mails over SMTP to a server on 127.0.0.1 "
        "that drops them, one connection per sweep; rolled back afterwards; the sweep reads "
        "the next days' MDO's and the overdue open agreements in chunks of 2,000):",
    ]
    for name, label in (
        ("steady", "steady state (the data set records what earlier sweeps sent)"),
        ("backlog", "backlog (as if no reminder had ever been sent)"),
    ):
        run = sweep[name]
        lines.append(
            f"  - {label}: **{run['seconds']:.2f} s**, {run['meeting_reminders']:,} MDO and "
            f"{run['agreement_reminders']:,} agreement reminders sent, peak memory growth "
            f"{run['rss_growth_mb']:.0f} MB."
        )
    if subjects.get("generation"):
        lines += [
            "",
            "## Data generation (this run)",
            "",
            "| table | rows | s |",
            "|---|---:|---:|",
        ]
        for table, count, seconds in subjects["generation"]:
            lines.append(f"| {table} | {count:,} | {seconds:.1f} |")
    text = "\n".join(lines) + "\n"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--factor", type=float, default=0.03, help="data set size (1 = national)")
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--port", type=int, default=8399)
    parser.add_argument("--pdfs", type=int, default=20, help="plan PDFs to render")
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 2, help="gunicorn workers (cores)"
    )
    parser.add_argument(
        "--fresh", action="store_true", help="drop and recreate the database, then generate"
    )
    parser.add_argument("--known-misses", type=Path, default=ROOT / "bench" / "KNOWN_MISSES.md")
    parser.add_argument(
        "--pages-only",
        action="store_true",
        help="only the pages, printed (no PDFs, no reminder sweep, RESULTS.md left as it is)",
    )
    parser.add_argument(
        "--only",
        metavar="TEXT",
        help="only the pages whose name contains TEXT, and the ceilings (implies --pages-only)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    configure_environment(args)
    ensure_redis()
    wrk = ensure_wrk()
    postgresql = ensure_database(fresh=args.fresh)
    subjects = prepare_data(args)
    workers = args.workers
    log("waiting for the machine to be quiet")
    load_before = wait_for_quiet()
    server = start_gunicorn(args, workers)
    rows = []
    try:
        sessions = {
            "pb": login(args.port, subjects["pb"], subjects["password"]),
            "policy": login(args.port, subjects["policy"], subjects["password"]),
            "parent": login(args.port, subjects["parent"], subjects["password"]),
            "beheerder": login(args.port, subjects["beheerder"], subjects["password"]),
        }
        table = pages(subjects, sessions)
        ceiling = next(page for page in table if page["path"] == ONE_QUERY)
        again = {**ceiling, "name": f"{ceiling['name']}, opnieuw", "again": True}
        since_ceiling = 0
        for page in table:
            if args.only and not (page["kind"] == "ceiling" or args.only in page["name"]):
                continue
            if page["kind"] != "ceiling" and since_ceiling == CEILING_EVERY:
                rows.append(load_test(wrk, args, again))
                since_ceiling = 0
            rows.append(load_test(wrk, args, page))
            since_ceiling += page["kind"] != "ceiling"
        if since_ceiling:
            rows.append(load_test(wrk, args, again))
    finally:
        stop(server)
    for index, row in enumerate(rows):
        if row["kind"] in ("list", "detail"):
            log(f"{row['name']:28} {verdict(row, ceiling_around(rows, index))}")
    log("the pages made anew, in this process")
    anew = measure_made_anew(rows, subjects["caseload_ids"])
    for m in anew:
        log(
            f"{m['name']:28} {m['ms']:6.1f} ms, database {m['database_ms']:5.1f} ms "
            f"({m['queries']:.0f} queries), Python {m['python_ms']:5.1f} ms"
            + ("" if m["cold_ms"] is None else f", every oza changed {m['cold_ms']:6.1f} ms")
        )
    log("the answers to forms, in this process (each rolled back)")
    written = measure_writes(subjects, only=args.only)
    for w in written:
        log(
            f"{w['name']:28} {w['ms']:6.1f} ms, database {w['database_ms']:5.1f} ms "
            f"({w['queries']:.0f} queries)"
        )
    if args.pages_only or args.only:
        return
    log(f"rendering {args.pdfs} plan PDFs")
    pdfs = measure_pdfs(args.pdfs)
    log(f"{pdfs['per_minute']:.0f} plan PDFs per minute")
    sweep = measure_reminder_sweep(args.port + 1)
    log(
        f"reminder sweep {sweep['steady']['seconds']:.2f} s, "
        f"with a backlog {sweep['backlog']['seconds']:.2f} s"
    )
    text = write_results(
        args, machine(postgresql), subjects, rows, anew, written, pdfs, sweep, workers, load_before
    )
    if args.known_misses.exists():
        text += "\n" + args.known_misses.read_text()
    RESULTS.write_text(text)
    print()
    print(text)
    log(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
