"""Settings for Solidaire Gemeenten, grouped by concern.

Everything an operator tunes comes from the environment, read through the typed helpers in
``solidair.lib.env``; ``deploy/solidair.env.example`` lists every variable. With no environment
at all the project runs on an embedded SQLite database, so a fresh clone works with
``make run``. The rules of the product (days kept, reminders, caps that are not tuned) are
constants beside the code that applies them, not settings.
"""

import tempfile
from datetime import date, timedelta
from email.utils import parseaddr
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from whitenoise.compress import Compressor

from solidair.lib.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# --- The site ----------------------------------------------------------------------------
DEBUG = env_bool("DEBUG", False)
# PRODUCTION=1 behind the nginx of deploy/nginx/solidair.conf, over HTTPS (see "Production"
# below). Without it (`make run`, the tests) the site runs over http.
PRODUCTION = env_bool("PRODUCTION", False)
# The default key only exists so that a fresh clone runs; `check --deploy`
# flags it because of its prefix.
SECRET_KEY = env_str("SECRET_KEY", "django-insecure-local-development-key-do-not-deploy")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
# The address mailed links point to.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before whitenoise's: its runserver (solidair/operations/management/commands/runserver.py)
    # is the one `make run` starts.
    "solidair.operations",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "ninja",
    "solidair.municipalities",
    "solidair.membership",
    "solidair.initiatives",
    "solidair.network",
    "solidair.letters",
    "solidair.opendata",
    "solidair.pages",
    "post_office",
    "django_tasks",
    "django_tasks_db",
    "solidair.web",
    "solidair.portal",
    "solidair.applications",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # A strict Content-Security-Policy on every answer (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # /beheer/ only: hashes of the admin libraries' few inline style attributes.
    "solidair.operations.backoffice_csp.BackOfficePolicyMiddleware",
    # Permissions-Policy (PERMISSIONS_POLICY below) on every answer.
    "solidair.operations.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Text answers compressed (pages and open data: the one place), before the page cache's fast
    # path and nginx keep them; outside the open data's headers, so its ETag is of the plain body.
    "solidair.operations.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # ?lang= (and for the API Accept-Language) on the addresses without a language prefix.
    "solidair.web.languages.LanguageParameterMiddleware",
    # ETag, Last-Modified and CORS for the API and the downloads; outside the page cache, so
    # that a revalidation answered from the cache still gets a 304.
    "solidair.opendata.middleware.OpenDataHeadersMiddleware",
    # Whole public pages for anonymous visitors (PAGE_CACHE_* below).
    "solidair.operations.pagecache.PublicPageCacheMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "solidair.urls"
WSGI_APPLICATION = "solidair.wsgi.application"

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
                # The network's contact address, in every page's footer.
                "solidair.network.context_processors.network_contact",
            ],
        },
    },
]

# --- Database ----------------------------------------------------------------------------
# SQLite by default; DATABASE_URL (postgres://...) switches to PostgreSQL.
_database_url = env_str("DATABASE_URL", "")
if _database_url:
    try:
        DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {error}") from None
else:
    # The web server's threads and the worker write to one file at the same time. SQLite has
    # one writer at a time; these options make the others wait for their turn instead of
    # failing with "database is locked" (bench/concurrency.py measures it):
    # - WAL: readers never wait for the writer, nor the writer for readers; and a commit writes
    #   the log sequentially (synchronous=NORMAL: safe against a crash of the app; a power cut
    #   may lose the last commits, never the file).
    # - IMMEDIATE: every transaction (transaction.atomic) takes the write lock when it begins.
    #   A deferred transaction that reads, then writes, cannot wait for the lock (it would
    #   deadlock with another one doing the same) and fails at once, whatever the timeout.
    # - timeout: how long a write waits for the lock (SQLite's busy timeout), in seconds. With
    #   hundreds of requests at once, the lock's holder shares the GIL with all of them: 20 s
    #   ran out at 384 residents at once, 60 s did not. A person waits rather than gets an error.
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
                "transaction_mode": "IMMEDIATE",
                "timeout": 60,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and sessions --------------------------------------------------------------------
# One cache shared by every process with Redis (page cache, rate limits, sessions); a cache of
# the process's own without.
_redis_url = env_str("REDIS_URL", "")
if _redis_url:
    CACHES = {
        "default": {
            # A stopped Redis answers as an empty cache (solidair/operations/cache.py), and
            # fails each call quickly rather than hanging the request.
            "BACKEND": "solidair.operations.cache.ResilientRedisCache",
            "LOCATION": _redis_url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    # Read from the cache and kept in the database too, so that a restart of Redis signs
    # nobody out and a Redis outage only slows sign-ins down.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "solidair",
        }
    }
