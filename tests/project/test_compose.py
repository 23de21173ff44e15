"""docker-compose.yml and the Dockerfile describe the production shape, and agree with settings.

No Docker engine runs where the tests run, so this parses the files and checks
them against factcheck/settings.py (loaded for real, with the compose environment).
"""

import re
import tomllib
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from tests.project.test_settings import settings_for

ROOT = Path(__file__).resolve().parents[2]
APP_SERVICES = ("migrate", "web", "worker", "beat")

# env.str("NAME", env.db_url("NAME", environ.Env().str("NAME", os.environ.setdefault("NAME", ...
READ_PATTERN = re.compile(
    r"""(?:\.(?:str|bool|int|float|list|tuple|dict|json|url|db_url|db|cache_url|path)"""
    r"""|os\.environ\.(?:get|setdefault)|os\.getenv)\(\s*["']([A-Z][A-Z0-9_]*)["']"""
)
INTERPOLATION = re.compile(r"\$\{([A-Z0-9_]+)(?::?([-?])([^}]*))?\}")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module")
def services(compose):
    return compose["services"]


def env_read_by_project() -> set[str]:
    names = set()
    for path in ("factcheck/settings.py", "factcheck/celery.py"):
        names |= set(READ_PATTERN.findall((ROOT / path).read_text()))
    return names


def interpolate(value: str, given: dict[str, str]) -> str:
    """Resolve ${VAR}, ${VAR:-default} and ${VAR:?error} the way compose does."""

    def sub(m):
        name, op, arg = m.groups()
        if given.get(name):
            return given[name]
        if op == "?":
            raise KeyError(f"{name} is required: {arg}")
        return arg or ""

    return INTERPOLATION.sub(sub, str(value))


def command_words(service) -> list[str]:
    cmd = service["command"]
    return cmd.split() if isinstance(cmd, str) else [str(w) for w in cmd]


def test_the_services_exist(services):
    assert {"db", "redis", "migrate", "web", "worker", "beat"} <= set(services)


def test_the_reader_finds_what_settings_reads():
    # guards the regex itself: these are known reads in settings.py / celery.py
    read = env_read_by_project()
    for name in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL", "SECRET_KEY", "ALLOWED_HOSTS"):
        assert name in read
    assert {"FACTCHECK_ENV", "FACTCHECK_VAR_DIR", "HF_HUB_OFFLINE"} <= read


def test_database_is_postgres_with_pgvector(services):
    db = services["db"]
    assert db["image"].startswith("pgvector/pgvector:pg")
    assert "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.endswith(":/var/lib/postgresql/data") for v in db["volumes"])


def test_database_keeps_the_vector_index_in_memory(services):
    """HNSW latency holds only while the index fits in shared_buffers (bench/knn.py)."""
    args = services["db"]["command"]
    assert args[0] == "postgres"
    settings_given = {args[i + 1].split("=")[0] for i, a in enumerate(args) if a == "-c"}
    assert {"shared_buffers", "maintenance_work_mem"} <= settings_given
    # parallel HNSW builds use /dev/shm, which Docker caps at 64 MB by default
    assert "shm_size" in services["db"]


def test_redis_has_a_healthcheck(services):
    assert services["redis"]["image"].startswith("redis:7")
    assert services["redis"]["healthcheck"]["test"][-2:] == ["redis-cli", "ping"]


def test_web_runs_gunicorn_on_the_wsgi_app(services):
    words = command_words(services["web"])
    assert words[0] == "gunicorn"
    assert "factcheck.wsgi:application" in words
    assert settings.WSGI_APPLICATION == "factcheck.wsgi.application"
    assert "healthcheck" in services["web"]


