"""The edit model: apply, undo and revert edits of a verbatim sentence."""

import pytest

from claims.pipeline.edits import (
    Edit,
    EditError,
    apply_edits,
    claim_spans,
    revert_edit,
    undo_edits,
)

SENTENCE = "She said the bridge opened on Friday, and it cost more than planned"


def _edits():
    return [
        Edit(0, 9, "She said ", "", "attribution"),
        Edit(9, 10, "t", "T", "capitalisation"),
        Edit(30, 36, "Friday", "Friday 4 March 2022", "relative_date"),
        Edit(36, 67, ", and it cost more than planned", "", "clause_split"),
        Edit(67, 67, "", ".", "full_stop"),
    ]


def test_apply_then_undo_gives_the_sentence_back():
    text = apply_edits(SENTENCE, _edits())
    assert text == "The bridge opened on Friday 4 March 2022."
    assert undo_edits(text, _edits()) == SENTENCE


def test_edits_given_out_of_order_or_as_dicts_apply_the_same():
    shuffled = [e.to_dict() for e in reversed(_edits())]
    assert apply_edits(SENTENCE, shuffled) == apply_edits(SENTENCE, _edits())


def test_revert_one_edit_keeps_the_others():
    text, rest = revert_edit(SENTENCE, _edits(), 2)
    assert text == "The bridge opened on Friday."
    assert len(rest) == 4 and all(e.reason != "relative_date" for e in rest)


def test_an_edit_whose_original_is_not_in_the_sentence_is_refused():
    with pytest.raises(EditError):
        apply_edits(SENTENCE, [Edit(0, 3, "He ", "", "attribution")])


def test_overlapping_edits_are_refused():
    with pytest.raises(EditError):
        apply_edits(SENTENCE, [Edit(0, 9, "She said ", "", "attribution"),
                               Edit(4, 8, "said", "told", "attribution")])


def test_undo_of_a_text_the_edits_did_not_make_is_none():
    assert undo_edits("Something else entirely.", _edits()) is None


def test_claim_spans_point_at_the_replacements():
    text = apply_edits(SENTENCE, _edits())
    for s, e, edit in claim_spans(SENTENCE, _edits()):
        assert text[s:e] == edit.replacement


def test_a_full_stop_may_be_inserted_where_a_dropped_clause_starts():
    edits = [Edit(36, 36, "", ".", "full_stop"), Edit(36, 67, SENTENCE[36:], "", "clause_split")]
    text = apply_edits(SENTENCE, edits)
    assert text == "She said the bridge opened on Friday."
    assert undo_edits(text, edits) == SENTENCE
    with pytest.raises(EditError):
        apply_edits(SENTENCE, [Edit(36, 36, "", ".", "full_stop"), Edit(36, 36, "", "!", "x")])


def test_a_draft_records_what_each_step_changes():
    from claims.pipeline.edits import Draft

    d = Draft(SENTENCE)
    d.drop(0, 9, "attribution")
    d.replace(0, 1, "T", "capitalisation")
    i = d.text.index(", and")
    d.drop(i, len(d.text), "clause_split")
    d.insert(len(d.text), ".", "full_stop")
    j = d.text.index("Friday")
    d.replace(j, j + 6, "Friday 4 March 2022", "relative_date")
    d.replace(0, 1, "T", "capitalisation")  # a no-op leaves no edit
    assert d.text == "The bridge opened on Friday 4 March 2022."
    assert apply_edits(SENTENCE, d.edits) == d.text
    assert [e.reason for e in d.edits] == [
        "attribution", "capitalisation", "relative_date", "full_stop", "clause_split"
    ]
    assert d.sentence_span(j, j + len("Friday 4 March 2022")) == (30, 36)
