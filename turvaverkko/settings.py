"""Settings for Turvaverkko: every environment variable once, typed, with its default.

`.env.example` documents each variable. Production sets DJANGO_ENV=production.
"""

from importlib.util import find_spec
from os import getpid
from pathlib import Path
from tempfile import gettempdir

import environ

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env(
    DJANGO_ENV=(str, "development"),
    SECRET_KEY=(str, "dev-insecure-change-me-0123456789-abcdefghijklmnopqrstuvwxyz"),
    DEBUG=(bool, False),
    ALLOWED_HOSTS=(list, ["127.0.0.1", "localhost", "testserver"]),
    CSRF_TRUSTED_ORIGINS=(list, []),
    DATABASE_URL=(str, f"sqlite:///{BASE_DIR / 'var' / 'turvaverkko.sqlite3'}"),
    REDIS_URL=(str, ""),
    EMAIL_URL=(str, "smtp://127.0.0.1:1025"),
    DEFAULT_FROM_EMAIL=(str, "Turvaverkko <noreply@turvaverkko.localhost>"),
    SITE_URL=(str, "http://127.0.0.1:8000"),
    SMS_GATEWAY_URL=(str, "http://127.0.0.1:8025/sms"),
    SMS_GATEWAY_TOKEN=(str, ""),
    SMS_INBOUND_TOKEN=(str, ""),
    HEALTH_STATUS_TOKEN=(str, ""),
    SMS_INBOUND_SIGNING_SECRET=(str, ""),
    SMS_INBOUND_SIGNATURE_TOLERANCE=(int, 300),
    SMS_INBOUND_LIMIT_PER_SENDER=(int, 10),
    SMS_INBOUND_LIMIT_PER_SOURCE=(int, 3000),
    SMS_UNCLEAR_REPLIES_PER_INCIDENT=(int, 20),
    HELP_OFFERS_PER_ADDRESS=(int, 10),
    SMS_SENDER=(str, "Turvaverkko"),
    NOTIFY_RATE_LIMITS=({"value": float}, {"sms": 50.0}),
    NOTIFY_TASKS_PER_CHANNEL=(int, 4),
    NOTIFY_LEASE_SECONDS=(float, 60.0),
    VAPID_PUBLIC_KEY=(str, ""),
    VAPID_PRIVATE_KEY=(str, ""),
    VAPID_CLAIM_EMAIL=(str, "mailto:admin@turvaverkko.localhost"),
    ACCESSIBILITY_FEEDBACK_EMAIL=(str, "saavutettavuus@turvaverkko.localhost"),
    ACCESSIBILITY_STATEMENT_DATE=(str, "2026-11-23"),
    CONFIRMATION_MAX_AGE_DAYS=(int, 365),
    VOLUNTEER_INACTIVE_DAYS=(int, 730),
    VOLUNTEER_ANONYMISE_GRACE_DAYS=(int, 30),
    INCIDENT_PERSONAL_DATA_DAYS=(int, 90),
    REQUIRE_2FA=(bool, True),
    LOG_LEVEL=(str, "INFO"),
    STATIC_ROOT=(str, str(BASE_DIR / "var" / "static")),
    # Serve collected, hashed, pre-compressed (gzip, brotli) static files, as production
    # does; the demo turns it on too (it runs collectstatic first). Default: production.
    STATIC_COMPRESSED=(bool, None),
    MEDIA_ROOT=(str, str(BASE_DIR / "var" / "media")),
    HSTS_SECONDS=(int, 31536000),
    INSIGHTS_DATA_DIR=(str, ""),
    STORAGE_BACKEND=(str, "filesystem"),
    STAGING_COPY=(bool, False),
    STAGING_REDIS_DB=(int, 15),
    HSDS_CACHE_SECONDS=(int, 30),
    DIRECTORY_STAMP_SECONDS=(float, 1.0),
    DIRECTORY_WARM_UP=(bool, True),
    DIRECTORY_GEOCODER=(str, ""),
    DIRECTORY_TILE_URL=(str, "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
    DIRECTORY_TILE_ATTRIBUTION=(
        str,
        '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>',
    ),
    FMI_CAP_FEED_URL=(str, ""),
    FMI_CAP_LINK_HOSTS=(list, []),
    FMI_CAP_FEED_TIMEOUT=(float, 10.0),
    PTV_READ_URL=(str, ""),
    PTV_FOLLOW_BUSINESS_IDS=(list, []),
    PTV_FOLLOW_MUNICIPALITIES=(list, []),
    PTV_WRITE_URL=(str, ""),
)
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DJANGO_ENV = env("DJANGO_ENV")
PRODUCTION = DJANGO_ENV == "production"
SECRET_KEY = env("SECRET_KEY")
DEBUG = env("DEBUG")
ALLOWED_HOSTS = env("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env("CSRF_TRUSTED_ORIGINS")
SITE_URL = env("SITE_URL").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # must precede django.contrib.admin
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "simple_history",
    "django_htmx",
    "turvaverkko.core",
    "turvaverkko.importing",
    "turvaverkko.accounts",
    "turvaverkko.areas",
    "turvaverkko.registry",
    "turvaverkko.directory",
    "turvaverkko.volunteers",
    "turvaverkko.notify",
    "turvaverkko.resources",
    "turvaverkko.preparedness",
    "turvaverkko.cap",
    "turvaverkko.incidents",
    "turvaverkko.partnership",
    "turvaverkko.outreach",
    "turvaverkko.knowledge",
    "turvaverkko.insights",
    "turvaverkko.web",
    "turvaverkko.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages gzipped (static files come pre-compressed from WhiteNoise); before every
    # middleware that reads or changes the body. Django pads the gzip header randomly
    # against BREACH-style guessing of the CSRF token.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private, no-store on every response that depends on who asks.
    "turvaverkko.web.middleware.PrivateNoStoreMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "turvaverkko.accounts.middleware.RequireTwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "turvaverkko.urls"
WSGI_APPLICATION = "turvaverkko.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "turvaverkko.web.context_processors.site",
            ],
        },
    },
]

