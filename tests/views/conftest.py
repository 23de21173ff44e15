"""Fixtures the page tests share."""

import pytest


@pytest.fixture
def evidence_floor(settings):
    """The claim page's evidence list with a floor at 0.40 and two rows shown before
    "show more": what the evidence tests were written against."""
    settings.EVIDENCE_FLOOR = 0.40
    settings.EVIDENCE_SHOWN = 2
