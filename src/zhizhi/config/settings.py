"""Settings, read from the environment (ZHIZHI_*); see docs/configuration in README.md."""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"ZHIZHI_{name}") or default


def _env_bool(name: str, default: bool = False) -> bool:
    value = _env(name)
    if not value:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in _env(name, default).split(",") if item.strip()]


PACKAGE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(_env("VAR_DIR", str(Path.cwd() / "var"))).resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# "demo" is the embedded single-machine default; "production" turns on every deployment check.
PROFILE = _env("PROFILE", "demo")
if PROFILE not in {"demo", "production"}:
    raise ImproperlyConfigured("ZHIZHI_PROFILE must be 'demo' or 'production'")
PRODUCTION = PROFILE == "production"

DEBUG = _env_bool("DEBUG", False)


def _secret_key() -> str:
    key = _env("SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("ZHIZHI_SECRET_KEY is required when ZHIZHI_PROFILE=production")
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = _env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = _env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "huey.contrib.djhuey",
    "zhizhi.core",
    "zhizhi.accounts",
    "zhizhi.notify",
    "zhizhi.servicehall",
    "zhizhi.appeals",
    "zhizhi.web",
    "zhizhi.demo",
]

MIDDLEWARE = [
    "zhizhi.core.middleware.RequestGuardMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "zhizhi.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "zhizhi.core.middleware.ClientAddressMiddleware",
    "zhizhi.web.middleware.ApplicationErrorPageMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "zhizhi.config.urls"
WSGI_APPLICATION = "zhizhi.config.wsgi.application"

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
                "django.template.context_processors.i18n",
                "zhizhi.web.context.shell",
            ],
            "builtins": ["zhizhi.web.templatetags.masking"],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        _env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'zhizhi.sqlite3'}"),
        conn_max_age=int(_env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "zhizhi.accounts.auth.UsernameOrPhoneBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:home"

# Brute force and credential stuffing: lock a username, and separately an address, after repeated failures.
AXES_FAILURE_LIMIT = int(_env("LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = float(_env("LOCKOUT_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "zhizhi.accounts.auth.lockout_response"
AXES_CLIENT_IP_CALLABLE = "zhizhi.core.middleware.client_address_of"
AXES_USERNAME_CALLABLE = "zhizhi.accounts.auth.lockout_username"
AXES_VERBOSE = False

OTP_TOTP_ISSUER = "智治 Zhizhi"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_COOKIE_SECURE = _env_bool("SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = _env_bool("SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(_env("HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("HSTS_PRELOAD", False)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# A body larger than this is refused with 413 before anything reads it.
MAX_BODY_BYTES = int(float(_env("MAX_BODY_MB", "5")) * 1024 * 1024)
# One uploaded material may be this large; a multipart request may carry a few of them.
SERVICEHALL_MAX_UPLOAD_MB = float(_env("MAX_UPLOAD_MB", "10"))
MAX_UPLOAD_BODY_BYTES = int(SERVICEHALL_MAX_UPLOAD_MB * 4 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(_env("STATIC_ROOT", str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_ROOT = Path(_env("MEDIA_ROOT", str(VAR_DIR / "files")))

# Background work: Redis in production, a SQLite file otherwise.
REDIS_URL = _env("REDIS_URL")
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",  # tasks with a priority overtake a long queue
        "name": _env("QUEUE_NAME", "zhizhi"),
        "url": REDIS_URL,
        "immediate": False,
        "consumer": {"workers": int(_env("WORKER_THREADS", "2")), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "zhizhi",
        "filename": str(VAR_DIR / "queue.sqlite3"),
        "immediate": False,
        "consumer": {"workers": int(_env("WORKER_THREADS", "2")), "worker_type": "thread"},
    }

EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_HOST = _env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(_env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = _env("EMAIL_USER")
EMAIL_HOST_PASSWORD = _env("EMAIL_PASSWORD")
EMAIL_USE_TLS = _env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = _env_bool("EMAIL_USE_SSL", False)
DEFAULT_FROM_EMAIL = _env("EMAIL_FROM", "智治 <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

SMS_GATEWAY = _env("SMS_GATEWAY", "zhizhi.notify.sms.ConsoleSmsGateway")
if PRODUCTION and not _env("SMS_GATEWAY"):
    raise ImproperlyConfigured("ZHIZHI_SMS_GATEWAY is required in production: codes must not go to the log")
SMS_GATEWAY_URL = _env("SMS_GATEWAY_URL")
SMS_GATEWAY_KEY = _env("SMS_GATEWAY_KEY")
SMS_SIGN = _env("SMS_SIGN", "智治")

AUDIT_HASH = _env("AUDIT_HASH", "sm3")
if AUDIT_HASH not in {"sm3", "sha256"}:
    raise ImproperlyConfigured("ZHIZHI_AUDIT_HASH must be 'sm3' or 'sha256'")

SITE_NAME = _env("SITE_NAME", "示范市")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": _env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "huey": {"level": "WARNING"}, "spiff": {"level": "WARNING"}},
}

# Behind N reverse proxies, the client's address is the N-th X-Forwarded-For entry from the right (the one our
# own nearest proxy appended); anything a client wrote there itself is ignored. 0 = use the socket's address.
TRUSTED_PROXY_HOPS = int(_env("TRUSTED_PROXY_HOPS", "1" if PRODUCTION else "0"))
# The proxies' addresses, for gunicorn's X-Forwarded-Proto handling.
TRUSTED_PROXIES = _env("TRUSTED_PROXIES", "127.0.0.1")
