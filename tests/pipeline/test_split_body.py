"""An article body split across sibling containers (around an ad slot) comes back whole."""

from claims.pipeline.clean import clean_document, paragraphs
from claims.pipeline.split_body import missing_parts

PART = "<div class='story-body part'>{}</div>"
P1 = ("The river authority in Lowmere opened its new flood barrier on Tuesday after four years "
      "of building work, the mayor's office said.")
P2 = ("The barrier, which cost about 41 million euros, can be raised in twelve minutes and protects "
      "some 9,000 homes along the lower bank.")
P3 = ("Engineers tested the gates twice during the autumn storms, and both tests went as planned, "
      "the chief engineer said on Wednesday.")
P4 = ("Residents who lost property in past floods said they were relieved, though several asked "
      "why the work had taken so long to finish.")
WIDGET = "<p>I agree that the Example Gazette can send me its daily morning briefing by email.</p>"


def split_page() -> str:
    first = PART.format(f"<p>{P1}</p><p>{P2}</p>" + WIDGET)
    second = PART.format(f"<p>{P3}</p><p>{P4}</p>" + WIDGET)
    return (
        "<html><body><article><h1>Lowmere opens its flood barrier</h1>"
        f"{first}<aside class='rail'><div class='ad'>Advertisement</div></aside>{second}"
        "</article></body></html>"
    )


def test_parts_after_the_extracted_one_are_recovered_without_widgets():
    before, after = missing_parts(split_page(), [P1, P2])
    assert before == []
    assert after == [P3, P4]


def test_clean_document_keeps_the_whole_split_body_in_order():
    kept = paragraphs(clean_document(split_page(), fmt="html"))
    for para in (P1, P2, P3, P4):
        assert para in kept
    assert kept.index(P1) < kept.index(P3)


def test_no_sibling_containers_means_nothing_added():
    html = f"<html><body><div class='body'><p>{P1}</p><p>{P2}</p></div></body></html>"
    assert missing_parts(html, [P1, P2]) == ([], [])
