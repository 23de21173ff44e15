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
        "It is estimated that a third of Norland's quay was rebuilt.",
        "Mayor Ortiz called the wall “our best defence” at the opening.",
    ],
)
def test_factual_statements_are_left_to_the_model(text):
    assert cap(text) is None
    assert capped(0.9, text) == 0.9


def test_a_demonstrative_before_a_noun_is_not_an_unresolved_pronoun():
    assert cap("This process dates back to talks in Oslo in 2016.") is None
    assert cap("This comes after weeks of talks.") is not None


def test_reported_first_person_is_the_speakers_claim():
    assert cap("We cut the harbour fees by a fifth.", attribution="the mayor") is None
    assert cap("We cut the harbour fees by a fifth.") is not None
    # a question stays a question whoever asks it
    assert cap("Why did the fees go up?", attribution="the mayor") is not None


@pytest.mark.parametrize(
    "text",
    [
        "The deal was signed after weeks of talks.",
        "It was a long day for the crew.",
    ],
)
def test_a_sentence_that_names_nothing_cannot_be_checked_alone(text):
    assert cap(text)[1].startswith("it names no")
    assert cap("Norland signed the harbour deal after weeks of talks.") is None


@pytest.mark.parametrize(
    "text",
    [
        "O porto da cidade recebeu mais navios do que no ano passado.",
        "Il porto della città ha ricevuto più navi che mai.",
        "Pelabuhan itu menerima lebih banyak kapal dari tahun lalu.",
        "港口今年接待的船只比去年多。",
        "Порт принял больше судов, чем в прошлом году.",
    ],
)
def test_other_languages_are_not_scored_by_an_english_model(text):
    assert cap(text)[1].startswith("not in English")


def test_english_with_foreign_names_is_english():
    assert cap("Porto de Santos handled 12,000 containers in 2019, the port said.") is None


def test_a_cap_never_raises_a_low_score():
    assert capped(0.05, "Is the wall safe?") == 0.05
