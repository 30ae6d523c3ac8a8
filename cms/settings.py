"""Django settings for the clinic's CMS. Every setting comes from the environment.

Defaults suit trying the product on a laptop: SQLite and media under ./var.
"""

import warnings
from datetime import timedelta
from pathlib import Path

import dj_database_url

from cms.core import media_storage
from cms.site_sync.cache_backends import frontend_cache_backends
from shared import env
from shared.booking_clicks import CLICKS_PATH
from shared.signing import LOCAL_DEV_SECRET
from shared.site_map import API_LIMIT_MAX, PURGE_PATH

env_str, env_bool, env_list = env.string, env.boolean, env.csv

REPO_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(REPO_DIR / "var")))

PRODUCTION = env.production()
DEBUG = env_bool("DEBUG", False)
INSECURE_SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY") or INSECURE_SECRET_KEY
WEBHOOK_SECRET = env_str("WEBHOOK_SECRET") or LOCAL_DEV_SECRET
# Either local default may be set by hand too; refused like a short one.
LOCAL_SECRETS = (INSECURE_SECRET_KEY, LOCAL_DEV_SECRET)
env.refuse_unsafe_production(
    "CMS",
    {
        **env.secret_problems("SECRET_KEY", env_str("SECRET_KEY"), LOCAL_SECRETS),
        **env.secret_problems("WEBHOOK_SECRET", env_str("WEBHOOK_SECRET"), LOCAL_SECRETS),
        "DEBUG is on": DEBUG,
    },
)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")

