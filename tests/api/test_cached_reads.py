"""The API's lists of jeugdigen, MDO's, agreements and funding lines come from the cache while
nothing in the user's caseload changed (cases/cache.py), like the list of oza's: a repeated
read is served from the cache and still logged, a write shows at once, and no entry crosses from
one user or filter to another. One oza, MDO, agreement or funding line is the record the lists
keep under its oza's version (``per_part``): after the access check, serialized again only
after a change to that oza, and every read logged."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from cases import services as case_services
from cases.api.views import ArrangementViewSet, JeugdigeViewSet
from cases.models import ArrangementFunctionChoice, Jeugdige
from funding import services as funding_services
from funding.api.views import FundingLineViewSet
from funding.models import FundingLine, FundingStatus
from mdo import services as mdo_services
from mdo.api.views import AgreementViewSet, MeetingViewSet
from mdo.models import Agreement, AgreementStatus, Meeting
from oza.audit.models import AuditAction, AuditEvent
from tests.factories import (
    GuardianFactory,
    JeugdigeFactory,
    TeamMemberFactory,
    UserFactory,
    hold_mdo,
    make_individual_arrangement,
    plan_mdo,
    request_funding,
    the_jeugdige,
)
from tests.reading import made_again

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("shared_cache")]


@pytest.fixture
def oza():
    arrangement = make_individual_arrangement(
        jeugdige=JeugdigeFactory(first_name="Daan", last_name="Visser")
    )
    GuardianFactory(jeugdige=the_jeugdige(arrangement))
    hold_mdo(arrangement, agreements=[("Daan leest elke dag een kwartier", True)])
    request_funding(arrangement, by=arrangement.procesbegeleider)
    return arrangement


def read(user, url, **params) -> tuple[dict, str]:
    """The answer, and the SQL it ran."""
    client = APIClient()
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return response.json(), "\n".join(query["sql"] for query in queries)


def rename_jeugdige(oza, by):
    jeugdige = the_jeugdige(oza)
    case_services.jeugdige_update(
        by=by, jeugdige=jeugdige, data={"first_name": "Daniël"}, expected_version=jeugdige.version
    )
    return lambda results: results[0]["first_name"] == "Daniël"


def plan_another_mdo(oza, by):
    meeting = plan_mdo(oza, by=by)
    return lambda results: meeting.pk in {m["id"] for m in results}


def mark_agreement_done(oza, by):
    agreement = oza.agreements.get()
    mdo_services.agreement_update(agreement=agreement, by=by, status=AgreementStatus.DONE)
    return lambda results: results[0]["status"] == AgreementStatus.DONE


def grant_the_line(oza, by):
    funding_services.funding_line_decide(by=by, line=oza.funding_lines.get(), decision="grant")
    return lambda results: results[0]["status"] == FundingStatus.GRANTED


LISTS = {
    "/api/v1/jeugdigen/": (Jeugdige, rename_jeugdige),
    "/api/v1/mdos/": (Meeting, plan_another_mdo),
    "/api/v1/agreements/": (Agreement, mark_agreement_done),
    "/api/v1/funding-lines/": (FundingLine, grant_the_line),
}


@pytest.mark.parametrize("url", LISTS)
def test_a_repeated_list_comes_from_the_cache_and_is_logged_each_time(oza, url):
    pb = oza.procesbegeleider
    model = LISTS[url][0]
    (first, cold), (second, warm) = read(pb, url), read(pb, url)
    assert second == first
    assert first["results"]
    table = f'"{model._meta.db_table}"'
    assert table in cold
    assert table not in warm
    logged = AuditEvent.objects.filter(
        actor=pb,
        action=AuditAction.LIST,
        jeugdige=the_jeugdige(oza),
        object_type=f"api.{model._meta.label}",
    )
    assert logged.count() == 2


@pytest.mark.parametrize("url", [*LISTS, "/api/v1/ozas/"])
def test_a_kept_list_is_sent_as_the_json_it_was_and_rendered_again_for_other_formats(oza, url):
    """The cache keeps a list as the JSON it sends; an indent or the browsable API (a person
    in a browser) gets the same data rendered their way."""
    client = APIClient()
    client.force_login(oza.procesbegeleider)
    made, kept = client.get(url), client.get(url)
    assert kept.content == made.content
    assert kept["Content-Type"] == "application/json"
    data = json.loads(kept.content)
    assert data["results"]

    indented = client.get(url, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "count": ')
    assert json.loads(indented.content) == data

    browsable = client.get(url, HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert browsable["Content-Type"].startswith("text/html")
    assert f"&quot;id&quot;: {data['results'][0]['id']}," in browsable.text


@pytest.mark.parametrize("url", LISTS)
def test_a_change_shows_at_once(oza, url):
    pb = oza.procesbegeleider
    read(pb, url)
    shows_the_change = LISTS[url][1](oza, pb)
    assert shows_the_change(read(pb, url)[0]["results"])


@pytest.mark.parametrize("url", LISTS)
def test_a_list_is_for_one_user(oza, url):
    read(oza.procesbegeleider, url)
    other = make_individual_arrangement()
    hold_mdo(other, agreements=[("Iets anders", True)])
    request_funding(other, by=other.procesbegeleider)
    theirs = read(other.procesbegeleider, url)[0]["results"]
    assert theirs
    assert {oza_of(record) for record in theirs} == {other.pk}


def oza_of(record) -> int:
    if "arrangement" in record:
        return record["arrangement"]
    [arrangement] = record["arrangements"]
    return arrangement


def test_whoever_leaves_the_team_no_longer_sees_its_lines(oza):
    member = TeamMemberFactory(arrangement=oza, user=UserFactory())
    assert read(member.user, "/api/v1/funding-lines/")[0]["results"]
    case_services.team_member_remove(by=oza.procesbegeleider, member=member)
    assert read(member.user, "/api/v1/funding-lines/")[0]["results"] == []


def test_a_filter_gets_its_own_entry(oza):
    pb = oza.procesbegeleider
    assert read(pb, "/api/v1/funding-lines/")[0]["count"] == 1
    assert read(pb, "/api/v1/funding-lines/", status=FundingStatus.GRANTED)[0]["count"] == 0


@pytest.mark.parametrize(
    ("url", "viewset", "model"),
    [
        ("/api/v1/mdos/", MeetingViewSet, Meeting),
        ("/api/v1/agreements/", AgreementViewSet, Agreement),
    ],
)
def test_a_list_made_anew_serializes_only_the_changed_ozas_records_again(
    oza, monkeypatch, url, viewset, model
):
    pb = oza.procesbegeleider
    other = make_individual_arrangement(procesbegeleider=pb)
    hold_mdo(other, agreements=[("Iets anders", True)])
    read(pb, url)
    made = made_again(monkeypatch, viewset, "records_of")
    mark_agreement_done(oza, pb)  # a write to the first oza only
    shown = {record["id"]: record for record in read(pb, url)[0]["results"]}
    assert made == [sorted(model.objects.filter(arrangement=oza).values_list("pk", flat=True))]
    assert {record["arrangement"] for record in shown.values()} == {oza.pk, other.pk}
    [done] = Agreement.objects.filter(arrangement=oza)
    if model is Agreement:
        assert shown[done.pk]["status"] == AgreementStatus.DONE
    else:
        [agreement] = shown[done.meeting_id]["agreements"]
        assert agreement["status"] == AgreementStatus.DONE


def test_a_beheerder_and_a_member_never_share_a_kept_funding_record(oza):
    beheerder = UserFactory(functioneel_beheerder=True)
    case_services.break_glass_open(
        user=beheerder, jeugdige=the_jeugdige(oza), reason="Inzageverzoek van de ouders"
    )
    url = "/api/v1/funding-lines/"
    [member_record] = read(oza.procesbegeleider, url)[0]["results"]
    assert member_record["amount"] is not None
    [seen] = read(beheerder, url)[0]["results"]  # amounts are for team members only
    assert seen["id"] == member_record["id"] and seen["amount"] is None
    assert read(oza.procesbegeleider, url)[0]["results"] == [member_record]


def test_a_kept_jeugdige_names_only_the_ozas_each_reader_may_see(oza):
    jeugdige = the_jeugdige(oza)
    other = make_individual_arrangement(jeugdige=jeugdige)  # a second oza, another team
    in_both = other.procesbegeleider
    TeamMemberFactory(arrangement=oza, user=in_both)
    url = "/api/v1/jeugdigen/"
    [mine] = read(oza.procesbegeleider, url)[0]["results"]
    [theirs] = read(in_both, url)[0]["results"]
    assert mine["arrangements"] == [oza.pk]
    assert theirs["arrangements"] == [oza.pk, other.pk]
    assert {**mine, "arrangements": None} == {**theirs, "arrangements": None}


def test_the_jeugdigen_list_made_anew_serializes_only_the_changed_jeugdige_again(oza, monkeypatch):
    pb = oza.procesbegeleider
    other = make_individual_arrangement(procesbegeleider=pb)
    read(pb, "/api/v1/jeugdigen/")
    made = made_again(monkeypatch, JeugdigeViewSet, "records_of")
    rename_jeugdige(oza, pb)
    shown = {record["id"]: record for record in read(pb, "/api/v1/jeugdigen/")[0]["results"]}
    assert made == [[the_jeugdige(oza).pk]]
    assert shown[the_jeugdige(oza).pk]["first_name"] == "Daniël"
    assert shown[the_jeugdige(other).pk]["arrangements"] == [other.pk]


def rename_oza(oza, by):
    case_services.arrangement_update(
        by=by,
        arrangement=oza,
        data={"name": "Daan op de fiets"},
        functions=[ArrangementFunctionChoice.OPBOUWEN],
        expected_version=oza.version,
    )
    return lambda record: record["name"] == "Daan op de fiets"


def mark_the_mdos_agreement_done(oza, by):
    mark_agreement_done(oza, by)
    return lambda record: record["agreements"][0]["status"] == AgreementStatus.DONE


def mark_the_agreement_done(oza, by):
    mark_agreement_done(oza, by)
    return lambda record: record["status"] == AgreementStatus.DONE


def grant(oza, by):
    grant_the_line(oza, by)
    return lambda record: record["status"] == FundingStatus.GRANTED


# --- details: one object -----------------------------------------------------------------------
# Per API path: its viewset, the object of the oza it shows, and a change to it.
DETAILS = {
    "ozas": (ArrangementViewSet, lambda oza: oza, rename_oza),
    "mdos": (MeetingViewSet, lambda oza: oza.meetings.get(), mark_the_mdos_agreement_done),
    "agreements": (
        AgreementViewSet,
        lambda oza: oza.agreements.get(),
        mark_the_agreement_done,
    ),
    "funding-lines": (FundingLineViewSet, lambda oza: oza.funding_lines.get(), grant),
}


def detail(oza, path) -> tuple[str, object]:
    shown = DETAILS[path][1](oza)
    return f"/api/v1/{path}/{shown.pk}/", shown


def etag_of(shown) -> str | None:
    """A versioned record's ETag (an agreement has no version)."""
    return f'"{shown.version}"' if hasattr(shown, "version") else None


