"""claims/wording.py: how the claim page marks the machine's edits (no database)."""

import pytest

from claims.wording import annotation_words, edit_rows, marks_html, sentence_marks, split_change
from tests.wording_data import ANNOTATIONS, EDITS, SENTENCE


@pytest.mark.parametrize("original, replacement, parts", [
    ("on Friday", "on 14 March 2025", ("on ", "Friday", "14 March 2025", "")),
    ("Tuesday", "Tuesday 11 March 2025", ("Tuesday ", "", "11 March 2025", "")),
    ("the law", "the new law", ("the ", "", "new", " law")),
    ("last week", "in the week of 3 March 2025", ("", "last week", "in the week of 3 March 2025", "")),
    ("She", "", ("", "She", "", "")),
    ("", ".", ("", "", ".", "")),
])
def test_split_change_keeps_the_untouched_words_plain(original, replacement, parts):
    assert split_change(original, replacement) == parts


def test_marks_cover_the_sentence_and_skip_spacing():
    segs = sentence_marks(SENTENCE, EDITS, ANNOTATIONS)
    assert [s.kind for s in segs].count("edit") == 3
    assert [s.number for s in segs if s.kind == "edit"] == [1, 2, 3]
    assert [s.text for s in segs if s.kind == "note"] == ["May"]
    rows = edit_rows(EDITS)
    assert [(r.index, r.number, r.hidden) for r in rows] == [
        (0, 1, False), (1, 0, True), (2, 2, False), (3, 3, False)]


def test_minor_edits_are_marked_without_a_number_in_the_line():
    sentence = "the tide came in."
    html = marks_html(sentence_marks(sentence, [
        {"start": 0, "end": 1, "original": "t", "replacement": "T", "reason": "capitalisation"},
    ], []))
    assert 'class="edit reason-capitalisation minor"' in html and "<sup" not in html
    assert "removed: </span>t</del>" in html  # still read out to screen readers
    assert "1. First letter capitalised" in html


def test_annotation_words():
    assert annotation_words(ANNOTATIONS[0]) == (
        "probably May 2024 (guessed from the publication date), 70%")


def test_an_annotation_inside_an_edit_is_listed_not_drawn():
    sentence = "It opened in May, officials said."
    at = sentence.index(", officials said")
    edits = [{"start": at, "end": at + len(", officials said"), "original": ", officials said",
              "replacement": "", "reason": "attribution"}]
    inside = sentence.index("officials")
    note = {"start": inside, "end": inside + 9, "text": "officials", "kind": "pronoun",
            "value": "the port board", "display": "the port board", "confidence": 0.5}
    segs = sentence_marks(sentence, edits, [note])
    assert [s.kind for s in segs] == ["text", "edit", "text"]
