"""``manage.py load_demo``: the fictional demo region, written through the real services."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from stdnum.nl import bsn

from cases.management import demo
from cases.models import Arrangement, ArrangementKind, Jeugdige, Phase, PhaseTransition
from oza.accounts.models import Organisation, User
from oza.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the region once for this module (a few seconds), inside a transaction that is
    rolled back afterwards; each test runs in its own savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        yield load_demo()
        transaction.set_rollback(True)


def test_creates_the_region_with_sixty_jeugdigen_in_every_phase(loaded):
    assert 55 <= Jeugdige.objects.count() <= 65
    assert all(bsn.is_valid(j.bsn) for j in Jeugdige.objects.all())
    phases = set(Arrangement.objects.values_list("phase", flat=True))
    assert phases == set(Phase.values)
    assert Arrangement.objects.filter(kind=ArrangementKind.GROUP).count() == 3
    assert Organisation.objects.filter(cbs_code=demo.MARKER_CBS_CODE).exists()
    assert "Demo-gegevens voor Regio Kennemerkust geladen" in loaded
    assert "Inloggen: http://127.0.0.1:8000/accounts/login/" in loaded


def test_every_phase_matches_its_history(loaded):
    for arrangement in Arrangement.objects.prefetch_related("transitions"):
        history = list(arrangement.transitions.all())  # ordered by (at, id)
        expected = history[-1].to_phase if history else Phase.ORIENTATION
        assert arrangement.phase == expected, arrangement.pk
        assert [t.at for t in history] == sorted(t.at for t in history)
        for previous, step in zip(history, history[1:], strict=False):
            assert step.from_phase == previous.to_phase
    # The route went through bijstellen at least once, back to voorbereiding.
    assert PhaseTransition.objects.filter(transition="adjust").exists()


def test_history_is_back_dated_and_the_clock_is_restored(loaded):
    now = timezone.now()
    assert PhaseTransition.objects.filter(at__lt=now - timezone.timedelta(days=60)).exists()
    assert not PhaseTransition.objects.filter(at__gt=now).exists()
    assert not AuditEvent.objects.filter(at__gt=now).exists()
    # After the load the real clock is back for everyone else.
    assert abs((timezone.now() - now).total_seconds()) < 60


def test_demo_users_exist_and_log_in_with_the_demo_password(loaded, settings):
    for username in demo.DEMO_USERNAMES:
        user = authenticate(username=username, password=settings.OZA_DEMO_PASSWORD)
        assert user is not None, username
        assert user.is_demo
        assert not user.is_superuser
    ouder = User.objects.get(username="ouder")
    guardian = ouder.guardianships.get()
    assert guardian.has_authority
    procesbegeleider = User.objects.get(username="procesbegeleider")
    led = Arrangement.objects.filter(
        team_members__user=procesbegeleider, team_members__role="procesbegeleider"
    ).count()
    assert led >= 0.7 * Arrangement.objects.count()


def test_a_second_run_creates_nothing(loaded):
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        Jeugdige.objects.count(),
        Arrangement.objects.count(),
        AuditEvent.objects.count(),
    )
    output = load_demo()
    assert "Demo-gegevens staan er al." in output
    assert "procesbegeleider" in output
    assert counts == (
        Organisation.objects.count(),
        User.objects.count(),
        Jeugdige.objects.count(),
        Arrangement.objects.count(),
        AuditEvent.objects.count(),
    )


def test_refused_in_production(settings):
    settings.OZA_DEMO_USERS_ALLOWED = False
    before = (Organisation.objects.count(), User.objects.count(), Jeugdige.objects.count())
    with pytest.raises(CommandError, match="productie"):
        load_demo()
    assert (Organisation.objects.count(), User.objects.count(), Jeugdige.objects.count()) == before
