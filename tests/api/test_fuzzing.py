"""Schemathesis fuzzes every operation of the live schema, in-process through the WSGI app,
with a token of a procesbegeleider who has demo-like data: no 5xx, and every documented
response matches the schema. Bounded (a few examples per operation, no deadline) so the
suite stays fast."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from cases.models import Phase
from oza.wsgi import application
from tests.factories import (
    UserFactory,
    hold_mdo,
    make_api_token,
    make_group_arrangement,
    make_individual_arrangement,
    request_funding,
    write_proposal,
)

schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request; the test's
    transaction must survive it (Django's test client does the same)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    """A caseload like the demo's: oza's in several phases, goals, funding, an MDO with an
    agreement, a group, proposals; and one oza of someone else."""
    procesbegeleider = UserFactory(first_name="Pien", last_name="Procesbegeleider")
    oza = make_individual_arrangement(procesbegeleider=procesbegeleider, age=13)
    make_individual_arrangement(procesbegeleider=procesbegeleider, phase=Phase.PREPARATION)
    make_group_arrangement(procesbegeleider=procesbegeleider)
    request_funding(oza, by=procesbegeleider)
    hold_mdo(oza, agreements=[("Mentor belt wekelijks", True)])
    write_proposal(by=procesbegeleider, title="Faalangstgroep VO")
    make_individual_arrangement()
    _token, plain = make_api_token(service_user=procesbegeleider)
    return plain


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_survives_fuzzing(case, token):
    case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"},
        checks=[not_a_server_error, response_schema_conformance],
    )
