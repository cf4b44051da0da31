"""Settings for oza, read from the environment in this one module.

OZA_ENVIRONMENT chooses the defaults:
- ``demo`` (default): the embedded set-up of ``make run``: SQLite, Celery over a filesystem
  broker, mail written to var/mail, demo users allowed.
- ``production``: every secret must come from the environment; demo users are refused.
DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis in either mode.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("OZA_VAR_DIR", default=str(BASE_DIR / "var")))

env = environ.Env()

OZA_ENVIRONMENT = env.str("OZA_ENVIRONMENT", default="demo")
if OZA_ENVIRONMENT not in {"demo", "production"}:
    raise environ.ImproperlyConfigured("OZA_ENVIRONMENT must be 'demo' or 'production'")
IS_PRODUCTION = OZA_ENVIRONMENT == "production"
# Demo users (one per role, shared password) may only ever exist outside production.
OZA_DEMO_USERS_ALLOWED = not IS_PRODUCTION
OZA_DEMO_PASSWORD = env.str("OZA_DEMO_PASSWORD", default="oza-demo")

DEBUG = env.bool("DEBUG", default=not IS_PRODUCTION)
if IS_PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY")
else:
    SECRET_KEY = env.str(
        "SECRET_KEY", default="demo-only-secret-key-not-for-production-use-0123456789"
    )
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if IS_PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Django's widget templates, found by the project's engine (FORM_RENDERER below).
    "django.forms",
    "django_htmx",
    "django_filters",
    "django_celery_beat",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "oza.accounts",
    "oza.audit",
    "cases",
    "mdo",
    "funding",
    "outcomes",
    "oza.documents",
    "oza.portal",
    "oza.avg",
    "oza.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oza.accounts.middleware.SessionRenewalMiddleware",
    "oza.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "oza.accounts.middleware.SecondFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "oza.audit.middleware.AuditContextMiddleware",
    "csp.middleware.CSPMiddleware",
    "oza.middleware.PermissionsPolicyMiddleware",
    # Last, as django-axes asks: it turns a lockout into the Dutch lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oza.urls"
WSGI_APPLICATION = "oza.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "oza.accounts.context_processors.second_factor",
            ],
        },
    },
]

# Widgets render through the project's engine: its cached loader, and the lean widget
# templates under templates/django/forms/ in place of Django's own.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'oza.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT: PostgreSQL compiles a query whose estimated cost passes jit_above_cost, and for
    # the outcome indicators' subqueries that compiling took 200-300 ms, for queries that run
    # in tens of milliseconds. This app's queries are all too short to gain from it.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off"}
    # Server-side binding lets psycopg prepare a statement it has run five times on a
    # connection, so PostgreSQL stops planning it on every request (1 to 1.5 ms for an access
    # check). Off for a transaction-mode PgBouncer, which cannot keep prepared statements.
    if env.bool("DATABASE_PREPARED_STATEMENTS", default=True):
        DATABASES["default"]["OPTIONS"] |= {"server_side_binding": True, "prepare_threshold": 5}
    # psycopg's pool keeps connections open: opening one costs ~7 ms per request otherwise.
    if env.bool("DATABASE_POOL", default=True):
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": 1,
            "max_size": env.int("DATABASE_POOL_MAX", default=10),
        }
        DATABASES["default"]["CONN_MAX_AGE"] = 0
    else:
        DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
else:
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked username + IP before the password is even checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "oza.accounts.backends.UserBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12 if IS_PRODUCTION else 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
# Professionals land on their dossiers, parents and jeugdigen on the portal (oza.views.LoginView).
LOGIN_REDIRECT_URL = "cases:dossier_list"
LOGOUT_REDIRECT_URL = "login"

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Nederlands")), ("en", _("Engels"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Production serves collected files (collectstatic in the image); the demo serves them from
# the apps' folders directly, so nothing needs collecting before `make run`.
STATIC_ROOT = BASE_DIR / "staticfiles" if IS_PRODUCTION else None
WHITENOISE_USE_FINDERS = not IS_PRODUCTION
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if IS_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Generated documents (PDF) live here, outside MEDIA_URL and static: they are served only
# through oza.documents.views.serve_document, which checks access and writes the audit trail.
PRIVATE_MEDIA_ROOT = Path(env.str("OZA_PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))

# --- Cache, Celery and Redis ----------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Whether every process sees the same cache: only then may it hold answers that another process
# invalidates (sessions, the second-factor check).
OZA_SHARED_CACHE = bool(REDIS_URL)
OZA_SECOND_FACTOR_CACHE_SECONDS = 10 * 60
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "oza.caching.RedisCache", "LOCATION": REDIS_URL}}
    # Sessions are read from Redis on every request and written through to the database.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Without a broker a worker still runs scheduled tasks, through kombu's filesystem transport.
    CELERY_BROKER_URL = "filesystem://"
    _broker_dir = VAR_DIR / "celery"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "store_processed": False,
        "control_folder": str(_broker_dir / "control"),
    }
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1

# --- E-mail ---------------------------------------------------------------------------------
if "EMAIL_URL" in env:
    vars().update(env.email_url("EMAIL_URL"))
elif IS_PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="oza <noreply@oza.example>")

# --- Security -------------------------------------------------------------------------------
# A session ends after this many seconds without a request. Requests renew it, at most once per
# OZA_SESSION_RENEW_SECONDS (oza.accounts.middleware.SessionRenewalMiddleware): saving the
# session on every request cost every page a write transaction.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=30 * 60)
OZA_SESSION_RENEW_SECONDS = env.int("OZA_SESSION_RENEW_SECONDS", default=60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = IS_PRODUCTION
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = IS_PRODUCTION
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if IS_PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# Content-Security-Policy (django-csp): everything from this site only; no inline scripts or
# styles (templates use none; htmx's indicator styles are off through the htmx-config meta tag).
# The inline SVG QR code needs nothing extra; data: images are allowed for the admin's icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features no page needs (set by oza.middleware.PermissionsPolicyMiddleware).
OZA_PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Second factor for professionals (TOTP app, with recovery codes). Required in production:
# a professional without a confirmed app is sent to set one up before any page. In demo it is
# offered, not required, so the demo users log in with their password only.
OZA_REQUIRE_2FA = env.bool("OZA_REQUIRE_2FA", default=IS_PRODUCTION)
OZA_RECOVERY_CODES = 10

# Lockout after repeated failed logins (django-axes), per username and IP address. Unlock in the
# admin (Toegangspogingen) or with `manage.py axes_reset`.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "oza.accounts.views.lockout"
# The client address is REMOTE_ADDR, as in the audit trail (django-ipware is not installed).

# --- Domain settings ------------------------------------------------------------------------
# How long a break-the-glass grant of a functioneel beheerder stays valid.
OZA_BREAK_GLASS_MINUTES = env.int("OZA_BREAK_GLASS_MINUTES", default=60)
OZA_PAGE_SIZE = env.int("OZA_PAGE_SIZE", default=25)
# Funding lines ending within this many weeks show on the procesbegeleider's checklist.
OZA_FUNDING_EXPIRY_WEEKS = env.int("OZA_FUNDING_EXPIRY_WEEKS", default=8)
# Outcome indicators: oza's taking longer than this from registration to uitvoering are counted.
OZA_LEAD_TIME_NORM_DAYS = env.int("OZA_LEAD_TIME_NORM_DAYS", default=90)
# Seconds the computed outcome figures stay cached. Writes invalidate them at once
# (outcomes/cache.py); this only bounds what a write the signals miss can leave stale.
OZA_OUTCOMES_CACHE_SECONDS = env.int("OZA_OUTCOMES_CACHE_SECONDS", default=600)
# Seconds a professional's lists (dossier list, funding checklist, API list of oza's) and case
# pages (oza page, MDO screen, jeugdige page, a parent's portal plan) stay cached. Writes to
# what they show drop them at once (cases/cache.py); this only bounds what a missed write can
# leave stale.
OZA_CASELOAD_CACHE_SECONDS = env.int("OZA_CASELOAD_CACHE_SECONDS", default=600)
# Weeks before its end date at which the procesbegeleider is e-mailed about a granted line.
OZA_FUNDING_EXPIRY_NOTICE_WEEKS = env.list(
    "OZA_FUNDING_EXPIRY_NOTICE_WEEKS", cast=int, default=[8, 2]
)
# Days before an MDO on which participants are reminded.
OZA_MDO_REMINDER_DAYS = env.list("OZA_MDO_REMINDER_DAYS", cast=int, default=[7, 1])
# Portal for ouders and jeugdigen: days an invitation link stays valid, and days after the last
# oza of a child was closed (or ended early) that the family keeps access.
OZA_PORTAL_INVITATION_DAYS = env.int("OZA_PORTAL_INVITATION_DAYS", default=14)
OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE = env.int("OZA_PORTAL_ACCESS_DAYS_AFTER_CLOSE", default=90)
# Where anyone reports an accessibility problem (the toegankelijkheidsverklaring).
OZA_ACCESSIBILITY_CONTACT = env.str(
    "OZA_ACCESSIBILITY_CONTACT", default="toegankelijkheid@oza.example"
)
# The issuer shown in authenticator apps for the portal's second factor (TOTP).
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="oza")
# Where the site is reached, for links in e-mail.
# Retention of a jeugdhulp dossier: a jeugdige is removed this many years after their last oza
# closed (Jeugdwet: 20 years), unless a legal hold is set.
OZA_RETENTION_YEARS = env.int("OZA_RETENTION_YEARS", default=20)
OZA_SITE_URL = env.str("OZA_SITE_URL", default="" if IS_PRODUCTION else "http://127.0.0.1:8000")

# --- API (/api/v1/) --------------------------------------------------------------------------
OZA_API_PAGE_SIZE = env.int("OZA_API_PAGE_SIZE", default=25)
OZA_API_MAX_PAGE_SIZE = env.int("OZA_API_MAX_PAGE_SIZE", default=100)
REST_FRAMEWORK = {
    # A token first: its WWW-Authenticate header makes a request without credentials a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "oza.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["oza.api.permissions.ProfessionalWithScope"],
    "DEFAULT_PAGINATION_CLASS": "oza.api.pagination.Pagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "oza.api.exceptions.exception_handler",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "oza API",
    "DESCRIPTION": (
        "API voor professionals en koppelingen: jeugdigen, oza's met team en doelen, fasewissels, "
        "MDO's en afspraken, bekostiging en voorstellen voor groepsarrangementen. Dezelfde "
        "regels als de pagina's: alleen het team van een oza ziet het."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and Redoc from the drf-spectacular-sidecar package: nothing loads from the web.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Choice sets that share a field name ("kind", "status") get their own schema names.
    "ENUM_NAME_OVERRIDES": {
        "ArrangementKindEnum": "cases.models.ArrangementKind",
        "MeetingKindEnum": "mdo.models.MeetingKind",
        "ParticipantKindEnum": "mdo.models.ParticipantKind",
        "AgendaItemKindEnum": "mdo.models.AgendaItemKind",
        "FundingKindEnum": "funding.models.FundingKind",
        "MeetingStatusEnum": "mdo.models.MeetingStatus",
        "AgreementStatusEnum": "mdo.models.AgreementStatus",
        "FundingStatusEnum": "funding.models.FundingStatus",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint reports every rendering step at INFO; its warnings and errors still show.
    "loggers": {"weasyprint": {"level": "WARNING"}, "fontTools": {"level": "WARNING"}},
}

# The two reference views of the benchmark (bench/run.py): a constant and one indexed query
# behind the session. Only with OZA_BENCH_VIEWS=1, never in production.
OZA_BENCH_VIEWS = env.bool("OZA_BENCH_VIEWS", default=False)
if OZA_BENCH_VIEWS and IS_PRODUCTION:
    raise environ.ImproperlyConfigured("OZA_BENCH_VIEWS is for the benchmark, not production")
