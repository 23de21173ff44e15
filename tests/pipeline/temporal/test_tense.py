"""The tense and modality of the clause around a time expression."""

import pytest

from claims.pipeline.temporal.tense import clause_span, is_generic_today, tense_at


def tense(sentence, expr):
    i = sentence.index(expr)
    return tense_at(sentence, i, i + len(expr))


@pytest.mark.parametrize(
    ("sentence", "expr", "want"),
    [
        ("The lock was finished on 3 May 2031.", "3 May 2031", "past"),
        ("The lock has opened in 2031 after delays.", "2031", "past"),
        ("The lock will open on 3 May 2031.", "3 May 2031", "future"),
        ("The lock could open in 2031.", "2031", "future"),
        ("Engineers expect the fleet to grow to as many as 90 by 2031.", "2031", "future"),
        ("The works may stretch well into 2031.", "2031", "future"),
        ("The new ferry is slated to sail in 2031.", "2031", "future"),
        ("The mayor is stepping down in May 2031.", "May 2031", "schedule"),
        ("The harbour show opens to the public Friday.", "Friday", "schedule"),
        ("The new model goes on sale in late January.", "January", "schedule"),
        ("The museum can be visited until 20 January 2031.", "20 January 2031", "future"),
        ("The cranes are to be delivered in March 2031.", "March 2031", "future"),
    ],
)
def test_tense_of_the_clause(sentence, expr, want):
    assert tense(sentence, expr) == want


def test_a_past_verb_that_follows_an_adverb_is_still_past():
    assert tense("The talks eventually collapsed on 3 May 2031.", "3 May 2031") == "past"
    assert tense("She later resigned on 3 May 2031.", "3 May 2031") == "past"


def test_the_clause_stops_at_a_semicolon_and_a_but():
    s = "The quay closed on 3 May 2031; a new one will open next year."
    left, right = clause_span(s, 17, 27)
    assert s[left:right] == "The quay closed on 3 May 2031"
    assert tense(s, "3 May 2031") == "past"
    s = "The yard will reopen in June 2031, but the crews left in March 2030."
    assert tense(s, "March 2030") == "past"


@pytest.mark.parametrize(
    ("sentence", "generic"),
    [
        ("The stars we can see today formed long ago.", True),
        ("Today's harbour is twice the size.", True),
        ("Even today the road floods twice a year.", True),
        ("The council voted today to close the quay.", False),
        ("Today the ferry is not running.", False),
    ],
)
def test_generic_today(sentence, generic):
    i = sentence.lower().index("today")
    assert is_generic_today(sentence, i, i + 5) is generic
