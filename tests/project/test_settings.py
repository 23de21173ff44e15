"""factcheck/settings.py switches on the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, django
from django.conf import settings
django.setup()
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db.get("HOST", ""),
    "port": str(db.get("PORT", "")), "user": db.get("USER", ""),
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "broker": settings.CELERY_BROKER_URL,
    "debug": settings.DEBUG, "allowed_hosts": settings.ALLOWED_HOSTS,
    "secret_key": settings.SECRET_KEY, "options": db.get("OPTIONS", {}),
    "session_secure": getattr(settings, "SESSION_COOKIE_SECURE", False),
    "csrf_secure": getattr(settings, "CSRF_COOKIE_SECURE", False),
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
    "acks_late": settings.CELERY_TASK_ACKS_LATE,
    "prefetch": settings.CELERY_WORKER_PREFETCH_MULTIPLIER,
    "serializer": settings.CELERY_TASK_SERIALIZER, "accept": settings.CELERY_ACCEPT_CONTENT,
}))
"""

# Everything settings.py reads, removed so the parent's environment (e.g. the
# integration run's DATABASE_URL) cannot leak into a case.
SCRUB = (
    "DATABASE_URL",
    "CELERY_BROKER_URL",
    "REDIS_URL",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_RESULT_BACKEND",
    "FACTCHECK_ENV",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "CSRF_TRUSTED_ORIGINS",
)


def run_settings(tmp_path, **env):
    child_env = {k: v for k, v in os.environ.items() if k not in SCRUB}
    child_env.update(
        DJANGO_SETTINGS_MODULE="factcheck.settings",
        FACTCHECK_VAR_DIR=str(tmp_path / "var"),
        PYTHONPATH=str(ROOT),
    )
    child_env.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_for(tmp_path, **env) -> dict:
    proc = run_settings(tmp_path, **env)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


def test_default_is_embedded_sqlite_and_eager(tmp_path):
    s = settings_for(tmp_path)
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "var" / "factcheck.sqlite3")
    assert s["eager"] is True
    assert s["broker"] == "memory://"
    # off unless asked for: Django's debug page shows settings and the environment
    assert s["debug"] is False
    assert (tmp_path / "var").is_dir()
    # concurrent requests queue for the write lock instead of failing (tests/
    # test_sqlite_concurrency.py): WAL, BEGIN IMMEDIATE, a busy timeout
    assert s["options"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in s["options"]["init_command"]
    assert s["options"]["timeout"] >= 5


def test_debug_is_an_explicit_local_switch(tmp_path):
    assert settings_for(tmp_path, DEBUG="1")["debug"] is True
    assert settings_for(tmp_path, DEBUG="1", FACTCHECK_ENV="production", SECRET_KEY="x" * 60,
                        ALLOWED_HOSTS="example.org")["debug"] is False


def test_database_url_switches_to_postgresql(tmp_path):
    s = settings_for(tmp_path, DATABASE_URL="postgres://fc:pw@db.internal:5433/factcheck")
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["name"], s["host"], s["port"], s["user"]) == (
        "factcheck",
        "db.internal",
        "5433",
        "fc",
    )
    assert s["eager"] is True  # no broker configured: still eager


@pytest.mark.parametrize("var", ["CELERY_BROKER_URL", "REDIS_URL"])
def test_broker_url_turns_eager_off(tmp_path, var):
    s = settings_for(tmp_path, **{var: "redis://cache.internal:6379/2"})
    assert s["eager"] is False
    assert s["broker"] == "redis://cache.internal:6379/2"


def test_celery_broker_url_wins_over_redis_url(tmp_path):
    s = settings_for(
        tmp_path, CELERY_BROKER_URL="redis://broker:6379/1", REDIS_URL="redis://cache:6379/0"
    )
    assert s["broker"] == "redis://broker:6379/1"


def test_eager_can_be_forced_with_a_broker(tmp_path):
    s = settings_for(
        tmp_path, CELERY_BROKER_URL="redis://broker:6379/1", CELERY_TASK_ALWAYS_EAGER="true"
    )
    assert s["eager"] is True


def test_task_delivery_guarantees_in_every_environment(tmp_path):
    s = settings_for(tmp_path, CELERY_BROKER_URL="redis://broker:6379/1")
    assert s["acks_late"] is True
    assert s["prefetch"] == 1
    assert s["serializer"] == "json" and s["accept"] == ["json"]


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "SECRET_KEY must be set when FACTCHECK_ENV=production"),
        ({"ALLOWED_HOSTS": "fc.example.org"}, "SECRET_KEY must be set"),
        ({"SECRET_KEY": "s3cr3t-" * 8}, "ALLOWED_HOSTS must be set when FACTCHECK_ENV=production"),
    ],
)
def test_production_refuses_to_start_without_secrets(tmp_path, env, message):
    proc = run_settings(tmp_path, FACTCHECK_ENV="production", **env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert message in proc.stderr


def test_production_with_secrets_is_locked_down(tmp_path):
    s = settings_for(
        tmp_path,
        FACTCHECK_ENV="production",
        SECRET_KEY="s3cr3t-" * 8,
        ALLOWED_HOSTS="fc.example.org,www.fc.example.org",
        DEBUG="true",  # ignored in production
    )
    assert s["debug"] is False
    assert s["allowed_hosts"] == ["fc.example.org", "www.fc.example.org"]
    assert s["secret_key"] == "s3cr3t-" * 8
    assert s["session_secure"] is True and s["csrf_secure"] is True
    assert s["ssl_redirect"] is True
    assert s["hsts"] >= 31536000


def test_local_default_secret_is_never_the_production_one(tmp_path):
    s = settings_for(tmp_path)
    assert s["secret_key"] == "local-dev-only-not-secret"
    assert s["session_secure"] is False


def test_an_unknown_embedding_backend_refuses_to_start(tmp_path):
    proc = run_settings(tmp_path, EMBEDDING_BACKEND="tensorrt")
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "EMBEDDING_BACKEND must be torch, onnx or onnx-int8, not 'tensorrt'" in proc.stderr
