"""Jiedao settings: everything that differs between machines comes from the environment (see README)."""

from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import DEV_SECRET_KEY, development_pii_key, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = env_bool("DEBUG", True)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        # A portal holding residents' ID numbers must never sign sessions with a known key.
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = DEV_SECRET_KEY
elif not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY is the development key; set a real one when DEBUG is off.")

# Key rotation: the previous key(s) here keep sessions and signed links valid while the new one takes over.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])
# Residents' ID numbers and phones are encrypted at rest with a key of their own, never derived from
# SECRET_KEY outside development: base64 of 32 random bytes
# (`python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())"`).
# Older keys, comma-separated, stay readable while `rotate_personal_data_key` re-encrypts under the new one.
JIEDAO_PII_KEY = env_str("JIEDAO_PII_KEY")
JIEDAO_PII_OLD_KEYS = env_list("JIEDAO_PII_OLD_KEYS", [])
if not JIEDAO_PII_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "JIEDAO_PII_KEY must be set when DEBUG is off: it encrypts residents' ID numbers and phones."
        )
    # Development only: a key that follows from the (development) SECRET_KEY, so `make run` just works.
    JIEDAO_PII_KEY = development_pii_key(SECRET_KEY)

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
    "governance.lib.sessions.SessionLifetimeMiddleware",
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
# A read replica for reports and dashboards (governance.lib.routers): PostgreSQL streaming replication.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        env_str("DATABASE_REPLICA_URL"), conn_max_age=env_int("CONN_MAX_AGE", 60), conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["governance.lib.routers.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's model backend, with each user's permissions cached between requests (governance.lib.authz).
    "governance.lib.authz.CachedModelBackend",
]
# How long a user's permissions and places are kept in the cache; any change of rights drops them at once.
AUTHZ_CACHE_SECONDS = env_int("AUTHZ_CACHE_SECONDS", 300)
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "governance.lib.tokens.RevokeTokensOnPasswordChange"},
]
# OWASP ASVS L2 (3.3): a session ends after 30 idle minutes and 12 hours after login, whatever happens.
SESSION_IDLE_SECONDS = env_int("SESSION_IDLE_SECONDS", 30 * 60)
SESSION_ABSOLUTE_SECONDS = env_int("SESSION_ABSOLUTE_SECONDS", 12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
API_TOKEN_TTL_HOURS = env_int("API_TOKEN_TTL_HOURS", 12)
LOGIN_URL = "governance:login"
LOGIN_REDIRECT_URL = "governance:home"
LOGOUT_REDIRECT_URL = "governance:login"
# Lock-out (governance.lib.lockout): per user name and address, and per user name from any address.
AXES_HANDLER = "governance.lib.lockout.TieredDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username"]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_USERNAME_FAILURE_LIMIT = env_int("AXES_USERNAME_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = 1  # hours
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "governance.lib.lockout.client_ip"
AXES_LOCKOUT_CALLABLE = "governance.portal.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
# One catalogue, kept by `makemessages -l zh_Hans` and checked by `i18n_check`; first in the search order, so
# it also gives Chinese to the third-party labels that Django's and the libraries' catalogues lack.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
# Our zh_Hans number formats (thousands separators in amounts); the rest falls back to Django's.
FORMAT_MODULE_PATH = ["config.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
# Backups (`manage.py backup`): where, and how many to keep.
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))
BACKUP_KEEP = env_int("BACKUP_KEEP", 14)
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
# Uploads on this machine's disk, or on S3-compatible object storage (MinIO, Aliyun OSS, Tencent COS...) so
# that several web nodes share them. Private either way: the portal serves each file after checking who asks.
MEDIA_STORAGE = env_str("MEDIA_STORAGE", "filesystem")
if MEDIA_STORAGE == "s3":
    if not env_str("S3_BUCKET"):
        raise ImproperlyConfigured(
            "MEDIA_STORAGE=s3 needs S3_BUCKET (and S3_ENDPOINT_URL, S3_ACCESS_KEY...)."
        )
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("S3_BUCKET"),
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY") or None,
            "secret_key": env_str("S3_SECRET_KEY") or None,
            "location": env_str("S3_PREFIX", "media"),
            "default_acl": "private",
            "file_overwrite": False,
        },
    }
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be filesystem or s3, not {MEDIA_STORAGE!r}")
# Sessions in the database by default; `django.contrib.sessions.backends.cache` keeps them in Redis. Either
# way a web node keeps no state of its own.
SESSION_ENGINE = env_str("SESSION_ENGINE", "django.contrib.sessions.backends.db")
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
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # How often a worker looks for messages whose visibility timeout ran out (a killed worker's): every scan
    # is one cheap Redis query, so scan at this interval rather than kombu's default of every 100 s.
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_SECONDS", 60),
    "unacked_restore_throttle": 1,
    **_REDIS_TIMEOUTS,
}
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
# Queues by kind of work, so that workers on several hosts can each take some (deploy/bin/worker reads
# CELERY_QUEUES). Routed by the task's name: a new task named like its kind lands in the right queue.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "*.reminders_*": {"queue": "reminders"},
    "*.beat_heartbeat": {"queue": "reminders"},
    "*.notifications_*": {"queue": "outbox"},
    "*.outbox_*": {"queue": "outbox"},
    "*.emails_*": {"queue": "outbox"},
    "*import*": {"queue": "imports"},
    "*.report*": {"queue": "reports"},
    "*export*": {"queue": "reports"},
}
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
        # (django-celery-beat's spelling of the task's `expires`.)
        "options": {"expire_seconds": JIEDAO_OUTBOX_SWEEP_SECONDS},
    },
    # Residents' reports whose phone was never confirmed (and their photos) are not kept.
    "resident-reports-purge": {
        "task": "volunteers.tasks.resident_reports_purge",
        "schedule": crontab(hour=3, minute=30),
    },
    # Sent every few minutes so that `/healthz/` can tell a running scheduler from a stopped one.
    "beat-heartbeat": {
        "task": "governance.portal.tasks.beat_heartbeat",
        "schedule": float(env_int("BEAT_HEARTBEAT_SECONDS", 300)),
        "options": {"expire_seconds": 60},
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

# Text messages (confirmation codes and rating links for residents, SMS notifications for staff) leave through
# the outbox's "sms" channel and this backend (governance.lib.sms): console in development, locmem in tests,
# a file of JSON lines (JIEDAO_SMS_FILE_PATH), or the HTTP provider adapter in production.
JIEDAO_SMS_BACKEND = env_str(
    "JIEDAO_SMS_BACKEND",
    "governance.lib.sms.ConsoleBackend" if DEBUG else "governance.lib.sms.HttpProviderBackend",
)
JIEDAO_SMS_FILE_PATH = env_str("JIEDAO_SMS_FILE_PATH", str(VAR_DIR / "sms"))
JIEDAO_SMS_PROVIDER_URL = env_str("JIEDAO_SMS_PROVIDER_URL")
JIEDAO_SMS_PROVIDER_KEY = env_str("JIEDAO_SMS_PROVIDER_KEY")
JIEDAO_SMS_SIGN = env_str("JIEDAO_SMS_SIGN", "")
JIEDAO_SMS_TIMEOUT = env_int("JIEDAO_SMS_TIMEOUT", 10)

# The outbox: how long a sender holds a message, how often it tries, and the first wait between tries (which
# doubles each time, up to six hours).
JIEDAO_OUTBOX_LEASE_SECONDS = env_int("JIEDAO_OUTBOX_LEASE_SECONDS", 300)
JIEDAO_OUTBOX_MAX_ATTEMPTS = env_int("JIEDAO_OUTBOX_MAX_ATTEMPTS", 8)
JIEDAO_OUTBOX_RETRY_SECONDS = env_int("JIEDAO_OUTBOX_RETRY_SECONDS", 60)
# WeCom and DingTalk group robots (governance.portal.robots): the only hosts a webhook may name, and how long
# one POST may take (shorter than the lease, like the e-mail timeout).
JIEDAO_ROBOT_HOSTS = env_list("JIEDAO_ROBOT_HOSTS", ["qyapi.weixin.qq.com", "oapi.dingtalk.com"])
JIEDAO_ROBOT_TIMEOUT = env_int("JIEDAO_ROBOT_TIMEOUT", 10)
if JIEDAO_ROBOT_TIMEOUT >= JIEDAO_OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("JIEDAO_ROBOT_TIMEOUT must be shorter than JIEDAO_OUTBOX_LEASE_SECONDS")
# Open311 (volunteers/api/open311.py): the keys of the district's systems, which confirm residents' phones
# themselves; a request with one is recorded at once, any other waits for the resident's SMS code.
JIEDAO_OPEN311_KEYS = env_list("JIEDAO_OPEN311_KEYS", [])
# The health check's "pending e-mails" fails once an unsent message is older than this.
JIEDAO_OUTBOX_STALE_SECONDS = env_int("JIEDAO_OUTBOX_STALE_SECONDS", 900)
if EMAIL_TIMEOUT >= JIEDAO_OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("EMAIL_TIMEOUT must be shorter than JIEDAO_OUTBOX_LEASE_SECONDS")
if JIEDAO_SMS_TIMEOUT >= JIEDAO_OUTBOX_LEASE_SECONDS:
    raise ImproperlyConfigured("JIEDAO_SMS_TIMEOUT must be shorter than JIEDAO_OUTBOX_LEASE_SECONDS")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "governance.lib.tokens.ExpiringTokenAuthentication",
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
    # Per user and per anonymous address; searching by an exact number has a tight budget of its own.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env_str("JIEDAO_API_RATE_USER", "600/minute"),
        "anon": env_str("JIEDAO_API_RATE_ANON", "60/minute"),
        "number_search": env_str("JIEDAO_API_RATE_NUMBER_SEARCH", "20/minute"),
    },
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

