import os

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.core.cache import cache  # noqa: E402

from tests.factories import SchoolFactory, UserFactory, make_individual_arrangement  # noqa: E402

# The ``smtp_server`` fixture: a real SMTP server on loopback.
pytest_plugins = ["tests.mail_server"]


@pytest.fixture(autouse=True)
def _celery_eager(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CELERY_TASK_EAGER_PROPAGATES = True


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing "oza-demo" with PBKDF2 for every user would cost seconds over the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _the_same_queries_on_every_request(settings):
    """A page's query count must not depend on what an earlier request left behind: every
    request renews the session, sessions live in the database, and nothing is kept in a shared
    cache (with Redis, CI's first request would read the database and the next one Redis).
    tests/security/test_authentication.py covers the renewal, the cached sessions and the cached
    second factor; tests/outcomes/test_cache.py the cached figures."""
    settings.OZA_SESSION_RENEW_SECONDS = 0
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.db"
    settings.OZA_SHARED_CACHE = False


@pytest.fixture
def shared_cache(settings):
    """For tests of cached answers: in production the cache is Redis, shared by every process;
    in this one test process the local-memory cache behaves the same."""
    settings.OZA_SHARED_CACHE = True


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached answers (sessions, second factor, outcome figures) do not leak into the next test:
    rolled-back rows come back under the same ids, and with Redis (CI) the cache outlives the
    test database."""
    cache.clear()


@pytest.fixture(autouse=True)
def private_media(settings, tmp_path):
    """Generated documents go to a temporary private folder instead of var/private."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def procesbegeleider(db):
    """An onderwijsconsulent of an SWV, procesbegeleider of the ``oza`` fixture."""
    return UserFactory(first_name="Pien", last_name="Procesbegeleider")


@pytest.fixture
def team_member(db):
    """An intern begeleider of a school (add them to a team yourself)."""
    return UserFactory(intern_begeleider=True)


@pytest.fixture
def outsider(db):
    """A professional who is on no team."""
    return UserFactory(jeugdconsulent=True)


@pytest.fixture
def swv_admin(db):
    return UserFactory(functioneel_beheerder=True)


@pytest.fixture
def school_admin(db):
    return UserFactory(functioneel_beheerder=True, organisation=SchoolFactory())


@pytest.fixture
def portal_user(db):
    return UserFactory(portal=True)


@pytest.fixture
def oza(procesbegeleider):
    """An individual oza in orientatie for a 10-year-old with one ouder met gezag."""
    return make_individual_arrangement(procesbegeleider=procesbegeleider)


# Playwright drives Debian's Chromium: `playwright install` cannot download browsers here, and
# without the background-networking flags Chromium keeps dialling out of a closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": "/usr/bin/chromium",
        "args": CHROMIUM_ARGS,
    }
