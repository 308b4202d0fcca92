"""Settings shared by every environment; the environment modules override them.

Everything that differs between machines comes from environment variables.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # Our apps, in dependency order: core and accounts first, home on top.
    "core",
    "accounts",
    "associations",
    "contacts",
    "news",
    "forums",
    "guidelines",
    "ideas",
    "home",
    "regions",
    "allauth",
    "allauth.account",
    "corsheaders",
    "wagtail.api.v2",
    # django-ninja's own templates and static files: /api/docs loads nothing from elsewhere.
    "ninja",
    "wagtail_headless_preview",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.contrib.redirects",
    "wagtail_modeladmin",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "django_filters",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.middleware.DatabaseUnavailableMiddleware",
    "core.security.SecurityHeadersMiddleware",
    # An ETag on every GET, and 304 to a client that has it (cached pages too).
    "django.middleware.http.ConditionalGetMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "core.page_cache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.UrlLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "core.sites.SiteMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

# Every answer's Content-Security-Policy (core.security): only this origin's own scripts,
# styles, images and fonts; no plugins, no framing, forms post only here.
YHDESSA_CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "frame-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}
# The Wagtail admin writes inline scripts and styles, shows previews in a frame of its
# own and images from blob: URLs while uploading.
YHDESSA_ADMIN_PATH = "/admin/"
YHDESSA_ADMIN_CONTENT_SECURITY_POLICY = {
    **YHDESSA_CONTENT_SECURITY_POLICY,
    "script-src": ["'self'", "'unsafe-inline'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:"],
    "frame-ancestors": ["'self'"],
}
# Browser features no page of the site uses, turned off for every page and any frame in it.
YHDESSA_PERMISSIONS_POLICY_DISABLED = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "usb",
    "browsing-topics",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
DATABASE_IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The site and `db_worker` write to one file at once (see docs/operating.md): WAL lets
    # readers go on while one writes, writers wait for each other up to `timeout` seconds,
    # and IMMEDIATE takes the write lock when a transaction begins, because a transaction
    # that read first cannot wait for it and fails at once with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Participants (association representatives) sign up with django-allauth: the e-mail
# address is the login, it must be verified, and a one-time code can replace the password.
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_HONEYPOT_FIELD = "website"
ACCOUNT_SIGNUP_REDIRECT_URL = "accounts:profile"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_UNIQUE_EMAIL = True
# One address per person: changing it means confirming the new one, then the old goes.
ACCOUNT_CHANGE_EMAIL = True
# Tell the person by e-mail when their password or address changes.
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Yhdessä: "
# Per e-mail address ("key") the limits stop guessing; per network address they are looser,
# because a whole forum meeting may sign up and in over one wifi at the same moment.
# Failed passwords count per account and network address (accounts.adapter), so a guesser
# locks out only their own address; the account-wide cap stops guessing from many.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "30/5m/ip,5/5m/key",
    "login_failed_account": "100/h/key",
    "signup": "40/h/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/h/ip,3/h/key",
    "request_login_code": "40/h/ip,3/5m/key",
}
# Behind a reverse proxy, the number of proxies whose X-Forwarded-For entry to trust,
# so that per-address limits count visitors and not the proxy.
ALLAUTH_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Finnish first; municipalities serve Swedish too, and English for newcomers.
LANGUAGE_CODE = "fi"
LANGUAGES = [("fi", _("Finnish")), ("sv", _("Swedish")), ("en", _("English"))]
# Our own strings first, then our completions and corrections of Wagtail's (and
# wagtail-modeladmin's) catalogues, kept apart so they can be re-checked on an upgrade
# (locale/wagtail/README.md); both take precedence over the installed apps' catalogues.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "wagtail"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Europe/Helsinki"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Rate limits and sign-in throttling count in the cache, so every process must share it:
# gunicorn's workers, and `make run`'s server beside its task worker. Redis when REDIS_URL
# is set, the database otherwise (core's migration makes the table); never per-process
# memory, which `manage.py check --deploy` refuses (core.checks).
# The page cache (core.page_cache) is shared by every process too, or a purge made by one
# would leave the others serving the old page: Redis, or files under var/ with no set-up.
if os.environ.get("REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": "pages",
        },
    }
    # Sessions are read from Redis by whichever app server gets the request, and written
    # through to the database as well: a Redis restart, or Redis dropping keys when its
    # memory is full of cached pages, then signs nobody out (plain cache sessions would).
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "yhdessa_cache",
        },
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("YHDESSA_PAGE_CACHE_DIR", BASE_DIR / "var" / "page-cache"),
            "OPTIONS": {"MAX_ENTRIES": 10_000},
        },
    }

# Anonymous visitors' pages are kept by shared caches (ours, Varnish, a CDN) this many
# seconds at most; every change that alters a page purges it at once (core.purge), so the
# lifetime only bounds what changes with time alone (a meeting becoming past).
YHDESSA_PAGE_CACHE_SECONDS = int(os.environ.get("YHDESSA_PAGE_CACHE_SECONDS", 600))
# YHDESSA_PAGE_CACHE=off renders every page afresh (while editing templates, say); the
# headers stay, so Varnish or a CDN in front still keeps what is shareable.
YHDESSA_PAGE_CACHE_ENABLED = os.environ.get("YHDESSA_PAGE_CACHE", "on").strip().lower() != "off"
# Where purges go (Wagtail's frontend cache): our page cache, and Varnish when one is in
# front (deploy/varnish/yhdessa.vcl), at the address it takes PURGE requests on.
WAGTAILFRONTENDCACHE = {"pages": {"BACKEND": "core.page_cache.PageCacheBackend"}}
if os.environ.get("VARNISH_PURGE_URL"):
    WAGTAILFRONTENDCACHE["varnish"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
        "LOCATION": os.environ["VARNISH_PURGE_URL"],
    }

# Writes a visitor can make, limited per participant and per network address.
YHDESSA_RATE_LIMITS = {
    "idea": {"per_user": "10/h", "per_ip": "30/h"},
    "comment": {"per_user": "30/h", "per_ip": "90/h"},
    "proposal": {"per_user": "10/h", "per_ip": "30/h"},
    "vote": {"per_user": "120/h", "per_ip": "600/h"},
    "report": {"per_user": "20/h", "per_ip": "60/h"},
    # Anyone may register for a meeting without signing in: the address limit is the one
    # that counts, generous enough for a whole association registering from one office.
    "registration": {"per_user": "20/h", "per_ip": "30/h"},
    # A contact person asking for their association's details to be removed (no account).
    "removal_request": {"per_user": "5/h", "per_ip": "10/h"},
    # Reporting an association's details needs no account: the e-mail confirmation and
    # staff's review stop the rest, the limit stops a flood of confirmation e-mails.
    "association_report": {"per_user": "10/h", "per_ip": "20/h"},
    # A representative names a member and a deputy a few times a term, not many an hour.
    "forum_nomination": {"per_user": "10/h", "per_ip": "30/h"},
    # Asking to represent an association e-mails its contact person: a few are plenty.
    "representation": {"per_user": "10/h", "per_ip": "30/h"},
}
RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
# Reports from this many different participants hide a text until a moderator decides.
YHDESSA_REPORTS_TO_HOLD = 3

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "yhdessa@example.invalid")

# Wagtail's own small tasks run at once; our e-mail goes through a queue in the database
# that `manage.py run_worker --backend background` works through, so no request waits on SMTP.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# A message the mail server did not take is tried again after these pauses (seconds);
# after the last one it is listed for staff in the admin (core.mail).
YHDESSA_EMAIL_RETRY_DELAYS = [60, 5 * 60, 30 * 60, 2 * 60 * 60]
# Registrations' personal data is deleted this many days after the meeting ended; only the
# counts are kept (`manage.py delete_old_registrations`, run daily).
# The association register (associations.models): a record unconfirmed this long is
# flagged in the admin, and this long is no longer shown in the public directory.
YHDESSA_ASSOCIATION_FLAGGED_AFTER_MONTHS = 12
# The contact person's link to confirm or decline a representative works this many days.
YHDESSA_REPRESENTATION_LINK_DAYS = 14
YHDESSA_ASSOCIATION_HIDDEN_AFTER_MONTHS = 18
# The yearly e-mail's link to confirm the details works this many days; a record still not
# confirmed then gets a new link (`manage.py send_association_confirmations`, run daily).
YHDESSA_ASSOCIATION_CONFIRMATION_LINK_DAYS = 30
# The link that confirms a removal request's address works this many days.
YHDESSA_REMOVAL_REQUEST_LINK_DAYS = 7
# A report's e-mailed confirmation link works this long (associations.reports); the same
# report (same e-mail, same values) sent again within the second limit is refused.
YHDESSA_ASSOCIATION_REPORT_LINK_DAYS = 7
YHDESSA_ASSOCIATION_REPORT_REPEAT_SECONDS = 60
# Forum seats run for the municipal council term by default (forums.seat_models.council_term):
# Finnish councils start on 1 June of the election year, for four years.
YHDESSA_COUNCIL_TERM_FIRST_START = "2025-06-01"
YHDESSA_COUNCIL_TERM_YEARS = 4
YHDESSA_REGISTRATION_RETENTION_DAYS = int(os.environ.get("YHDESSA_REGISTRATION_RETENTION_DAYS", 90))

# Page editors can build large pages; Django's default of 1,000 fields is too few.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

WAGTAIL_SITE_NAME = "Yhdessä"
# No avatars from gravatar.com: the admin tells no third party who is signed in, and the
# Content-Security-Policy loads images only from this site.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Nor does the dashboard ask releases.wagtail.org for new versions; upgrades are pinned.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The address in Wagtail's own e-mails and its image renditions' full_url; `check --deploy
# --database default` wants it to be the default Site's (core.checks), the one source of
# every other absolute address (core.links).
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# No WAGTAILAPI_BASE_URL: unset, the content API writes its detail_url on the address of
# the Site the request is for, as html_url (Page.full_url) and all our links (core.links).
WAGTAILAPI_LIMIT_MAX = 100
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
# SVG as well, for municipalities' logos. Pages show images only through <img>, where an
# SVG runs no script; docs/operating.md asks the server of /media/ to send a policy too.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp", "svg"]

# A separate front end that renders pages from /api/v2/ can show editors' previews;
# see docs/headless-preview.md. Unset, previews use the site's own templates.
WAGTAIL_HEADLESS_PREVIEW = {
    "CLIENT_URLS": (
        {"default": os.environ["HEADLESS_PREVIEW_URL"]}
        if os.environ.get("HEADLESS_PREVIEW_URL")
        else {}
    ),
}

# Wagtail's database backend, with Finnish stems on both databases (core/search.py): on
# PostgreSQL the index uses the Finnish text search configuration, on SQLite the stems are
# written into the index; "kokous" finds "Kokouksen avaus" on either.
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "core.search",
        **({"SEARCH_CONFIG": "finnish"} if DATABASE_IS_POSTGRES else {}),
    }
}

# Cross-origin reads of the APIs are off unless origins are listed, e.g.
# CORS_ALLOWED_ORIGINS=https://www.kunta.example,https://app.kunta.example
CORS_ALLOWED_ORIGINS = [
    origin.strip()
    for origin in os.environ.get("CORS_ALLOWED_ORIGINS", "").split(",")
    if origin.strip()
]
CORS_URLS_REGEX = r"^/api/.*$"
# Browsers on other origins use personal tokens, never the site's session cookie.
CORS_ALLOW_CREDENTIALS = False

REST_FRAMEWORK = {"DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
