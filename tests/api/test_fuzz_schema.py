"""Fuzz the REST API from its own OpenAPI schema (schemathesis) on a live server.

The schema is read from the running server's ``/api/schema/`` (as a client sees
it); schemathesis generates valid and invalid requests for every operation, as a
reviewer and as a moderator (token auth), half of them aimed at ids that exist.
The property: no response is a server error (5xx), and the API's answers are JSON
(an URL no route matches gets Django's plain 404).

Bounded: ``FUZZ_EXAMPLES`` cases per persona (default 100), no shrinking
beyond hypothesis' default phases, deadline off (the server is a thread).
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis import GenerationMode

from tests.api.conftest import PAGE_TEXT

pytestmark = pytest.mark.django_db(transaction=True)

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "100"))


@pytest.fixture(autouse=True)
def _fast_and_offline(settings, monkeypatch):
    from claims import tasks

    settings.URL_FETCH_TIMEOUT = 1.0
    settings.INGEST_MAX_BYTES = 200_000
    # the fuzzer tests the web layer: queued verification jobs are recorded, not run
    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda *a, **k: None)


@pytest.fixture
def fuzz_world(world):
    from claims.services.articles import article_ingest

    ingested = article_ingest(content=PAGE_TEXT, source_name="Lantern Bay Courier",
                              enqueue_verification=False).article
    return {**world, "ingested": ingested}


@pytest.mark.parametrize("persona", ["reviewer", "moderator"])
def test_api_has_no_server_errors(persona, request, live_server, fuzz_world):
    user = request.getfixturevalue(persona)
    token = Token.objects.create(user=user).key
    auth = {"Authorization": f"Token {token}"}
    schema = schemathesis.openapi.from_url(f"{live_server.url}/api/schema/?format=json",
                                           headers=auth)
    ids = sorted({obj.pk for obj in fuzz_world.values()})
    strategies = [schema.as_strategy(mode) for mode in GenerationMode]
    strategies += [schema.as_strategy(GenerationMode.POSITIVE, path_parameters={"id": i})
                   for i in ids]
    seen: dict[int, int] = {}

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(case=st.one_of(strategies))
    def fuzz(case):
        response = case.call(base_url=live_server.url, headers=auth, timeout=30)
        seen[response.status_code] = seen.get(response.status_code, 0) + 1
        assert response.status_code < 500, (
            f"{response.status_code} for {case.as_curl_command()}\n{response.text[:500]}"
        )
        if response.content and response.status_code in (200, 201, 400, 401, 403, 409):
            ctype = {k.lower(): v for k, v in response.headers.items()}.get("content-type", "")
            ctype = ctype[0] if isinstance(ctype, list) else ctype
            assert ctype.startswith("application/"), (
                f"{response.status_code} {ctype!r} for {case.as_curl_command()}\n"
                f"{response.text[:300]}"
            )

    fuzz()
    print(f"{persona}: status counts {dict(sorted(seen.items()))}")
    assert sum(seen.values()) >= EXAMPLES
    assert any(200 <= code < 300 for code in seen), seen  # the fuzzer reached real data
