"""Ids past the database's integer range are bad input (400 or 404), never a 500."""

import pytest

HUGE = str(2**63)  # one past PostgreSQL's bigint; SQLite raises OverflowError on it

LISTS = [
    "/api/contradictions/?claim={}",
    "/api/matches/?claim={}",
    "/api/verdicts/?claim={}",
    "/api/runs/?article={}",
    "/api/assignments/?claim={}",
    "/api/claims/?article={}",
    "/api/claims/?source={}",
]


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("value", [HUGE, "-" + HUGE, "1.5", "1e3"])
def test_a_list_filter_with_an_out_of_range_id_is_a_400(as_persona, world, url, value):
    resp = as_persona("moderator").get(url.format(value))
    assert resp.status_code == 400, (url, value, resp.status_code)


@pytest.mark.parametrize("route", ["claims", "contradictions", "matches", "verdicts",
                                   "articles", "runs", "assignments"])
def test_a_detail_route_with_an_out_of_range_id_is_a_404(as_persona, world, route):
    resp = as_persona("moderator").get(f"/api/{route}/{HUGE}/")
    assert resp.status_code == 404, (route, resp.status_code)


def test_a_list_filter_with_a_valid_id_still_filters(as_persona, world):
    claim = world["contradiction"].claim_id
    got = as_persona("moderator").get(f"/api/contradictions/?claim={claim}").json()
    assert [c["id"] for c in got["results"]] == [world["contradiction"].pk]
