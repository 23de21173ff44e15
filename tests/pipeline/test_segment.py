import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.pipeline.segment import segment

# (paragraph, expected sentences) written by us, in the style of the news pages we clean.
CASES = [
    (
        "Mr. Hale met U.S. officials on Jan. 5 in Washington. He called it useful.",
        ["Mr. Hale met U.S. officials on Jan. 5 in Washington.", "He called it useful."],
    ),
    (
        "Prices rose 2.5% to $1,200.50 per ton. Traders were surprised.",
        ["Prices rose 2.5% to $1,200.50 per ton.", "Traders were surprised."],
    ),
    (
        "The minister called it a \u201cgood start.\u201d The opposition disagreed.",
        ["The minister called it a \u201cgood start.\u201d", "The opposition disagreed."],
    ),
    (
        'He said: "We are ready." Then he left the room.',
        ['He said: "We are ready."', "Then he left the room."],
    ),
    (
        "Former President George W. Bush spoke first. Gen. J. R. Hale followed.",
        ["Former President George W. Bush spoke first.", "Gen. J. R. Hale followed."],
    ),
    (
        "Resolution No. 5 passed on Sept. 12 by a wide margin. Dr. Ames abstained.",
        ["Resolution No. 5 passed on Sept. 12 by a wide margin.", "Dr. Ames abstained."],
    ),
    (
        "The deal angered the U.S. The talks collapsed a week later.",
        ["The deal angered the U.S.", "The talks collapsed a week later."],
    ),
    (
        "Is this the end? Nobody knows! Officials, e.g. the mayor, stayed quiet.",
        ["Is this the end?", "Nobody knows!", "Officials, e.g. the mayor, stayed quiet."],
    ),
    (
        "\u201cWhy now?\u201d she asked. The answer came later.",
        ["\u201cWhy now?\u201d she asked.", "The answer came later."],
    ),
    (
        "Acme Corp. and Widget Inc. signed the deal at 3 p.m. on Monday.",
        ["Acme Corp. and Widget Inc. signed the deal at 3 p.m. on Monday."],
    ),
    (
        "The talks stalled... Then, suddenly, a breakthrough came.",
        ["The talks stalled...", "Then, suddenly, a breakthrough came."],
    ),
    (
        "The U.N. Security Council met on Friday. It did not vote.",
        ["The U.N. Security Council met on Friday.", "It did not vote."],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sentences(text, expected):
    assert [s.text for s in segment(text)] == expected


def test_offsets_point_into_text():
    text = "  First one here.  Second one, too!\n\nThird paragraph starts.   Fourth.  "
    sentences = segment(text)
    assert [s.text for s in sentences] == [
        "First one here.", "Second one, too!", "Third paragraph starts.", "Fourth.",
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text


def test_never_splits_across_paragraphs_even_without_punctuation():
    text = "A heading without a stop\n\nThe body starts here and ends here"
    assert [s.text for s in segment(text)] == [
        "A heading without a stop", "The body starts here and ends here",
    ]


def test_wrapped_line_continues_but_new_line_starting_upper_case_does_not():
    text = "The ministers met on Friday and\nagreed to talk again. Then\nThey left."
    assert [s.text for s in segment(text)] == [
        "The ministers met on Friday and\nagreed to talk again.", "Then", "They left.",
    ]


def test_empty_and_whitespace():
    assert segment("") == []
    assert segment(" \n\n \t ") == []


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_property_spans_are_exact(text):
    sentences = segment(text)
    last_end = 0
    for s in sentences:
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= last_end
        assert text[s.start:s.end] == s.text
        assert s.text == s.text.strip()
        assert "\n\n" not in s.text
        last_end = s.end


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.text(alphabet="abcXYZ .!?\u201d\u201c\"'U.S.Mr 0123,\n", min_size=1, max_size=60),
        min_size=1,
        max_size=8,
    )
)
def test_property_punctuation_heavy(parts):
    text = "\n\n".join(parts)
    for s in segment(text):
        assert text[s.start:s.end] == s.text


def test_speed_is_far_above_the_extraction_budget():
    paragraph = " ".join(text for text, _ in CASES)
    text = "\n\n".join([paragraph] * 200)
    start = time.perf_counter()
    count = len(segment(text))
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    print(f"segment: {count} sentences in {elapsed:.3f}s = {rate:.0f} sentences/s")
    # The whole extraction must do >= 400 sentences/s per core; segmenting is a small part.
    assert rate > 4000


def test_chinese_and_japanese_sentences_end_at_full_width_marks():
    text = "防洪闸门周二启用。工程耗时四年！为什么这么久？ 市长回答了。"
    sents = segment(text)
    assert [s.text for s in sents] == ["防洪闸门周二启用。", "工程耗时四年！", "为什么这么久？", "市长回答了。"]
    assert all(text[s.start:s.end] == s.text for s in sents)


def test_japanese_quote_closed_by_a_particle_does_not_end_the_sentence():
    text = "「門は開いた。」と技師は言った。住民は安心した。"
    assert [s.text for s in segment(text)] == ["「門は開いた。」と技師は言った。", "住民は安心した。"]