# A signed-in session (portal and /beheer/) ends after this long without a request: every
# request renews it, instead of Django's fixed two weeks.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 2 * 60 * 60)
if SESSION_IDLE_SECONDS < 60:
    raise ImproperlyConfigured(
        f"SESSION_IDLE_SECONDS must be at least 60; got {SESSION_IDLE_SECONDS}"
    )
SESSION_COOKIE_AGE = SESSION_IDLE_SECONDS
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# Cookies only over HTTPS: always with PRODUCTION=1; SECURE_COOKIES=1 on a staging site. Off
# by default so that `make run` works over http.
SECURE_COOKIES = env_bool("SECURE_COOKIES", False)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SECURE_COOKIES or PRODUCTION

# Whole-page cache of public pages (solidair.operations.pagecache, which also knows which pages are
# never kept); 0 turns it off.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# Seconds nginx may keep an anonymous public page before asking the app again (the edge of
# solidair.operations.pagecache; deploy/nginx/solidair.conf); 0 turns the edge off.
PAGE_CACHE_EDGE_SECONDS = env_int("PAGE_CACHE_EDGE_SECONDS", 1)
if not 0 <= PAGE_CACHE_EDGE_SECONDS <= 60:
    raise ImproperlyConfigured(
        f"PAGE_CACHE_EDGE_SECONDS must be 0 (off) to 60; got {PAGE_CACHE_EDGE_SECONDS}"
    )

# --- Languages and time ------------------------------------------------------------------
# Dutch (Belgium) first and unprefixed; French and English under /fr/ and /en/. Each language
# is named in itself (the language switch shows these names).
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", "Nederlands"), ("fr", "Français"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True

# --- Static files and uploads --------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Leaflet (the map) is an npm dependency (package.json), served as static files from
# node_modules.
_leaflet = BASE_DIR / "node_modules" / "leaflet" / "dist"
if _leaflet.exists():
    STATICFILES_DIRS += [("vendor/leaflet", _leaflet)]

# Uploads: public ones are served at /bestanden/ (solidair.operations.uploads), private ones only
# through views that check who asks. They live in a local folder (MEDIA_ROOT, served by nginx
# at /bestanden/public/) or an S3-compatible bucket through django-storages.
MEDIA_URL = "/bestanden/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGE_BACKEND = env_str("STORAGE_BACKEND", "local")
if STORAGE_BACKEND == "local":
    _uploads_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif STORAGE_BACKEND == "s3":
    _uploads_storage = {
        # Addresses stay /bestanden/...: served by the app with safe headers
        # (solidair.operations.uploads) and allowed by the Content-Security-Policy, whatever
        # holds the bytes.
        "BACKEND": "solidair.operations.storage.MediaS3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET", ""),
            "endpoint_url": env_str("S3_ENDPOINT_URL", "") or None,
            "region_name": env_str("S3_REGION", "") or None,
            "access_key": env_str("S3_ACCESS_KEY_ID", ""),
            "secret_key": env_str("S3_SECRET_ACCESS_KEY", ""),
            # Private objects: nothing in the bucket is world-readable.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if not _uploads_storage["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs S3_BUCKET")
else:
    raise ImproperlyConfigured(f"STORAGE_BACKEND must be local or s3; got {STORAGE_BACKEND!r}")
