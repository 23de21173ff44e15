"""Sentences that are not checkable claims in an article are held under the review threshold."""

import pytest

from claims.pipeline.claim_caps import cap, capped

THRESHOLD = 0.3


@pytest.mark.parametrize(
    "text",
    [
        "Is the harbour wall really strong enough?",
        "Sign up for our weekly ferry bulletin.",
        "This article has been adapted from its original source.",
        "Let's talk about the tide tables.",
        "- Ten things to know about the new quay",
        "I walked along the new sea wall last week.",
        "We spent a day on the dredger with its crew.",
        "You should book your ferry seat early.",
        "They said it was a good result for the town.",
        "It was the first time in years.",
    ],
)
def test_not_claims_are_capped_below_the_threshold(text):
    assert cap(text) is not None
    assert capped(0.97, text) < THRESHOLD


@pytest.mark.parametrize(
    "text",
    [
        "The council spent 4.2 million euros on the sea wall in 2019.",
        "Norland's port handled 12,000 containers last year.",
        "It is estimated that a third of the quay was rebuilt.",
        "The mayor called the wall “our best defence” at the opening.",
    ],
)
def test_factual_statements_are_left_to_the_model(text):
    assert cap(text) is None
    assert capped(0.9, text) == 0.9


def test_reported_first_person_is_the_speakers_claim():
    assert cap("We cut the harbour fees by a fifth.", attribution="the mayor") is None
    assert cap("We cut the harbour fees by a fifth.") is not None
    # a question stays a question whoever asks it
    assert cap("Why did the fees go up?", attribution="the mayor") is not None


def test_a_cap_never_raises_a_low_score():
    assert capped(0.05, "Is the wall safe?") == 0.05