# Hardening. TLS ends at a proxy in front, which says so with X-Forwarded-Proto.
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") or [env_str("CMS_PUBLIC_URL", "http://127.0.0.1:8000")]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Sent only over HTTPS, so harmless when trying the product over plain HTTP.
SECURE_HSTS_SECONDS = env.integer("SECURE_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "SAMEORIGIN"  # the admin frames its own previews

# Where readers and editors reach the CMS (media URLs) and the public site ("View live").
CMS_PUBLIC_URL = env_str("CMS_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:5000").rstrip("/")

# Telling the site what changed (cms.site_sync): where, and signed with what (WEBHOOK_SECRET).
# SITE_PURGE_URL=off turns it off.
SITE_PURGE_URL = env_str("SITE_PURGE_URL", SITE_URL + PURGE_PATH)
if SITE_PURGE_URL.lower() == "off":
    SITE_PURGE_URL = ""
# Where the scheduler collects booking-click counts from the site (cms.booking_clicks); off: never.
SITE_CLICKS_URL = env_str("SITE_CLICKS_URL", SITE_URL + CLICKS_PATH)
if SITE_CLICKS_URL.lower() == "off":
    SITE_CLICKS_URL = ""
# Where each change's purge batch goes: the site's signed-message backend, plus any HTTP cache /
# Cloudflare / CloudFront in front of it (FRONTEND_CACHE_HTTP_URL, CLOUDFLARE_*,
# CLOUDFRONT_DISTRIBUTION_ID), in wagtail.contrib.frontend_cache's format. cms.site_sync keeps one
# task per backend per batch in the database until that backend took it (cms/site_sync/delivery.py).
SITE_PURGE_BACKENDS = frontend_cache_backends(SITE_PURGE_URL)
# Wagtail's own purges (its redirect views, automatic redirects) would be a second path for the
# same URLs, tried once: it gets no backends, and cms.site_sync's receivers cover those changes.
WAGTAILFRONTENDCACHE = {}
# The longest wait between two tries of a purge a backend did not take (they start at 1 s and
# double): how soon after the site's return its waiting purges go out.
SITE_PURGE_RETRY_MAX_SECONDS = env.number("SITE_PURGE_RETRY_MAX_SECONDS", 5)
# /healthz answers "degraded" once the oldest purge still waiting is older than this.
SITE_PURGE_LATE_SECONDS = env.number("SITE_PURGE_LATE_SECONDS", 60)
# Background tasks (django-tasks-db): kept in the CMS database, run by `manage.py db_worker`, one
# worker per queue: "default" (site purges), "imports" (blog imports). "immediate" runs at once:
# Wagtail's reference and search indexes stay up to date within the save (cms/site_sync/apps.py).
TASKS = {
    "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "imports"]},
    "immediate": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
# Finished task rows are deleted after this many days (the scheduler runs prune_db_task_results).
TASK_RESULTS_KEEP_DAYS = env.integer("TASK_RESULTS_KEEP_DAYS", 7)
# The admin's "Import a blog" refuses larger uploads (the import_wxr command has no limit).
BLOG_IMPORT_MAX_UPLOAD_MB = env.integer("BLOG_IMPORT_MAX_UPLOAD_MB", 100)

# Preview on the site (cms.preview): how long a preview address works after the editor opens it.
PREVIEW_TOKEN_SECONDS = env.integer("PREVIEW_TOKEN_SECONDS", 1800)

# The demo clinic's commands (load_demo, create_local_admin): on for development, tests and
# benchmarks, off in production unless asked for.
DEMO_CONTENT = env_bool("DEMO_CONTENT", not PRODUCTION)

INSTALLED_APPS = [
    "cms.core",
    "cms.home",
    "cms.articles",
    "cms.therapists",
    "cms.services",
    "cms.booking",
    "cms.blog_import",
    "cms.booking_clicks",
    "cms.preview",
    "cms.editorial",
    *(["cms.demo"] if DEMO_CONTENT else []),
    # Before cms.site_sync, which disconnects its automatic publish/unpublish handlers.
    "wagtail.contrib.frontend_cache",
    "cms.site_sync",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.table_block",  # the article body's table block
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v2",
    "wagtail",
    "django_tasks_db",
    "modelcluster",
    "taggit",
    "rest_framework",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "cms.core.middleware.RequestLogMiddleware",
    "cms.core.middleware.RejectMalformedRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # its precompressed files never pass the gzip below
    "cms.core.middleware.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'cms.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The CMS, its task workers and the scheduler share the file: a writer waits its turn for the
    # lock (IMMEDIATE, up to 20 s) instead of failing, and WAL lets readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed logins for one username from
# one address, that pair is locked out for AXES_COOLOFF_MINUTES (429 and a page saying so).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses locked-out logins before checking them
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.integer("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env.integer("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "cms.core.lockout.locked_out"
# The client's address is REMOTE_ADDR unless TRUSTED_PROXIES says how many reverse proxies in
# front each append to X-Forwarded-For; only then is that header read (else anyone could forge it).
TRUSTED_PROXIES = env.integer("TRUSTED_PROXIES", 0)
if TRUSTED_PROXIES > 0:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    # python-ipware counts the proxies listed in the header: all but the nearest, which only appends.
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES - 1
    # Take the entry that many hops from the right even when the client put more in front;
    # strict mode would then fall back to the proxy's own address, a fresh lockout key.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "Europe/Helsinki")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Absolute, so image URLs in API responses work on the public site as they are.
MEDIA_URL = env_str("MEDIA_URL", f"{CMS_PUBLIC_URL}/media/")
# Fingerprinted names (which WhiteNoise sends as immutable for a year) need collectstatic to have
# run, as it does at every start in production (docker-compose); gzip and brotli copies either way.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", PRODUCTION)
STORAGES = {
    "default": media_storage.media_storage(),  # the local disk, or an S3 bucket (MEDIA_STORAGE=s3)
    "staticfiles": {
        "BACKEND": "cms.core.static_files.FingerprintedStaticFiles"
        if STATIC_MANIFEST
        else "whitenoise.storage.CompressedStaticFilesStorage"
    },
}
# Serve static files from the apps directly when collectstatic has not run (local use, tests).
WHITENOISE_USE_FINDERS = not STATIC_ROOT.exists()
if WHITENOISE_USE_FINDERS:
    warnings.filterwarnings("ignore", message="No directory at")
SERVE_MEDIA = env_bool("SERVE_MEDIA", not media_storage.uses_s3())

# Wagtail
WAGTAIL_SITE_NAME = env_str("WAGTAIL_SITE_NAME", "Kestrel Therapy Clinic")
WAGTAILADMIN_BASE_URL = CMS_PUBLIC_URL
WAGTAILADMIN_PATH = env_str("WAGTAILADMIN_PATH", "admin/").strip("/") + "/"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILAPI_LIMIT_MAX = API_LIMIT_MAX
WAGTAILAPI_RICH_TEXT_FORMAT = "html"
WAGTAILAPI_BASE_URL = CMS_PUBLIC_URL
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
# Documents are always served through Wagtail's view, which enforces collection privacy
# (a password-protected collection's documents need the password); never straight from media.
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]

REST_FRAMEWORK = {
    # The public API only reads (its views answer GET alone); JSON only, no browsable forms.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}

LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "pythonjsonlogger.json.JsonFormatter", "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # Per-task and per-page chatter from background tasks; warnings still show.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # Each failed login and each lockout is a warning; the rest is chatter.
        "axes": {"level": "WARNING"},
        "cms.requests": {"level": env_str("REQUEST_LOG_LEVEL", "INFO")},
    },
}

# The WordPress import (cms/blog_import): pictures larger than this many pixels are refused
# (reported, the post imported without them), which also stops decompression bombs.
BLOG_IMPORT_MAX_IMAGE_PIXELS = env.integer("BLOG_IMPORT_MAX_IMAGE_PIXELS", 40_000_000)
# Whether image addresses may resolve to loopback, private, link-local or reserved addresses
# (off: an export cannot make the CMS probe its own network). `import_wxr --allow-private-image-hosts`.
BLOG_IMPORT_ALLOW_PRIVATE_HOSTS = env.boolean("BLOG_IMPORT_ALLOW_PRIVATE_HOSTS", False)
