"""Configuration classes, read from the environment (and a `.env` file in the project root)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"
load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def shared_redis_url(redis_url: str | None, message_queue: str | None) -> str | None:
    """The Redis every process of the site shares: REDIS_URL, else a Redis
    SOCKETIO_MESSAGE_QUEUE; None when the processes share none."""
    queue = message_queue or ""
    return redis_url or (queue if queue.startswith(("redis://", "rediss://", "unix://")) else None)


def development_secret_key() -> str:
    """A random key made once per development install and kept in `instance/`."""
    INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
    key_file = INSTANCE_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


class Config:
    NAME = "base"
    SECRET_KEY = os.environ.get("SECRET_KEY") or None
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or (
        f"sqlite:///{INSTANCE_DIR / 'community.db'}"
    )
    SQLALCHEMY_ENGINE_OPTIONS: dict = {"pool_pre_ping": True}
    SOCKETIO_MESSAGE_QUEUE = os.environ.get("SOCKETIO_MESSAGE_QUEUE") or None
    SOCKETIO_ASYNC_MODE = os.environ.get("SOCKETIO_ASYNC_MODE") or None
    REDIS_URL = os.environ.get("REDIS_URL") or None
    MAIL_SERVER = os.environ.get("MAIL_SERVER") or None
    MAIL_PORT = env_int("MAIL_PORT", 25)
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_USE_TLS = env_bool("MAIL_USE_TLS", False)
    MAIL_DEFAULT_SENDER = (
        os.environ.get("MAIL_DEFAULT_SENDER") or "i-Community <no-reply@localhost>"
    )
    MAIL_OUTBOX = os.environ.get("MAIL_OUTBOX") or str(INSTANCE_DIR / "outbox")
    # Background jobs (community/jobs.py): the queue storage (`sqlite:///path`, `redis://…`;
    # default: REDIS_URL if set, else instance/jobs.db), and the seconds before each retry.
    JOBS_URL = os.environ.get("JOBS_URL") or None
    JOBS_RETRY_DELAYS = tuple(float(s) for s in (
        os.environ.get("JOBS_RETRY_DELAYS") or "20,60,300,1800").split(","))
    JOBS_IMMEDIATE = False
    INSTANT_MAIL_DELAY = env_int("INSTANT_MAIL_DELAY", 60)  # seconds: time to read it live first
    SERVER_NAME = os.environ.get("SERVER_NAME") or None
    # The public address every link in a mail starts with; never the request's Host header.
    SITE_URL = (os.environ.get("SITE_URL") or "").rstrip("/") or None
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME") or "http"
    SOCKETIO_CORS_ALLOWED_ORIGINS = [
        origin.strip()
        for origin in (os.environ.get("SOCKETIO_CORS_ALLOWED_ORIGINS") or "").split(",")
        if origin.strip()
    ]
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", True)
    RATELIMIT_HEADERS_ENABLED = True
    MAX_CONTENT_LENGTH = env_int("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)
    UPLOAD_FOLDER = os.environ.get("UPLOAD_FOLDER") or str(INSTANCE_DIR / "uploads")
    # Unset: uploads in UPLOAD_FOLDER; `s3://BUCKET/PREFIX`: in an S3-compatible service, whose
    # endpoint and credentials come from the standard AWS_* variables (read by boto3).
    STORAGE_URL = os.environ.get("STORAGE_URL") or None
    AWS_ENDPOINT_URL = os.environ.get("AWS_ENDPOINT_URL") or None
    HOST = os.environ.get("HOST") or "127.0.0.1"
    PORT = env_int("PORT", 5000)

    # Limits of our own, tunable per deployment.
    AVATAR_MAX_BYTES = 2 * 1024 * 1024
    AVATAR_MAX_PIXELS = 40_000_000
    API_RATE_LIMIT_USER = os.environ.get("API_RATE_LIMIT_USER") or "200 per minute"
    API_RATE_LIMIT_ANONYMOUS = os.environ.get("API_RATE_LIMIT_ANONYMOUS") or "100 per minute"
    # Chat: messages a user may send (every process counts together when REDIS_URL is set);
    # on with RATELIMIT_ENABLED unless CHAT_RATE_LIMIT_ENABLED says otherwise.
    CHAT_RATE_LIMIT = os.environ.get("CHAT_RATE_LIMIT") or "30 per 10 seconds"
    CHAT_RATE_LIMIT_ENABLED = (env_bool("CHAT_RATE_LIMIT_ENABLED", True)
                               if os.environ.get("CHAT_RATE_LIMIT_ENABLED") else None)
    # Redis pub/sub channel of the Socket.IO processes of this site, and the prefix of the
    # presence keys: give another site (or a test run) on the same Redis its own.
    # Seconds between two rounds of `unread` counts to a chat room's members: a busy room
    # costs one round per interval instead of one emit per member per message.
    CHAT_UNREAD_INTERVAL = float(os.environ.get("CHAT_UNREAD_INTERVAL") or 1.0)
    SOCKETIO_CHANNEL = os.environ.get("SOCKETIO_CHANNEL") or "flask-socketio"
    CHAT_REDIS_PREFIX = os.environ.get("CHAT_REDIS_PREFIX") or "community:"
    # The visitors' page cache (community/page_cache.py): seconds an entry lives at most (a
    # commit changing what visitors see ends it sooner), bytes kept per process, and the Redis
    # channel its invalidations travel on (one per site on a Redis) when the processes share a
    # Redis (REDIS_URL, else a Redis SOCKETIO_MESSAGE_QUEUE), and the hosts whose pages are
    # stored (comma-separated; unset: SERVER_NAME, else SITE_URL's, else the first one seen).
    PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", True)
    PAGE_CACHE_TTL = env_int("PAGE_CACHE_TTL", 60)
    PAGE_CACHE_MAX_BYTES = env_int("PAGE_CACHE_MAX_BYTES", 64 * 1024 * 1024)
    PAGE_CACHE_CHANNEL = os.environ.get("PAGE_CACHE_CHANNEL") or "community:page-cache"
    PAGE_CACHE_HOSTS = tuple(host.strip().lower() for host in (
        os.environ.get("PAGE_CACHE_HOSTS") or "").split(",") if host.strip())
    API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
    TOKEN_MAX_AGE_SECONDS = 2 * 24 * 3600
    # Werkzeug's scrypt (n=32768, r=8, p=1); only the tests lower the cost.
    PASSWORD_HASH_METHOD = "scrypt"

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION_DAYS = 14
    WTF_CSRF_TIME_LIMIT = None
    LANGUAGES = ("en", "fr", "ar")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_TRANSLATION_DIRECTORIES = str(BASE_DIR / "community" / "translations")
    PROXY_FIX_X_FOR = env_int("PROXY_FIX_X_FOR", 0)
    TESTING = False
    DEBUG = False


class DevelopmentConfig(Config):
    NAME = "development"

    def __init__(self) -> None:
        if not self.SECRET_KEY:
            self.SECRET_KEY = development_secret_key()


class TestingConfig(Config):
    NAME = "testing"
    TESTING = True
    SITE_URL = "http://localhost:5000"
    SECRET_KEY = "testing-secret-key"
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    RATELIMIT_ENABLED = env_bool("RATELIMIT_ENABLED", False)
    # Off: tests change rows and clocks between requests as no deployment does; the cache's own
    # tests switch it on (and PAGE_CACHE_ENABLED=1 runs any test with it).
    PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", False)
    PAGE_CACHE_HOSTS = ("localhost",)  # the test client's host
    # Tests post forms without tokens; the CSRF tests switch it back on.
    WTF_CSRF_ENABLED = False
    JOBS_IMMEDIATE = True  # jobs run in-process at enqueue; the worker tests switch it off
    INSTANT_MAIL_DELAY = 0  # in-process jobs cannot wait: instant mails go out at the commit
    MAIL_SERVER = None
    # The cheapest scrypt OpenSSL accepts with Werkzeug's memory limit (128 KB, about a
    # millisecond): the suite hashes thousands of passwords and needs the code path, not the cost.
    PASSWORD_HASH_METHOD = "scrypt:128:8:1"
    SOCKETIO_MESSAGE_QUEUE = None
    REDIS_URL = None
    CHAT_UNREAD_INTERVAL = 0.1  # coalesced all the same, but tests wait less for a round


class ProductionConfig(Config):
    NAME = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = os.environ.get("PREFERRED_URL_SCHEME") or "https"

    def __init__(self) -> None:
        if not self.SECRET_KEY:
            raise RuntimeError(
                "SECRET_KEY is not set. Production refuses to start without it: "
                "export SECRET_KEY to a long random string."
            )
        # Without a Redis shared by every process, a write in one (the job worker, another
        # gunicorn worker) would leave the others' caches stale until the TTL: off unless
        # PAGE_CACHE_ENABLED says otherwise (one process, or that staleness accepted).
        if not os.environ.get("PAGE_CACHE_ENABLED") and not shared_redis_url(
                self.REDIS_URL, self.SOCKETIO_MESSAGE_QUEUE):
            self.PAGE_CACHE_ENABLED = False


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def get_config(name: str | None = None) -> Config:
    name = name or os.environ.get("COMMUNITY_CONFIG") or "development"
    if name not in CONFIGS:
        raise RuntimeError(f"COMMUNITY_CONFIG must be one of {', '.join(CONFIGS)}, not {name!r}")
    return CONFIGS[name]()
