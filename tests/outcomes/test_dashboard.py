"""The outcomes dashboard: who sees which figures, suppression, filters, drill-down, audit,
query count, and the exports read back."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import ArrangementKind, TeamRole
from oza.accounts.models import Region
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    ArrangementFactory,
    GemeenteFactory,
    JeugdigeFactory,
    ParticipationFactory,
    TeamMemberFactory,
    UserFactory,
    record_route,
    running_oza,
)

pytestmark = pytest.mark.django_db

URL = reverse("outcomes:dashboard")


@pytest.fixture
def region():
    return Region.objects.create(name="Regio Kennemerkust")


@pytest.fixture
def noord(region):
    return GemeenteFactory(name="Noord", region=region)


@pytest.fixture
def zuid(region):
    return GemeenteFactory(name="Zuid", region=region)


@pytest.fixture
def policy(noord):
    return UserFactory(beleidsmedewerker=True, organisation=noord)


def cell(response, table_key, row_key, column=0, section=0):
    report = response.context["sections"][section]["report"]
    row = next(r for r in report.table(table_key).all_rows if r.key == row_key)
    return row.cells[column].display


def test_who_may_open_the_dashboard(client, policy, swv_admin, portal_user):
    assert client.get(URL).status_code == 302  # to the login page
    client.force_login(swv_admin)
    assert client.get(URL).status_code == 403
    client.force_login(portal_user)
    assert client.get(URL).status_code == 403
    client.force_login(policy)
    assert client.get(URL).status_code == 200


def test_a_beleidsmedewerker_without_a_region_gets_a_message_and_no_figures(client):
    client.force_login(UserFactory(beleidsmedewerker=True))
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Uw organisatie hoort nog bij geen regio" in page
    assert "sections" not in response.context
    assert "Bereik" not in page
    export = client.get(reverse("outcomes:export", args=["csv"]))
    assert export["Content-Type"].startswith("text/html")


def test_policy_staff_see_their_region_with_small_cells_suppressed_and_no_drill_down(
    client, policy, noord, zuid
):
    pb = UserFactory()
    for _i in range(4):
        running_oza(pb, noord)
    for _i in range(3):
        running_oza(pb, zuid)
    elsewhere = GemeenteFactory(region=Region.objects.create(name="Elders"))
    for _i in range(5):
        running_oza(pb, elsewhere)
    client.force_login(policy)

    response = client.get(URL)
    assert cell(response, "reach", "reached") == "7"  # not the five elsewhere
    assert 'href="/uitkomsten/ozas/' not in response.content.decode()

    filtered = client.get(URL, {"gemeente": zuid.pk})
    assert cell(filtered, "reach", "reached") == "<5"
    assert client.get(reverse("outcomes:drill_down"), {"cijfer": "active"}).status_code == 403


def test_the_gemeente_filter_offers_only_the_region(client, policy, noord, zuid):
    GemeenteFactory(name="Buiten de regio")
    client.force_login(policy)
    response = client.get(URL)
    choices = [c[1] for c in response.context["filterset"].form.fields["gemeente"].choices]
    assert choices[1:] == ["Noord", "Zuid"]


def test_a_procesbegeleider_sees_the_caseload_and_drills_down_to_own_ozas(client, noord):
    pb, colleague = UserFactory(), UserFactory()
    mine = [running_oza(pb, noord) for _i in range(5)]
    running_oza(colleague, noord)  # not in the caseload
    # A group of a colleague on whose team pb sits is not pb's caseload either.
    group = ArrangementFactory(group=True, created_by=colleague)
    TeamMemberFactory(arrangement=group, user=pb, role=TeamRole.ONDERWIJSCONSULENT)
    client.force_login(pb)

    response = client.get(URL)
    assert cell(response, "reach", "active") == "5"
    assert "cijfer=active" in response.content.decode()

    listed = client.get(reverse("outcomes:drill_down"), {"cijfer": "active"})
    assert listed.status_code == 200
    assert {row["pk"] for row in listed.context["rows"]} == {a.pk for a in mine}
    event = AuditEvent.objects.filter(action=AuditAction.LIST, object_type="outcomes.DrillDown")
    assert set(event.values_list("jeugdige_id", flat=True)) == {
        a.participations.get().jeugdige_id for a in mine
    }


def test_other_professionals_see_their_teams_ozas(client, noord):
    pb, member = UserFactory(), UserFactory(intern_begeleider=True)
    ozas = [running_oza(pb, noord) for _i in range(6)]
    for arrangement in ozas[:5]:
        TeamMemberFactory(arrangement=arrangement, user=member, role=TeamRole.INTERN_BEGELEIDER)
    client.force_login(member)
    assert cell(client.get(URL), "reach", "active") == "5"


def test_viewing_and_exporting_are_in_the_audit_trail(client, policy):
    client.force_login(policy)
    client.get(URL)
    viewed = AuditEvent.objects.get(action=AuditAction.VIEW, object_type="outcomes.Dashboard")
    assert viewed.actor == policy and viewed.jeugdige_id is None
    client.get(reverse("outcomes:export", args=["xlsx"]))
    exported = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert exported.object_type == "outcomes.Dashboard"


def test_a_wrong_period_is_explained_and_shows_no_figures(client, policy):
    client.force_login(policy)
    response = client.get(URL, {"start": "2025-06-01", "end": "2025-01-01"})
    assert "Het einde van de periode ligt voor het begin." in response.content.decode()
    assert "sections" not in response.context
    half = client.get(URL, {"compare_start": "2024-01-01"})
    assert "zowel het begin als het einde" in half.content.decode()


def test_a_comparison_period_shows_the_same_indicators(client, policy, noord):
    pb = UserFactory()
    for _i in range(6):
        running_oza(pb, noord, days_ago=100)
    client.force_login(policy)
    today = timezone.localdate()
    response = client.get(
        URL,
        {
            "start": (today - timedelta(days=30)).isoformat(),
            "end": today.isoformat(),
            "compare_start": (today - timedelta(days=400)).isoformat(),
            "compare_end": (today - timedelta(days=200)).isoformat(),
        },
    )
    assert cell(response, "reach", "active", section=0) == "6"
    assert cell(response, "reach", "active", section=1) == "0"


def build(pb, gemeente, n):
    for i in range(n):
        arrangement = running_oza(pb, gemeente, kind=ArrangementKind.INDIVIDUAL)
        if i % 3 == 0:
            group = ArrangementFactory(group=True, created_by=pb)
            record_route(group, registered=timezone.now() - timedelta(days=50))
            ParticipationFactory(
                arrangement=group, jeugdige=arrangement.participations.get().jeugdige
            )


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("who", ["policy", "procesbegeleider"])
def test_query_count_does_not_grow_with_the_number_of_ozas(client, policy, noord, who):
    pb = UserFactory()
    user = policy if who == "policy" else pb
    client.force_login(user)
    build(pb, noord, 3)
    few = queries_for(client, URL)
    build(pb, noord, 27)
    assert queries_for(client, URL) == few


# --- Exports --------------------------------------------------------------------------------
def as_number(value):
    """A figure from either file, comparable: a number, or the text ("<5", "")."""
    if isinstance(value, int | float):
        return round(float(value), 1)
    try:
        return round(float(value.replace(",", ".")), 1)
    except ValueError:
        return value


def csv_rows(response):
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_csv_and_xlsx_exports_match_the_dashboard(client, policy, noord, zuid):
    pb = UserFactory()
    for _i in range(6):
        running_oza(pb, noord)
    for _i in range(2):
        running_oza(pb, zuid)
    client.force_login(policy)
    dashboard = client.get(URL)
    report = dashboard.context["sections"][0]["report"]

    exported = client.get(reverse("outcomes:export", args=["csv"]))
    assert exported["Content-Disposition"].startswith("attachment;")
    rows = csv_rows(exported)
    workbook = load_workbook(
        io.BytesIO(client.get(reverse("outcomes:export", args=["xlsx"])).content)
    )
    sheet_rows = [
        ["" if v is None else v for v in row] for row in workbook.active.iter_rows(values_only=True)
    ]
    for table in report.tables:
        start = rows.index([table.title])
        assert sheet_rows[start][0] == table.title
        for offset, row in enumerate(table.all_rows, start=2):
            shown = [c.display.rstrip("%").replace("–", "") for c in row.cells]
            assert rows[start + offset] == [row.label, *shown]
            in_sheet = sheet_rows[start + offset][: 1 + len(shown)]
            assert in_sheet[0] == row.label
            assert [as_number(v) for v in in_sheet[1:]] == [as_number(s) for s in shown]
    reach = rows[rows.index([report.table("reach").title]) + 2]
    assert reach == ["Jeugdigen met een actief oza", "8"]
    status = rows.index([report.table("education_status").title])
    assert ["Thuiszitter", "0"] in rows[status : status + 6]


def test_exported_text_cannot_run_as_a_formula(client, noord):
    pb = UserFactory()
    group = ArrangementFactory(group=True, created_by=pb, name='=HYPERLINK("http://x","klik")')
    TeamMemberFactory(arrangement=group, user=pb, role=TeamRole.PROCESBEGELEIDER)
    record_route(group, registered=timezone.now() - timedelta(days=10))
    client.force_login(pb)
    rows = csv_rows(client.get(reverse("outcomes:export", args=["csv"])))
    labels = [row[0] for row in rows if row]
    assert '\'=HYPERLINK("http://x","klik")' in labels
    assert not any(label.startswith("=") for label in labels)
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("outcomes:export", args=["xlsx"])).content)
    ).active
    cells = [row[0] for row in sheet.iter_rows() if row[0].value]
    hyperlink = next(c for c in cells if "HYPERLINK" in str(c.value))
    assert hyperlink.value.startswith("'") and hyperlink.data_type == "s"


def test_the_report_command_writes_both_files_for_a_region(tmp_path, region, noord, policy):
    pb = UserFactory()
    for _i in range(5):
        running_oza(pb, noord)
    today = timezone.localdate()
    out = io.StringIO()
    call_command(
        "outcomes_report",
        "--region",
        region.name,
        "--start",
        (today - timedelta(days=364)).isoformat(),
        "--end",
        today.isoformat(),
        "--out",
        str(tmp_path),
        "--filter",
        "kind=individueel",
        "--user",
        policy.username,
        stdout=out,
    )
    written = sorted(p.suffix for p in tmp_path.iterdir())
    assert written == [".csv", ".xlsx"]
    rows = list(
        csv.reader(io.StringIO(next(tmp_path.glob("*.csv")).read_text("utf-8-sig")), delimiter=";")
    )
    assert ["Jeugdigen met een actief oza", "5"] in rows
    assert ["Filter", "Soort arrangement", "Individueel oza"] in rows
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=policy).exists()


def test_a_group_with_members_from_elsewhere_counts_only_the_regions_jeugdigen(
    client, policy, noord, zuid
):
    pb = UserFactory()
    elsewhere = GemeenteFactory(region=Region.objects.create(name="Elders"))
    group = ArrangementFactory(group=True, capacity=20, created_by=pb)
    record_route(group, registered=timezone.now() - timedelta(days=60))
    joined = timezone.localdate() - timedelta(days=30)
    for gemeente, n in ((noord, 5), (zuid, 6), (elsewhere, 7)):
        for _i in range(n):
            ParticipationFactory(
                arrangement=group, jeugdige=JeugdigeFactory(gemeente=gemeente), joined_on=joined
            )
    client.force_login(policy)

    response = client.get(URL)
    assert cell(response, "reach", "reached") == "11"  # not the seven from elsewhere
    assert cell(response, "occupancy", str(group.pk)) == "11"
    assert cell(response, "education_status", "ingeschreven") == "11"

    filtered = client.get(URL, {"gemeente": zuid.pk})
    assert cell(filtered, "reach", "reached") == "6"
    assert cell(filtered, "occupancy", str(group.pk)) == "6"