def get(user, url):
    client = APIClient()
    client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize("path", DETAILS)
def test_a_repeated_detail_is_the_kept_record_and_is_logged_each_time(oza, path, monkeypatch):
    pb = oza.procesbegeleider
    url, shown = detail(oza, path)
    made = made_again(monkeypatch, DETAILS[path][0], "records_of")
    first, second = get(pb, url), get(pb, url)
    assert first.status_code == second.status_code == 200
    assert first.json() == second.json()
    assert first.json()["id"] == shown.pk
    assert made == [[shown.pk]]
    assert first.get("ETag") == second.get("ETag") == etag_of(shown)
    logged = AuditEvent.objects.filter(
        actor=pb,
        action=AuditAction.VIEW,
        jeugdige=the_jeugdige(oza),
        object_type=shown._meta.label,
        object_id=str(shown.pk),
    )
    assert logged.count() == 2


@pytest.mark.parametrize("path", DETAILS)
def test_a_detail_is_the_record_in_the_list(oza, path):
    pb = oza.procesbegeleider
    url, shown = detail(oza, path)
    [listed] = get(pb, f"/api/v1/{path}/").json()["results"]
    assert get(pb, url).json() == listed


@pytest.mark.parametrize("path", DETAILS)
def test_a_change_to_the_detail_shows_at_once(oza, path):
    pb = oza.procesbegeleider
    url, shown = detail(oza, path)
    before = get(pb, url)
    shows_the_change = DETAILS[path][2](oza, pb)
    after = get(pb, url)
    assert not shows_the_change(before.json())
    assert shows_the_change(after.json())
    shown.refresh_from_db()
    assert after.get("ETag") == etag_of(shown)


@pytest.mark.parametrize("path", DETAILS)
def test_whoever_leaves_the_team_no_longer_gets_the_kept_record(oza, path):
    member = TeamMemberFactory(arrangement=oza, user=UserFactory())
    url, _shown = detail(oza, path)
    assert get(member.user, url).status_code == 200
    case_services.team_member_remove(by=oza.procesbegeleider, member=member)
    assert get(member.user, url).status_code == 404


def test_a_beheerder_never_gets_the_amount_a_member_was_shown(oza):
    url, _line = detail(oza, "funding-lines")
    assert get(oza.procesbegeleider, url).json()["amount"] is not None
    beheerder = UserFactory(functioneel_beheerder=True)
    case_services.break_glass_open(
        user=beheerder, jeugdige=the_jeugdige(oza), reason="Inzageverzoek van de ouders"
    )
    assert get(beheerder, url).json()["amount"] is None


def test_a_detail_that_is_no_number_is_not_found(oza):
    assert get(oza.procesbegeleider, "/api/v1/agreements/abc/").status_code == 404