def test_migrate_runs_once_before_the_app(services):
    assert command_words(services["migrate"])[-3:] == ["manage.py", "migrate", "--noinput"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"]["db"]["condition"] == "service_healthy"
    for name in ("web", "worker", "beat"):
        deps = services[name]["depends_on"]
        assert deps["db"]["condition"] == "service_healthy", name
        assert deps["redis"]["condition"] == "service_healthy", name
        assert deps["migrate"]["condition"] == "service_completed_successfully", name


def test_worker_consumes_every_routed_queue(services):
    words = command_words(services["worker"])
    assert words[:4] == ["celery", "-A", "factcheck", "worker"]
    queues = set(words[words.index("-Q") + 1].split(","))
    routed = {route["queue"] for route in settings.CELERY_TASK_ROUTES.values()}
    assert {settings.CELERY_TASK_DEFAULT_QUEUE} | routed <= queues
    assert queues == {"default", "embed", "match"}
    assert "-I" not in words  # autodiscovery finds every task (below)
    assert any(w.startswith("--concurrency") for w in words)


def test_autodiscovery_registers_every_task_a_worker_runs():
    from factcheck.celery import app

    app.loader.import_default_modules()
    ours = {name for name in app.tasks if name.startswith("claims.")}
    assert {"claims.tasks.run_dispatch", "claims.tasks.match_claims", "claims.tasks.watchdog",
            "claims.tasks_system.system_ping"} <= ours


def test_beat_uses_the_database_scheduler(services):
    words = command_words(services["beat"])
    assert words[:4] == ["celery", "-A", "factcheck", "beat"]
    assert "django_celery_beat.schedulers:DatabaseScheduler" in words
    assert "django_celery_beat" in settings.INSTALLED_APPS
    assert "deploy" not in services["beat"]  # one beat only: never replicated


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_app_variable_is_read_by_settings(services, name):
    unread = set(services[name]["environment"]) - env_read_by_project()
    assert not unread, f"{name} sets variables nothing reads: {sorted(unread)}"


@pytest.mark.parametrize("name", APP_SERVICES)
def test_production_requirements_are_set(services, name):
    env = services[name]["environment"]
    required = set(re.findall(r'ImproperlyConfigured\("([A-Z_]+) must be set', _settings_source()))
    assert required == {"SECRET_KEY", "ALLOWED_HOSTS"}
    assert env["FACTCHECK_ENV"] == "production"
    assert required <= set(env)
    # the secret is never baked into the file: compose stops if it is not given
    assert env["SECRET_KEY"].startswith("${SECRET_KEY:?")
    assert env["HF_HUB_OFFLINE"] == "1"
    for var in ("DATABASE_URL", "CELERY_BROKER_URL", "REDIS_URL"):
        assert var in env


def _settings_source() -> str:
    return (ROOT / "factcheck" / "settings.py").read_text()


def test_urls_point_at_the_compose_services(services):
    env = {
        k: interpolate(v, {"SECRET_KEY": "x", "POSTGRES_PASSWORD": "pw"})
        for k, v in services["web"]["environment"].items()
    }
    db_env = {
        k: interpolate(v, {"POSTGRES_PASSWORD": "pw"})
        for k, v in services["db"]["environment"].items()
    }
    assert env["DATABASE_URL"] == (
        f"postgres://{db_env['POSTGRES_USER']}:{db_env['POSTGRES_PASSWORD']}"
        f"@db:5432/{db_env['POSTGRES_DB']}"
    )
    assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
    # throttle counters and cached counts shared by every process, not one per process
    assert env["CACHE_URL"].startswith("redis://redis:6379/")
    assert env["CACHE_URL"] != env["CELERY_BROKER_URL"]


def test_compose_environment_configures_settings(services, tmp_path):
    """Load settings.py with the web service's environment, as the container would."""
    env = {
        k: interpolate(v, {"SECRET_KEY": "compose-test-" * 4, "POSTGRES_PASSWORD": "pw"})
        for k, v in services["web"]["environment"].items()
    }
    env["FACTCHECK_VAR_DIR"] = str(tmp_path / "var")  # /app/var does not exist here
    env.pop("STATIC_ROOT")
    s = settings_for(tmp_path, **env)
    assert s["engine"] == "django.db.backends.postgresql"
    assert (s["host"], s["name"]) == ("db", "factcheck")
    assert s["eager"] is False
    assert s["broker"] == "redis://redis:6379/0"
    assert s["debug"] is False and s["session_secure"] is True
    assert s["allowed_hosts"] == ["localhost", "127.0.0.1"]


def test_missing_secret_key_stops_compose(services):
    with pytest.raises(KeyError, match="SECRET_KEY is required"):
        interpolate(services["web"]["environment"]["SECRET_KEY"], {})


@pytest.mark.parametrize("where", [("web", "DATABASE_URL"), ("db", "POSTGRES_PASSWORD")])
def test_missing_database_password_stops_compose(services, where):
    """No default password in the file: compose refuses to start without one."""
    service, var = where
    with pytest.raises(KeyError, match="POSTGRES_PASSWORD is required"):
        interpolate(services[service]["environment"][var], {"SECRET_KEY": "x"})


def test_dockerfile_builds_the_app_image():
    text = (ROOT / "Dockerfile").read_text()
    assert re.search(r"^FROM python:3\.11-slim$", text, re.M)
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    torch_pin = next(d for d in pyproject["project"]["dependencies"] if d.startswith("torch=="))
    assert f"pip install {torch_pin} --index-url https://download.pytorch.org/whl/cpu" in text
    assert "collectstatic" in text
    assert re.search(r"^USER (?!root)\w+", text, re.M)
    ignored = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", "var"} <= set(ignored)


def test_every_app_service_builds_the_same_image(services):
    images = {services[name]["image"] for name in APP_SERVICES}
    assert len(images) == 1
    assert all(services[name]["build"] == "." for name in APP_SERVICES)