DATABASES = {"default": env.db_url_config(env("DATABASE_URL"))}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Configured for concurrent writers (many replies at once, web and task workers side by
    # side): WAL lets readers go on while one process writes; transactions take the write
    # lock when they begin (IMMEDIATE), so a writer waits for it (the busy timeout, seconds)
    # at BEGIN instead of failing with "database is locked" half-way through; no view
    # retries a request.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    # Tests use a file too: Django's default in-memory test database is a shared cache,
    # whose table locks ignore the busy timeout and fail concurrent writers at once.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(gettempdir()) / f"turvaverkko-test-{getpid()}.sqlite3")
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = 60
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL")
if REDIS_URL and env("STAGING_COPY"):
    # Its own Redis database, so that a staging copy never takes production's jobs.
    from urllib.parse import urlsplit, urlunsplit

    REDIS_URL = urlunsplit(urlsplit(REDIS_URL)._replace(path=f"/{env('STAGING_REDIS_DB')}"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
    RQ_QUEUES = {
        name: {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600} for name in ("default", "alerts")
    }
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_rq.RQBackend",
            "QUEUES": ["default", "alerts"],
        }
    }
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", "alerts"],
        }
    }

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # OWASP ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:dashboard"
LOGOUT_REDIRECT_URL = "directory:search"
REQUIRE_2FA = env("REQUIRE_2FA")
OTP_TOTP_ISSUER = "Turvaverkko"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

