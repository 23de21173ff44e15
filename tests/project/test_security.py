"""Security properties, each shown failing-if-missing: CSRF on every form, object-level
verdict rules, login lockout and API throttling, production cookie/TLS settings,
password hashing, `check --deploy` clean, and no secrets in the repository."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from claims.models import Verdict
from tests.factories import DEFAULT_PASSWORD, ClaimFactory, UserFactory, VerdictFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    cache.clear()  # throttle counters
    yield
    cache.clear()


# --- CSRF ----------------------------------------------------------------------------


def _routes(resolver: URLResolver, prefix: str = ""):
    for p in resolver.url_patterns:
        if not isinstance(p.pattern, RoutePattern):
            continue  # the admin's regex catch-alls; its real pages are routes
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            yield from _routes(p, route)
        elif isinstance(p, URLPattern):
            yield route


def post_routes() -> list[str]:
    """Every non-API URL of the site with its converters filled in (the API is DRF's,
    which checks CSRF itself for session users: tested below)."""
    urls = []
    for route in _routes(get_resolver()):
        if route.startswith("api/"):
            continue
        urls.append("/" + re.sub(r"<(?:\w+:)?\w+>", "1", route))
    return sorted(set(urls))


@pytest.mark.django_db
def test_every_post_url_refuses_a_request_without_the_csrf_token(moderator):
    urls = post_routes()
    assert len(urls) >= 15 and "/accounts/login/" in urls and "/claims/1/verdict" in urls
    client = Client(enforce_csrf_checks=True)
    client.force_login(moderator)
    accepted = []
    for url in urls:
        response = client.post(url, {"label": "refuted", "rationale": "x", "version": "0"})
        if url == "/healthz" and response.status_code == 405:
            continue  # serves GET only and writes nothing (csrf_exempt): no POST at all
        if response.status_code != 403 or b"CSRF" not in response.content:
            accepted.append((url, response.status_code))
    assert not accepted, f"POST accepted without a CSRF token: {accepted}"


@pytest.mark.django_db
def test_a_post_with_the_token_gets_past_the_csrf_check(reviewer):
    """The refusal above is CSRF's doing: the same form with the token is not refused."""
    client = Client(enforce_csrf_checks=True)
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = client.post("/accounts/login/", {
        "username": reviewer.username, "password": DEFAULT_PASSWORD,
        "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_every_post_form_in_the_templates_carries_the_token():
    forms = 0
    missing = []
    for path in (ROOT / "templates").rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        for m in re.finditer(r"<form\b[^>]*>(.*?)</form>", html, re.S | re.I):
            if re.search(r"method\s*=\s*['\"]?post", m.group(0)[:300], re.I):
                forms += 1
                if "{% csrf_token %}" not in m.group(1):
                    missing.append(f"{path.relative_to(ROOT)}: {m.group(0)[:80]}")
    assert forms >= 5
    assert not missing, missing


@pytest.mark.django_db
def test_api_session_writes_need_the_csrf_token_token_auth_does_not(reviewer):
    claim = ClaimFactory(status="needs_review")
    data = {"claim": claim.pk, "label": "refuted", "rationale": "r", "version": claim.version}
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(reviewer)
    refused = session.post("/api/verdicts/", data, format="json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
    token = APIClient(enforce_csrf_checks=True)
    token.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer).key}")
    assert token.post("/api/verdicts/", data, format="json").status_code == 201


# --- object-level rules: a reviewer's verdict is theirs; only moderators override -----


def _snapshot(v: Verdict) -> tuple:
    v.refresh_from_db()
    return (v.label, v.rationale, v.reviewer_id, v.kind, v.claim_id, v.created_at)


@pytest.mark.django_db
def test_a_reviewer_cannot_change_or_override_another_reviewers_verdict(reviewer, moderator):
    author = UserFactory(username="ann_author")
    author.groups.add(Group.objects.get(name="reviewer"))
    verdict = VerdictFactory(reviewer=author, label="supported", rationale="Checked it.")
    before = _snapshot(verdict)
    api = APIClient()
    api.force_login(reviewer)
    url = f"/api/verdicts/{verdict.pk}/"
    body = {"label": "refuted", "rationale": "Mine now.", "reason": "Mine now."}
    assert api.put(url, body, format="json").status_code == 405
    assert api.patch(url, body, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert api.post(f"{url}override/", body, format="json").status_code == 403
    web = Client()
    web.force_login(reviewer)
    assert web.post(f"/claims/{verdict.claim_id}/override",
                    {"label": "refuted", "kind": "override", "reason": "x"}).status_code == 403
    admin_change = web.post(f"/admin/claims/verdict/{verdict.pk}/change/", body)
    assert admin_change.status_code == 302 and "/admin/login/" in admin_change["Location"]
    assert _snapshot(verdict) == before
    verdict.refresh_from_db()
    assert verdict.is_current


@pytest.mark.django_db
def test_a_moderator_override_adds_a_verdict_and_leaves_the_original_intact(moderator):
    author = UserFactory(username="ann_author")
    verdict = VerdictFactory(reviewer=author, label="supported", rationale="Checked it.")
    before = _snapshot(verdict)
    api = APIClient()
    api.force_login(moderator)
    response = api.post(f"/api/verdicts/{verdict.pk}/override/",
                        {"label": "refuted", "reason": "Wrong year."}, format="json")
    assert response.status_code == 201, response.content
    assert _snapshot(verdict) == before  # the reviewer's record is untouched ...
    verdict.refresh_from_db()
    assert not verdict.is_current  # ... and no longer the claim's current verdict
    new = Verdict.objects.get(pk=response.json()["id"])
    assert (new.reviewer, new.kind, new.is_current) == (moderator, "override", True)
    assert verdict.history.count() >= 2  # created, then retired: both in the audit trail


# --- brute force: login lockout (django-axes) and API throttling (DRF) ---------------


@pytest.mark.django_db
@pytest.mark.parametrize("login_url", ["/accounts/login/", "/admin/login/"])
def test_repeated_failed_logins_lock_the_account_out(settings, login_url, moderator):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = client.post(login_url, {"username": moderator.username, "password": "wrong"})
        assert r.status_code in (200, 429)
    locked = client.post(login_url, {"username": moderator.username,
                                     "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429  # even the right password is refused now
    assert "_auth_user_id" not in client.session
    other = UserFactory(username="someone_else", is_staff=True)
    ok = client.post(login_url, {"username": other.username, "password": DEFAULT_PASSWORD})
    assert ok.status_code == 302  # the lockout is for that username, not the whole site


@pytest.mark.django_db
def test_a_successful_login_resets_the_failure_count(settings, reviewer):
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/accounts/login/", {"username": reviewer.username, "password": "wrong"})
    assert client.post("/accounts/login/", {"username": reviewer.username,
                                            "password": DEFAULT_PASSWORD}).status_code == 302
    client.logout()
    client.post("/accounts/login/", {"username": reviewer.username, "password": "wrong"})
    assert client.post("/accounts/login/", {"username": reviewer.username,
                                            "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_token_endpoint_guessing_is_locked_out(settings, reviewer):
    api = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        r = api.post("/api/auth/token/", {"username": reviewer.username, "password": "guess"})
        assert r.status_code in (400, 429) and "token" not in r.json()
    r = api.post("/api/auth/token/", {"username": reviewer.username,
                                      "password": DEFAULT_PASSWORD})
    assert r.status_code in (400, 403, 429) and "token" not in r.json()


@pytest.mark.django_db
def test_api_token_use_is_throttled_per_user(monkeypatch, reviewer, moderator):
    from django.conf import settings as django_settings
    from rest_framework.throttling import UserRateThrottle

    configured = django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"]
    assert configured and configured.split("/")[0].isdigit()  # on by default
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=reviewer).key}")
    codes = [api.get("/api/claims/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    last = api.get("/api/claims/")
    assert last.status_code == 429 and int(last["Retry-After"]) > 0
    other = APIClient()
    other.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=moderator).key}")
    assert other.get("/api/claims/").status_code == 200  # counted per user


# --- production settings (fresh interpreter with the production environment) --------

PROBE = """
import json, django
from django.conf import settings, global_settings
django.setup()
from django.contrib.auth.hashers import make_password
print(json.dumps({
    "session_secure": settings.SESSION_COOKIE_SECURE,
    "session_httponly": settings.SESSION_COOKIE_HTTPONLY,
    "session_samesite": settings.SESSION_COOKIE_SAMESITE,
    "csrf_secure": settings.CSRF_COOKIE_SECURE,
    "csrf_samesite": settings.CSRF_COOKIE_SAMESITE,
    "hsts": settings.SECURE_HSTS_SECONDS,
    "hsts_sub": settings.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "ssl_redirect": settings.SECURE_SSL_REDIRECT,
    "proxy_header": list(settings.SECURE_PROXY_SSL_HEADER or []),
    "debug": settings.DEBUG,
    "hashers": settings.PASSWORD_HASHERS,
    "default_hashers": global_settings.PASSWORD_HASHERS,
    "hash": make_password("correct horse battery staple"),
    "axes": settings.AXES_ENABLED and "axes" in settings.INSTALLED_APPS,
    "throttle": settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"],
}))
"""


def production_env(tmp_path, **extra) -> dict:
    keep = {k: v for k, v in os.environ.items()
            if not k.startswith(("DATABASE_", "CELERY_", "REDIS_", "SECRET", "ALLOWED",
                                 "DEBUG", "SECURE_", "CSRF_", "FACTCHECK_", "API_THROTTLE",
                                 "LOGIN_", "CACHE_URL", "DJANGO_"))}
    # DJANGO_ too: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE while their browser is
    # open, and a production deployment never has it (check --deploy says so)
    return {
        **keep,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "FACTCHECK_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
        "FACTCHECK_ENV": "production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "factcheck.example.org",
        "CSRF_TRUSTED_ORIGINS": "https://factcheck.example.org",
        **extra,
    }


def test_production_cookies_tls_and_password_hashing(tmp_path):
    proc = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=production_env(tmp_path),
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    s = json.loads(proc.stdout.strip().splitlines()[-1])
    assert s["session_secure"] and s["session_httponly"] and s["csrf_secure"]
    assert s["session_samesite"] == s["csrf_samesite"] == "Lax"
    assert s["hsts"] >= 31536000 and s["hsts_sub"] and s["ssl_redirect"]
    assert s["proxy_header"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert s["debug"] is False
    assert s["hashers"] == s["default_hashers"]  # Django's default, not a test's fast one
    assert s["hash"].startswith("pbkdf2_sha256$") and int(s["hash"].split("$")[1]) >= 600_000
    assert s["axes"] is True
    assert s["throttle"]["user"] and s["throttle"]["anon"]


def test_check_deploy_with_production_environment_has_no_warnings(tmp_path):
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(tmp_path), capture_output=True, text=True, timeout=180,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "System check identified no issues (0 silenced)" in out, out


def test_check_deploy_does_flag_a_weak_secret_key(tmp_path):
    """The check above can fail: a short key is reported."""
    proc = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=production_env(tmp_path, SECRET_KEY="short-key"),
        capture_output=True, text=True, timeout=180,
    )
    assert proc.returncode != 0 and "security.W009" in proc.stdout + proc.stderr


# --- secrets come from the environment only -----------------------------------------

SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"\bAKIA[0-9A-Z]{16}\b"),
    "GitHub token": re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}\b"),
    "Slack token": re.compile(r"\bxox[abprs]-[A-Za-z0-9-]{10,}"),
    "API key": re.compile(r"\bsk-[A-Za-z0-9]{32,}\b"),
    # a password written into a URL (a ${VAR} interpolation is fine)
    "password in URL": re.compile(r"://[^/\s:@'\"]+:(?!\$\{)[^/\s@'\"]+@"),
    "hard-coded SECRET_KEY": re.compile(
        r"SECRET_KEY\s*=\s*['\"](?!local-dev-only-not-secret)[^'\"]{8,}['\"]"),
}


def tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
    return [ROOT / p for p in out.stdout.decode().split("\0") if p]


def test_no_secrets_in_tracked_files():
    files = tracked_files()
    assert len(files) > 50
    found = []
    for path in files:
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("tests/") or not path.is_file() or path.stat().st_size > 2_000_000:
            continue  # tests hold made-up credentials on purpose (e.g. fc:pw@db.internal)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for name, rx in SECRET_PATTERNS.items():
            for m in rx.finditer(text):
                found.append(f"{rel}: {name}: {m.group(0)[:40]}")
    assert not found, found


def test_the_secret_patterns_do_catch_secrets():
    samples = {
        "private key": "-----BEGIN RSA PRIVATE KEY-----",
        "AWS access key": "key = AKIAABCDEFGHIJKLMNOP",
        "password in URL": "DATABASE_URL=postgres://app:hunter2@db:5432/x",
        "hard-coded SECRET_KEY": "SECRET_KEY = 'django-insecure-abcdefgh12345'",
    }
    for name, text in samples.items():
        assert SECRET_PATTERNS[name].search(text), name
    assert not SECRET_PATTERNS["password in URL"].search("postgres://u:${PGPASS}@db/x")


# --- methods a view does not serve: 405 ---------------------------------------------


def site_routes() -> list[str]:
    """Every page of the site outside the API and the admin, converters filled in."""
    return [u for u in post_routes() if not u.startswith("/admin/")]


@pytest.mark.django_db
def test_every_page_answers_405_to_methods_it_does_not_serve(moderator):
    client = Client()
    client.force_login(moderator)
    urls = site_routes()
    assert "/claims/1/override" in urls and "/healthz" in urls and len(urls) >= 15
    served = []
    for url in urls:
        for method in ("put", "patch", "delete"):
            response = getattr(client, method)(url)
            if response.status_code != 405:
                served.append((method.upper(), url, response.status_code))
    assert not served, f"methods answered other than 405: {served}"


@pytest.mark.django_db
def test_healthz_serves_get_and_head_only():
    client = Client(enforce_csrf_checks=True)  # as a real probe: no CSRF 403 first
    assert client.get("/healthz").status_code == 200
    assert client.head("/healthz").status_code == 200
    for method in ("post", "put", "patch", "delete", "options"):
        response = getattr(client, method)("/healthz")
        assert response.status_code == 405, method
        assert "GET" in response["Allow"]


# --- deeply nested JSON: 400, not a RecursionError --------------------------------------


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.django_db
@pytest.mark.parametrize("depth", [5000, 200])
def test_deeply_nested_json_is_a_400_with_a_message(depth, reviewer):
    anonymous = APIClient()
    r = anonymous.post("/api/auth/token/", _nested(depth), content_type="application/json")
    assert r.status_code == 400 and "nested more than" in r.json()["detail"]
    logged_in = APIClient()
    logged_in.force_login(reviewer)
    body = '{"claim": 1, "label": "refuted", "rationale": ' + _nested(depth) + ', "version": 0}'
    r = logged_in.post("/api/verdicts/", body, content_type="application/json")
    assert r.status_code == 400 and "nested more than" in r.json()["detail"]
    assert not Verdict.objects.exists()


@pytest.mark.django_db
def test_ordinary_nesting_still_parses(reviewer):
    claim = ClaimFactory(status="needs_review")
    api = APIClient()
    api.force_login(reviewer)
    r = api.post("/api/verdicts/", {"claim": claim.pk, "label": "refuted", "rationale": "r",
                                    "version": claim.version, "cited_matches": []},
                 format="json")
    assert r.status_code == 201, r.content


# --- password spraying and guessing: per-address lockout, throttle before the 401 ------


@pytest.mark.django_db
def test_password_spraying_from_one_address_is_locked_out(settings, reviewer):
    """Many usernames, one password, one address: the address is locked out after
    LOGIN_ADDRESS_FAILURE_LIMIT failures, and then even a real login from it is refused."""
    limit = settings.LOGIN_ADDRESS_FAILURE_LIMIT
    assert settings.AXES_FAILURE_LIMIT < limit <= 100
    api = APIClient()
    codes = [api.post("/api/auth/token/", {"username": f"guess{i}", "password": "Spring2026!"}
                      ).status_code for i in range(limit + 5)]
    assert set(codes[:limit - 1]) == {400}  # each a different username, not yet limited
    assert codes[-1] == 429
    real = api.post("/api/auth/token/", {"username": reviewer.username,
                                         "password": DEFAULT_PASSWORD})
    assert real.status_code == 429 and "token" not in real.json()
    assert "Too many failed logins" in real.json()["detail"]
    web = Client()
    assert web.post("/accounts/login/", {"username": reviewer.username,
                                         "password": DEFAULT_PASSWORD}).status_code == 429
    other_address = Client(REMOTE_ADDR="10.9.8.7")
    assert other_address.post("/accounts/login/", {
        "username": reviewer.username, "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_a_few_failures_by_different_users_do_not_lock_the_address(settings, reviewer):
    client = Client()
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post("/accounts/login/", {"username": f"typo{i}", "password": "wrong"})
    assert client.post("/accounts/login/", {"username": reviewer.username,
                                            "password": DEFAULT_PASSWORD}).status_code == 302


@pytest.mark.django_db
def test_refused_anonymous_requests_count_against_the_anonymous_throttle(monkeypatch):
    from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

    rates = {"user": "3/min", "anon": "3/min"}
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", rates)
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", rates)
    anonymous = APIClient()
    assert [anonymous.get("/api/claims/").status_code for _ in range(4)] == [401, 401, 401, 429]
    cache.clear()
    bad_token = APIClient()
    bad_token.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    codes = [bad_token.post("/api/auth/token/", {"username": "x", "password": "y"}
                            ).status_code for _ in range(4)]
    assert codes == [401, 401, 401, 429]
    r = bad_token.get("/api/verdicts/")
    assert r.status_code == 429 and int(r["Retry-After"]) > 0


# --- API tokens: a lifetime, refused once expired, revoked by their owner --------------


@pytest.mark.django_db
def test_token_response_gives_its_lifetime(settings, reviewer):
    import datetime as dt

    from django.utils.dateparse import parse_datetime

    r = APIClient().post("/api/auth/token/", {"username": reviewer.username,
                                              "password": DEFAULT_PASSWORD})
    body = r.json()
    assert r.status_code == 200 and set(body) == {"token", "expires_at", "expires_in"}
    lifetime = settings.API_TOKEN_LIFETIME
    assert lifetime == dt.timedelta(days=30)
    token = Token.objects.get(user=reviewer)
    assert parse_datetime(body["expires_at"]) == token.created + lifetime
    assert lifetime.total_seconds() - 60 < body["expires_in"] <= lifetime.total_seconds()


@pytest.mark.django_db
def test_an_expired_token_is_refused_and_replaced(settings, reviewer):
    import datetime as dt

    from django.utils import timezone

    token = Token.objects.create(user=reviewer)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.get("/api/claims/").status_code == 200
    Token.objects.filter(pk=token.pk).update(
        created=timezone.now() - settings.API_TOKEN_LIFETIME - dt.timedelta(seconds=1))
    r = api.get("/api/claims/")
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    fresh = APIClient().post("/api/auth/token/", {"username": reviewer.username,
                                                  "password": DEFAULT_PASSWORD}).json()
    assert fresh["token"] != token.key and fresh["expires_in"] > 0
    api.credentials(HTTP_AUTHORIZATION=f"Token {fresh['token']}")
    assert api.get("/api/claims/").status_code == 200


@pytest.mark.django_db
def test_a_user_revokes_their_own_token(reviewer, moderator):
    mine = Token.objects.create(user=reviewer)
    theirs = Token.objects.create(user=moderator)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {mine.key}")
    assert api.delete("/api/auth/token/").status_code == 204
    assert not Token.objects.filter(user=reviewer).exists()
    assert Token.objects.filter(pk=theirs.pk).exists()  # only one's own
    assert api.get("/api/claims/").status_code == 401
    assert APIClient().delete("/api/auth/token/").status_code == 401


def test_static_files_are_served_with_debug_off(client, settings):
    """DEBUG is off by default (tests/project/test_settings.py); make demo's pages still get
    their CSS and scripts (whitenoise from the finders, no collectstatic)."""
    assert settings.DEBUG is False
    response = client.get("/static/claims/app.css")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)
