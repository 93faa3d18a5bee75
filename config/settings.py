"""Jiedao settings: everything that differs between machines comes from the environment (see README)."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)

_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # A portal holding residents' ID numbers must never sign sessions with a known key.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = _DEV_SECRET_KEY
elif not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "treebeard",
    "simple_history",
    "django_htmx",
    "config.apps.AxesConfig",  # django-axes with a translatable name
    "csp",
    "governance",
    "partybuilding",
    "property",
    "volunteers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

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
                "governance.portal.context.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{VAR_DIR / 'jiedao.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "governance:login"
LOGIN_REDIRECT_URL = "governance:home"
LOGOUT_REDIRECT_URL = "governance:login"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# One catalogue, kept by `makemessages -l zh_Hans` and checked by `i18n_check`; first in the search order, so
# it also gives Chinese to the third-party labels that Django's and the libraries' catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Uploads (meeting attachments, case photos) are checked by governance.lib.uploads; this caps the request.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with no broker configured, tasks run eagerly in-process so the embedded default needs no Redis.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", REDIS_URL)
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Celery is configured for faults; the outbox (governance.portal) makes a lost task cost a delay, not a message.
# A task is acknowledged only once it has finished, and a worker process killed mid-task hands the message back
# (reject on worker lost): every task takes ids and is safe to run twice.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No task runs longer than this (the soft limit lets it stop cleanly first) ...
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 600)
CELERY_TASK_SOFT_TIME_LIMIT = max(1, CELERY_TASK_TIME_LIMIT - max(1, CELERY_TASK_TIME_LIMIT // 10))
# ... and Redis hands an unacknowledged message to another worker only after the visibility timeout, which must
# be longer than the longest task, or a slow task would run twice at once.
_VISIBILITY_TIMEOUT = env_int("CELERY_VISIBILITY_TIMEOUT", 3600)
if _VISIBILITY_TIMEOUT <= CELERY_TASK_TIME_LIMIT:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT ({_VISIBILITY_TIMEOUT}) must be longer than "
        f"CELERY_TASK_TIME_LIMIT ({CELERY_TASK_TIME_LIMIT})"
    )
_REDIS_TIMEOUTS = {"socket_connect_timeout": 3, "socket_timeout": 30, "retry_on_timeout": True}
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": _VISIBILITY_TIMEOUT, **_REDIS_TIMEOUTS}
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = _REDIS_TIMEOUTS
CELERY_RESULT_BACKEND_ALWAYS_RETRY = True
CELERY_RESULT_BACKEND_MAX_RETRIES = 10
CELERY_RESULT_EXPIRES = 24 * 3600
# The worker waits for the broker at start-up and after a loss, then gives up with a non-zero exit so that its
# supervisor (systemd, the container runtime) restarts it.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = env_int("CELERY_BROKER_CONNECTION_MAX_RETRIES", 100)
# A task running when the broker link drops finishes its work (it needs the database and the mail server, not
# Redis); its acknowledgement is lost, so the message comes back and finds nothing left to do. Cancelling it
# instead would kill a sender between the mail server's "accepted" and our record of it.
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
# Publishing (waking the sender after a commit) gives up within a few seconds when the broker is down: the
# row is committed and the sweep delivers it, so a web request or a command never hangs on Redis.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.5,
    "interval_max": 1,
}
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The outbox sweep's period: how long a message waits at most after a lost task, a killed worker or an outage.
JIEDAO_OUTBOX_SWEEP_SECONDS = env_int("JIEDAO_OUTBOX_SWEEP_SECONDS", 60)
# Every periodic schedule, in one place; the database scheduler copies it into the admin-editable table.
CELERY_BEAT_SCHEDULE = {
    "daily-reminders": {
        "task": "governance.portal.tasks.reminders_run_daily",
        # Once a day; each rule selects by state, so a day the scheduler was down is caught up the next.
        "schedule": crontab(hour=7, minute=0),
    },
    "outbox-sweep": {
        "task": "governance.portal.tasks.outbox_sweep",
        "schedule": float(JIEDAO_OUTBOX_SWEEP_SECONDS),
        # A sweep queued during an outage is stale once the next one is due: drop it rather than pile up.
        "options": {"expires": JIEDAO_OUTBOX_SWEEP_SECONDS},
    },
    # Sent every few minutes so that `/healthz/` can tell a running scheduler from a stopped one.
    "beat-heartbeat": {
        "task": "governance.portal.tasks.beat_heartbeat",
        "schedule": float(env_int("BEAT_HEARTBEAT_SECONDS", 300)),
        "options": {"expires": 60},
    },
}
# `/healthz/`: the scheduler counts as stopped when it has sent nothing for this long (seconds).
HEALTH_BEAT_MAX_AGE = env_int("HEALTH_BEAT_MAX_AGE", 3600)
HEALTH_BROKER_TIMEOUT = 2

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jiedao@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Shorter than the outbox lease, so that a sender stuck on a silent server gives up before another takes over.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)

# The outbox: how long a sender holds a message, how often it tries, and the first wait between tries (which
# doubles each time, up to six hours).
JIEDAO_OUTBOX_LEASE_SECONDS = env_int("JIEDAO_OUTBOX_LEASE_SECONDS", 300)
JIEDAO_OUTBOX_MAX_ATTEMPTS = env_int("JIEDAO_OUTBOX_MAX_ATTEMPTS", 8)
JIEDAO_OUTBOX_RETRY_SECONDS = env_int("JIEDAO_OUTBOX_RETRY_SECONDS", 60)
if EMAIL_TIMEOUT >= JIEDAO_OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be shorter than JIEDAO_OUTBOX_LEASE_SECONDS")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["governance.lib.permissions.ModelPermissions"],
    "DEFAULT_RENDERER_CLASSES": [
        "governance.lib.renderers.ORJSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_PAGINATION_CLASS": "governance.lib.pagination.PagePagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "governance.lib.schema.PermissionAutoSchema",
    "EXCEPTION_HANDLER": "governance.lib.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Jiedao API",
    "DESCRIPTION": "街道 portal: territory, residents, party building, staff, property, services and needs.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Several apps have a `status`, `urgency` or `channel`: name each choice set once, by its domain.
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "governance.enforcement.choices.CaseStatus",
        "CaseUrgencyEnum": "governance.enforcement.choices.Urgency",
        "PersonalDataChannelEnum": "governance.residents.models.PersonalDataAccess.Channel",
        "NeedStatusEnum": "volunteers.choices.NeedStatus",
        "NeedUrgencyEnum": "volunteers.choices.Urgency",
        "NeedChannelEnum": "volunteers.choices.Channel",
        "ServiceRecordStatusEnum": "volunteers.choices.RecordStatus",
        "ComplaintStatusEnum": "property.choices.ComplaintStatus",
        "ComplaintChannelEnum": "property.choices.ComplaintChannel",
        "MemberStatusEnum": "partybuilding.choices.MemberStatus",
        "ActionStatusEnum": "partybuilding.choices.ActionStatus",
    },
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-ancestors": ["'none'"],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# Monitoring asks the application server directly over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not SECURE_HSTS_PRELOAD else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        # WeasyPrint logs every layout step of a work report at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# Portal-wide knobs (each also editable at run time where a model says so).
JIEDAO_STREET_NAME = env_str("JIEDAO_STREET_NAME", "梁家屯路街道")
JIEDAO_UPLOAD_MAX_BYTES = env_int("JIEDAO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
JIEDAO_SITE_URL = env_str("JIEDAO_SITE_URL", "http://127.0.0.1:8000")
PORTAL_NAME = _("Jiedao street portal")