# Login lockout (django-axes): the 5th wrong password locks the user name and the address
# for 15 minutes; the login form's e-mail field is named "username" (Django's LoginView).
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
# Lock the pair (user name, address), not either alone: one person behind a shared address
# cannot lock out everyone there, and nobody can keep a known coordinator locked out from
# the coordinator's own address. An e-mailed password reset ends a lockout at once.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "turvaverkko.accounts.lockout.username"
AXES_LOCKOUT_CALLABLE = "turvaverkko.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", "Suomi"), ("sv", "Svenska"), ("en", "English")]
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fi", "sv", "en")
LOCALE_PATHS = [BASE_DIR / "turvaverkko" / "locale"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT")
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT")
# Population grids and road graphs; keep it outside MEDIA_ROOT in production, since the
# licensed 250 m grid must not be served. Empty: MEDIA_ROOT/insights.
INSIGHTS_DATA_DIR = env("INSIGHTS_DATA_DIR")
# Where uploaded files (agreement documents, import files) and the insights data are kept:
# "filesystem" (the embedded default: MEDIA_ROOT and INSIGHTS_DATA_DIR on this machine's disk)
# or "database" (the core_storedfile table: every web and worker machine shares it, and it is
# in every database backup). A county with more than one machine sets "database".
STORAGE_BACKEND = env("STORAGE_BACKEND")
if STORAGE_BACKEND == "filesystem":
    _media_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    # No location: insights/storage.py reads INSIGHTS_DATA_DIR (or MEDIA_ROOT/insights) on use.
    _insights_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "database":
    _media_storage = {
        "BACKEND": "turvaverkko.core.storage.DatabaseStorage",
        "OPTIONS": {"location": "media"},
    }
    _insights_storage = {
        "BACKEND": "turvaverkko.core.storage.DatabaseStorage",
        "OPTIONS": {"location": "insights"},
    }
else:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured(
        f"STORAGE_BACKEND must be 'filesystem' or 'database', not {STORAGE_BACKEND!r}."
    )
STATIC_COMPRESSED = PRODUCTION if env("STATIC_COMPRESSED") is None else env("STATIC_COMPRESSED")
STORAGES = {
    "default": _media_storage,
    "insights": _insights_storage,
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_COMPRESSED
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_COMPRESSED

EMAIL_CONFIG = env.email_url("EMAIL_URL")
vars().update(EMAIL_CONFIG)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SMS_GATEWAY_URL = env("SMS_GATEWAY_URL")
SMS_GATEWAY_TOKEN = env("SMS_GATEWAY_TOKEN")  # sent by us to the gateway (outbound)
# Inbound SMS webhook (notify/sms/security.py): what the gateway must prove, and how often
# a sender (per hour) or a source address (per minute) may post.
SMS_INBOUND_TOKEN = env("SMS_INBOUND_TOKEN")
# Monitoring sends it as "Authorization: Bearer …" to see who holds the scheduler lock
# (/healthz/workers, web/health.py); without it the page shows counts and ages only.
HEALTH_STATUS_TOKEN = env("HEALTH_STATUS_TOKEN")
SMS_INBOUND_SIGNING_SECRET = env("SMS_INBOUND_SIGNING_SECRET")
SMS_INBOUND_SIGNATURE_TOLERANCE = env("SMS_INBOUND_SIGNATURE_TOLERANCE")
SMS_INBOUND_LIMIT_PER_SENDER = env("SMS_INBOUND_LIMIT_PER_SENDER")
SMS_INBOUND_LIMIT_PER_SOURCE = env("SMS_INBOUND_LIMIT_PER_SOURCE")
SMS_INBOUND_MAX_BODY = 16 * 1024
# Unclear or unmatched replies stored per sender and incident; more are answered but dropped.
SMS_UNCLEAR_REPLIES_PER_INCIDENT = env("SMS_UNCLEAR_REPLIES_PER_INCIDENT")
SMS_SENDER = env("SMS_SENDER")
# Sends per second per channel for all workers together (notify/limits.py); 0 or absent: no
# limit of ours. Set from the provider contract.
NOTIFY_RATE_LIMITS = env("NOTIFY_RATE_LIMITS")
# How many deliver_pending tasks an activation is split into per channel, so that that many
# task workers send it side by side (claims never overlap). Match it to the alerts workers.
NOTIFY_TASKS_PER_CHANNEL = env("NOTIFY_TASKS_PER_CHANNEL")
# Seconds a delivery task's claim lasts without renewal: a dead worker's rows are taken
# over by another worker this long (plus a second or two) after it died.
NOTIFY_LEASE_SECONDS = env("NOTIFY_LEASE_SECONDS")
VAPID_PUBLIC_KEY = env("VAPID_PUBLIC_KEY")
VAPID_PRIVATE_KEY = env("VAPID_PRIVATE_KEY")
VAPID_CLAIM_EMAIL = env("VAPID_CLAIM_EMAIL")

# A copy restored from a backup (`manage.py restore` writes STAGING_COPY=true into the env file
# it restores, unless told --as-production). It must not reach real people: no e-mail leaves
# (Django's dummy backend), notify workers send nothing (deliveries stay queued), the scheduler
# enqueues nothing, and the cache and task queues use Redis database STAGING_REDIS_DB, not the
# production one.
STAGING_COPY = env("STAGING_COPY")
if STAGING_COPY:
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

# The accessibility statement (Act 306/2019 §16): where users send feedback, and when the
# statement was last reviewed. Each operator sets its own.
ACCESSIBILITY_FEEDBACK_EMAIL = env("ACCESSIBILITY_FEEDBACK_EMAIL")
ACCESSIBILITY_STATEMENT_DATE = env("ACCESSIBILITY_STATEMENT_DATE")

CONFIRMATION_MAX_AGE_DAYS = env("CONFIRMATION_MAX_AGE_DAYS")
VOLUNTEER_INACTIVE_DAYS = env("VOLUNTEER_INACTIVE_DAYS")
VOLUNTEER_ANONYMISE_GRACE_DAYS = env("VOLUNTEER_ANONYMISE_GRACE_DAYS")
# Offers of help (an anonymous form) accepted per network address and hour.
HELP_OFFERS_PER_ADDRESS = env("HELP_OFFERS_PER_ADDRESS")
# Days after an incident closes until its SMS replies and delivery records are pseudonymised.
INCIDENT_PERSONAL_DATA_DAYS = env("INCIDENT_PERSONAL_DATA_DAYS")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    # DRF's three default parsers, JSON with a nesting limit (api/parsers.py).
    "DEFAULT_PARSER_CLASSES": [
        "turvaverkko.api.parsers.DepthLimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    # Public reads marked public, every error response listed (api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "turvaverkko.api.schema.AutoSchema",
    # A well-formed id that matches nothing filters to an empty list, not a 400 (core/filters.py).
    "DEFAULT_FILTER_BACKENDS": ["turvaverkko.core.filters.FilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
}
# Public /hsds/ responses are cached per URL and language for this many seconds (0 = off).
HSDS_CACHE_SECONDS = env("HSDS_CACHE_SECONDS")
# How long a web process trusts its last read of the directory's data stamp (seconds): a
# change made on another machine shows in search within it (docs/directory.md "Freshness").
DIRECTORY_STAMP_SECONDS = env("DIRECTORY_STAMP_SECONDS")
# Each web worker builds the search index as it starts (wsgi.py), not on its first search.
DIRECTORY_WARM_UP = env("DIRECTORY_WARM_UP")
# A place saved without coordinates gets its point from this geocoder (a dotted path to a
# callable, directory/geocode.py), else from its postal code area. Off ("") by default.
DIRECTORY_GEOCODER = env("DIRECTORY_GEOCODER")

# FMI's CAP weather warnings (cap/feed.py), read every 5 minutes by the scheduler.
# Off ("") by default: the demo has no internet. FMI's feed, which standards.md §3.2 names,
# is https://alerts.fmi.fi/cap/feed/atom_fi-FI.xml. Alerts that entries link to are fetched
# from the feed's own host and from FMI_CAP_LINK_HOSTS only. The timeout (seconds) bounds each
# network read and, checked between reads, each request as a whole (so at most about twice it).
FMI_CAP_FEED_URL = env("FMI_CAP_FEED_URL")
FMI_CAP_LINK_HOSTS = env("FMI_CAP_LINK_HOSTS")
FMI_CAP_FEED_TIMEOUT = env("FMI_CAP_FEED_TIMEOUT")

# PTV (docs/directory.md): reads off ("") by default, as the demo has no internet; v11 is
# https://api.palvelutietovaranto.suomi.fi/api/v11/. The scheduler reads the organisations
# and municipalities followed weekly in full and daily for changes. Writing (PTV's IN API,
# which needs DVV's permission) is off unless PTV_WRITE_URL is set.
PTV_READ_URL = env("PTV_READ_URL")
PTV_FOLLOW_BUSINESS_IDS = env("PTV_FOLLOW_BUSINESS_IDS")
PTV_FOLLOW_MUNICIPALITIES = env("PTV_FOLLOW_MUNICIPALITIES")
PTV_WRITE_URL = env("PTV_WRITE_URL")

SPECTACULAR_SETTINGS = {
    "TITLE": "Turvaverkko API",
    "DESCRIPTION": (
        "The network registry, volunteers and public directory of Turvaverkko. "
        "Open Referral HSDS 3.0 endpoints live under /hsds/."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

# Leaflet's files come from the django-leaflet package; its Django app is not installed
# because its admin widgets import GeoDjango (GDAL), which we do not need.
STATICFILES_DIRS = [Path(find_spec("leaflet").origin).resolve().parent / "static"]

# The map's tile server (docs/operations.md): OpenStreetMap's by default, or e.g. the
# municipality's own. {z}/{x}/{y} as Leaflet takes them; the attribution is HTML.
DIRECTORY_TILE_URL = env("DIRECTORY_TILE_URL")
DIRECTORY_TILE_ATTRIBUTION = env("DIRECTORY_TILE_ATTRIBUTION")
_TILE_ORIGIN = "/".join(DIRECTORY_TILE_URL.split("/")[:3])  # https://tile.openstreetmap.org

# Content security policy: no inline scripts, map tiles from the tile server only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:", _TILE_ORIGIN],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

SIMPLE_HISTORY_HISTORY_ID_USE_UUID = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 12 * 60 * 60  # sign in again after 12 hours (OWASP ASVS 3.3.2, level 2)
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    from django.core.exceptions import ImproperlyConfigured

    insecure_default_key = env.scheme["SECRET_KEY"][1]
    if SECRET_KEY in (insecure_default_key, "") or len(set(SECRET_KEY)) < 5 or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "DJANGO_ENV=production needs its own SECRET_KEY of 50 or more random characters."
        )
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    # The load balancer probes /healthz/live and /healthz/ready over plain HTTP (web/health.py).
    SECURE_REDIRECT_EXEMPT = [r"^healthz(/live|/ready)?$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env("HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Behind the reverse proxy (nginx) the client's address is in X-Forwarded-For; without
    # this every login would come from the proxy's address and one lockout would stop all.
    AXES_CLIENT_IP_CALLABLE = "turvaverkko.accounts.lockout.client_ip_behind_proxy"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