CSRF_FAILURE_VIEW = "governance.portal.views.csrf_failure"
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
# Behind our own TLS proxy: trust its X-Forwarded-Proto (HTTPS) and X-Forwarded-For (the lock-out's address).
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", False)
if BEHIND_TLS_PROXY:
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
# Dashboard panels are cached per scope this long, and dropped at once by writes to what they read (0: off).
DASHBOARD_CACHE_SECONDS = env_int("DASHBOARD_CACHE_SECONDS", 60)
JIEDAO_UPLOAD_MAX_BYTES = env_int("JIEDAO_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
# Roster imports: the largest file and the most rows one import takes; files above the background size are
# checked and saved by a Celery worker while the page shows progress.
JIEDAO_IMPORT_MAX_BYTES = env_int("JIEDAO_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
JIEDAO_IMPORT_MAX_ROWS = env_int("JIEDAO_IMPORT_MAX_ROWS", 60000)
JIEDAO_IMPORT_BACKGROUND_ROWS = env_int("JIEDAO_IMPORT_BACKGROUND_ROWS", 1000)
# Rows saved per bulk write (and per progress step) when an import is confirmed; the import stays one transaction.
JIEDAO_IMPORT_CHUNK_ROWS = env_int("JIEDAO_IMPORT_CHUNK_ROWS", 1000)
JIEDAO_SITE_URL = env_str("JIEDAO_SITE_URL", "http://127.0.0.1:8000")
PORTAL_NAME = _("Jiedao street portal")
