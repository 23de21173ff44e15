"""The queue's count rule, one for the page and the API: the cached tab figure only when
the status tab is the only filter."""

import pytest
from django.http import QueryDict

from claims.selectors.claims import status_only_count

COUNTS = {"open": 7, "all": 11, "reviewed": 3}


@pytest.mark.parametrize(("params", "default", "expected"), [
    ({}, "open", 7),                                   # the page's default tab
    ({}, "all", 11),                                   # the API's default
    ({"status": "reviewed", "sort": "-conflicts"}, "open", 3),  # an order is not a filter
    ({"status": "", "source": None}, "open", 7),        # empty values are not filters
    ({"status": "reviewed", "source": 4}, "open", None),  # a real filter: count the rows
    ({"flag": "future_date"}, "all", None),
])
def test_the_tab_figure_only_when_status_is_the_only_filter(params, default, expected):
    assert status_only_count(params, default_status=default, counts=COUNTS) == expected


def test_query_parameters_as_the_api_gets_them():
    params = QueryDict("status=reviewed&page=2&format=json&q=")
    assert status_only_count(params, default_status="all", counts=COUNTS) == 3
    assert status_only_count(QueryDict("assigned=me"), default_status="all",
                             counts=COUNTS) is None