STORAGES = {
    "default": _uploads_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# collectstatic keeps a gzip and a brotli copy of each file, but not of the source maps (the API
# documentation's and Leaflet's, 7 MB): only developer tools fetch them, and compressing them
# was half of collectstatic's time on a deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
# Uploaded PDFs and images: checked by content, at most this size.
UPLOAD_MAX_BYTES = env_int("UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
IMAGE_MAX_PIXELS = env_int("IMAGE_MAX_PIXELS", 1600)  # longest side after resizing
# A request body may hold one upload at the limit plus the form around it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# --- Signing in and security --------------------------------------------------------------
# Contact persons sign in with a one-time link by e-mail (django-sesame); coordinators keep
# their password for /beheer/. See solidair/portal/sign_in.py.
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "sesame.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# A URL name, so that a sign-in redirect stays in the page's language (/fr/portaal/aanmelden/).
LOGIN_URL = "portal:sign_in"
SESAME_TOKEN_NAME = "sleutel"  # noqa: S105  (the query parameter's name)
SESAME_MAX_AGE = 15 * 60  # seconds
SESAME_ONE_TIME = True  # signing in (any way) voids every link sent before
# The sign-in form answers known and unknown addresses after at least this many seconds.
PORTAL_SIGN_IN_MIN_SECONDS = 0.5

# A strict policy everywhere, development included, so that an inline script or style shows up
# in the browser tests and not first in production. A page that needs more (a map's tiles) adds
# it with django-csp's @csp_update decorator, not here.
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
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
# Tokens live in paths and query strings (sign-in links, application drafts): never send the
# address to another site.
SECURE_REFERRER_POLICY = "same-origin"
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=(), interest-cohort=()"
)

# --- E-mail: the outbox ------------------------------------------------------------------
# Every e-mail goes into post_office's outbox (a table), in the caller's transaction; nothing is
# sent from a web request. The worker delivers the outbox over SMTP (solidair/operations/mail.py).
EMAIL_HOST = env_str("EMAIL_HOST", "127.0.0.1")
EMAIL_PORT = env_int("EMAIL_PORT", 1025)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
if EMAIL_TIMEOUT < 1:
    raise ImproperlyConfigured(f"EMAIL_TIMEOUT must be at least 1 second; got {EMAIL_TIMEOUT}")
DEFAULT_FROM_EMAIL = env_str(
    "DEFAULT_FROM_EMAIL", "Solidaire Gemeenten <noreply@solidairegemeenten.be>"
)
SERVER_EMAIL = env_str("SERVER_EMAIL", DEFAULT_FROM_EMAIL)
# The network's coordinators: notified of applications, portal changes and residents' reports.
COORDINATOR_EMAILS = env_list("COORDINATOR_EMAILS", ["coordinatie@solidairegemeenten.be"])
# The network's public address: in every page's footer and on the privacy page.
NETWORK_CONTACT_EMAIL = env_str("NETWORK_CONTACT_EMAIL", "info@solidairegemeenten.be")
for _name, _value in (
    ("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL),
    ("SERVER_EMAIL", SERVER_EMAIL),
    ("NETWORK_CONTACT_EMAIL", NETWORK_CONTACT_EMAIL),
):
    if "@" not in parseaddr(_value)[1]:
        raise ImproperlyConfigured(f"{_name} must be an e-mail address; got {_value!r}")

# Django's own mail (send_mail, EmailMessage.send) is queued in the same outbox.
EMAIL_BACKEND = "solidair.operations.mail.OutboxBackend"
POST_OFFICE = {
    # How the worker delivers: plain SMTP with the EMAIL_* settings above.
    "BACKENDS": {"default": "solidair.operations.mail.SmtpBackend"},
    "DEFAULT_PRIORITY": "medium",  # queued, never sent from the request
    # One mail per batch: post_office marks a batch sent only when the whole batch is done, so a
    # worker killed mid-batch would resend what it had already delivered.
    "BATCH_SIZE": 1,
    "SENDING_ORDER": ["-priority", "id"],
    # A failed delivery is retried after 1, 2, 4, ... minutes, at most an hour apart, ten times
    # (about five hours); then the mail is marked failed and stays in the outbox with its log.
    "MAX_RETRIES": 10,
    "RETRY_INTERVAL": timedelta(minutes=1),
    "LOG_LEVEL": 1,  # a Log row for every failed attempt; a sent mail has status "sent"
    # The Message-ID is made once, when the mail is queued, and sent with every attempt.
    "MESSAGE_ID_ENABLED": True,
    "MESSAGE_ID_FQDN": parseaddr(DEFAULT_FROM_EMAIL)[1].rpartition("@")[2],
}
# Bounces: every mail's envelope sender becomes BOUNCE_ADDRESS with the mail's signed ID after a
# "+" (VERP), and the MTA pipes what comes back to `manage.py process_bounce` (deploy/README.md).
# Empty: the envelope sender is the From address, and only refusals at sending time are seen.
BOUNCE_ADDRESS = env_str("BOUNCE_ADDRESS", "")
if BOUNCE_ADDRESS and ("@" not in BOUNCE_ADDRESS or "+" in BOUNCE_ADDRESS.partition("@")[0]):
    raise ImproperlyConfigured(
        f"BOUNCE_ADDRESS must be an e-mail address without '+'; got {BOUNCE_ADDRESS!r}"
    )
# Told when a recipient's server refuses a mail for good
# (solidair.operations.mail.mail_refused_report): dotted paths of
# ``handler(*, email, refused, now)``.
MAIL_REFUSED_HANDLERS = ["solidair.letters.delivery.bounces.council_mail_refused"]
# One flush at a time on this machine (solidair.operations.mail.outbox_flush).
MAIL_LOCK_FILE = str(Path(tempfile.gettempdir()) / "solidair-outbox.lock")

# --- The worker: tasks and periodic jobs --------------------------------------------------
# `manage.py run_worker` (started by `make run`) runs the django-tasks database queue, delivers
# the outbox and runs the periodic jobs, each in a thread of its own.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
# Periodic jobs (solidair.operations.periodic): name -> dotted path of
# ``job(*, now) -> str``. The worker runs each every minute; each finds its own due work, so a
# pause loses nothing.
PERIODIC_JOBS: dict[str, str] = {
    # Residents' letters: sending to councils, follow-up, erasure of residents' data.
    "letters_dispatch": "solidair.letters.delivery.dispatch.letters_dispatch",
    "letters_followup": "solidair.letters.delivery.followup.letters_followup",
    "letters_erase": "solidair.letters.delivery.privacy.letters_erase",
    # Members' yearly check-in; "Klopt er iets niet?" reporters' addresses erased.
    "checkins_open": "solidair.membership.checkins.checkins_open",
    "checkins_remind": "solidair.membership.checkins.checkins_remind",
    "checkins_flag": "solidair.membership.checkins.checkins_flag",
    "correction_reports_erase": "solidair.membership.corrections.correction_reports_erase",
    # The coordinators' changes published when the municipality's time to reply is over.
    "claim_changes_publish": "solidair.membership.replies.claim_changes_publish",
    # Lapsed commitments: improvement plans asked, and missed ones to the suspension path.
    "plans_ask": "solidair.membership.plans.plans_ask",
    "plans_check": "solidair.membership.plans.plans_check",
    # Learning meetings: places offered from the waiting list, reminders.
    "meeting_offers": "solidair.network.meetings.registrations_offers_run",
    "meeting_reminders": "solidair.network.meetings.registrations_remind",
    # Applications: drafts never submitted erased.
    "application_drafts_erase": "solidair.applications.privacy.application_drafts_erase",
    # Residents' letters: confirmation reminders, unconfirmed letters expired.
    "resident_letters_remind": "solidair.letters.delivery.sending.resident_letters_remind",
    "resident_letters_expire": "solidair.letters.delivery.sending.resident_letters_expire",
    # Uploads that no row refers to any more.
    "uploads_orphans_delete": "solidair.operations.orphans.uploads_orphans_job",
}
PERIODIC_LOCK_FILE = str(Path(tempfile.gettempdir()) / "solidair-periodic.lock")
# The worker makes letters' PDFs in this many processes of its own (Typst holds the GIL), started
# at the first PDF; 0: in the worker's process. Web requests always make them in their own.
PDF_RENDER_PROCESSES = env_int("PDF_RENDER_PROCESSES", 2)
if PDF_RENDER_PROCESSES < 0:
    raise ImproperlyConfigured("PDF_RENDER_PROCESSES must be 0 or more.")

# /gezondheid/: unhealthy when mail waits longer than this, when more mails than this failed in
# the last day, or when the worker's heartbeat is older.
HEALTH_OUTBOX_MAX_MINUTES = env_int("HEALTH_OUTBOX_MAX_MINUTES", 15)
HEALTH_OUTBOX_MAX_FAILED = env_int("HEALTH_OUTBOX_MAX_FAILED", 5)
HEALTH_WORKER_MAX_SECONDS = env_int("HEALTH_WORKER_MAX_SECONDS", 180)

# --- Residents' letters (solidair/letters) --------------------------------------------------
# A council gets at most COUNCIL_DAILY_CAP letters a day, spread over its office hours
# (COUNCIL_OFFICE_DAYS, 1 = Monday, and COUNCIL_OFFICE_HOURS, local time in
# COUNCIL_TIME_ZONE); confirmed letters beyond the cap wait for the next office day.
COUNCIL_DAILY_CAP = env_int("COUNCIL_DAILY_CAP", 20)
_office_days = env_list("COUNCIL_OFFICE_DAYS", ["1", "2", "3", "4", "5"])
COUNCIL_OFFICE_DAYS = [int(day) for day in _office_days if day.isdigit()]
COUNCIL_OFFICE_HOURS = env_str("COUNCIL_OFFICE_HOURS", "09:00-17:00")
COUNCIL_TIME_ZONE = env_str("COUNCIL_TIME_ZONE", "Europe/Brussels")
if (
    COUNCIL_DAILY_CAP < 1
    or len(COUNCIL_OFFICE_DAYS) != len(_office_days)
    or not set(COUNCIL_OFFICE_DAYS) <= set(range(1, 8))
):
    raise ImproperlyConfigured(
        "COUNCIL_DAILY_CAP must be at least 1 and COUNCIL_OFFICE_DAYS days 1 (Monday) to 7."
    )
# A personal paragraph with a link, or longer than this, waits for a coordinator's review.
LETTER_REVIEW_MAX_LENGTH = env_int("LETTER_REVIEW_MAX_LENGTH", 1200)
# Forms that send mail refuse a submission sooner than this after the form was shown.
LETTER_FORM_MIN_SECONDS = env_int("LETTER_FORM_MIN_SECONDS", 3)

# --- Members: check-ins (solidair/membership/checkins.py) -----------------------------------
# Members confirm their page and commitments every year on the anniversary of membership, after
# municipal elections, and once for members imported from the old page.
try:
    MUNICIPAL_ELECTIONS_DATE = date.fromisoformat(env_str("MUNICIPAL_ELECTIONS_DATE", "2030-10-13"))
except ValueError:
    raise ImproperlyConfigured("MUNICIPAL_ELECTIONS_DATE must be a date as YYYY-MM-DD") from None
# The new council is asked to reconfirm this many months after the elections.
ELECTIONS_CHECKIN_MONTHS = env_int("ELECTIONS_CHECKIN_MONTHS", 3)

# --- Public pages -------------------------------------------------------------------------
DIRECTORY_PAGE_SIZE = env_int("DIRECTORY_PAGE_SIZE", 50)
INITIATIVES_PAGE_SIZE = env_int("INITIATIVES_PAGE_SIZE", 12)
# The Typst source of the brochures (solidair/network/brochures.py); empty: the one in the code.
BROCHURE_TEMPLATE = ""
# Paths of the network's legacy content; `make run` and the tests use ../shared/seeds when it is
# present.
LEGACY_PAGE_PATH = env_str("LEGACY_PAGE_PATH", "")
LEGACY_LETTER_PATH = env_str("LEGACY_LETTER_PATH", "")

# The map (solidair/opendata): municipal boundaries as a path or an http(s) URL of a GeoJSON file
# (read when the map first needs it, never at start-up), and the feature property that holds the
# REFNIS code. The file is not part of the repository; without it the map page shows its table
# only.
_shared_boundaries = (
    BASE_DIR.parent / "shared" / "data" / "municipalities-flanders-brussels-2025.geojson"
)
BOUNDARIES_GEOJSON = env_str(
    "BOUNDARIES_GEOJSON", str(_shared_boundaries) if _shared_boundaries.exists() else ""
)
BOUNDARIES_CODE_PROPERTY = env_str("BOUNDARIES_CODE_PROPERTY", "geoitem")
# An optional background tile layer ({z}/{x}/{y} URL template) and its attribution; off by default.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")
MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Django's log lines name paths ("Not Found: /aansluiten/<token>/"): without their tokens.
        "redact_paths": {"()": "solidair.operations.accesslog.RedactPathsFilter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact_paths"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
    "loggers": {
        # post_office logs every batch at INFO; keep its warnings and failures only.
        "post_office": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# --- Production ---------------------------------------------------------------------------
# Secure cookies (above), HSTS, the forwarded scheme and client address: behind our nginx, over
# HTTPS. `manage.py check --deploy` reports nothing with the environment of
# deploy/solidair.env.example (tests/operations/test_deploy_check.py).
if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("PRODUCTION=1 and DEBUG=1 do not go together")
    _weak_key = SECRET_KEY.startswith("django-insecure-") or "change-me" in SECRET_KEY
    if _weak_key or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("PRODUCTION=1 needs SECRET_KEY: at least 50 random characters")
    if not SITE_URL.startswith("https://"):
        raise ImproperlyConfigured(f"PRODUCTION=1 needs an https:// SITE_URL; got {SITE_URL!r}")
    SECURE_SSL_REDIRECT = True
    # A monitor may ask an instance directly over http on the loopback.
    SECURE_REDIRECT_EXEMPT = [r"^gezondheid/$"]
    # Set (never appended) by our nginx; gunicorn listens on the loopback or a socket only.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("HSTS_SECONDS", 365 * 24 * 60 * 60)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # Rate limits per visitor, not per proxy: the address nginx puts in X-Real-IP.
    RATELIMIT_IP_META_KEY = "solidair.operations.middleware.client_ip"
