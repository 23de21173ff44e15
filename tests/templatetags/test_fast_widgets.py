"""{% select_widget %} gives the markup Django's own widget templates give."""

import re

import pytest
from django.http import QueryDict

from claims.filters import ClaimQueueFilter
from claims.selectors.claims import claim_queue
from claims.templatetags.fast_widgets import select_widget
from tests.factories import ClaimFlagFactory, SourceFactory

pytestmark = pytest.mark.django_db


def squash(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("query", ["", "source={src}&has_contradiction=true&flag=future_date",
                                   "assigned_to_me=false&flag=nope&source=999999"])
def test_same_markup_as_django(query):
    src = SourceFactory(name='Courier "<b>"')
    SourceFactory(name="Post & Co")
    ClaimFlagFactory(code="future_date")
    flt = ClaimQueueFilter(QueryDict(query.format(src=src.pk)), queryset=claim_queue())
    flt.is_valid()
    for name in ("flag", "source", "has_contradiction", "assigned_to_me", "sort"):
        bf = flt.form[name]
        assert squash(select_widget(bf)) == squash(str(bf)), name
    assert "&lt;b&gt;" in str(select_widget(flt.form["source"]))  # names escaped
    if "has_contradiction=true" in query:
        assert '<option value="true" selected>' in str(select_widget(flt.form["has_contradiction"]))
