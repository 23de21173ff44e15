"""Claim page readability: evidence sorted by the score it shows, the floor, "show more",
shared words marked, names instead of ids, flags in words, contradictions in plain words.
"""

import re

import pytest
from django.urls import reverse

from claims.evidence_list import cut_at_word, evidence_list, mark_shared, match_name
from claims.flag_words import flag_label
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
    VerdictFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("evidence_floor")]


def claim_page(client, claim):
    response = client.get(reverse("claims:claim", args=[claim.pk]))
    assert response.status_code == 200
    return response.content.decode()


def scores_listed(html: str) -> list[str]:
    return re.findall(r'<li class="match[^"]*" data-score="([0-9.]+)"', html)


def test_evidence_sorted_by_the_score_shown_not_by_rank(reviewer_client):
    claim = ClaimFactory(text="The flood barrier opened on 3 March 2025.")
    # the fused rank disagrees with the cosine order (0.641, 0.529, 0.528, 0.623)
    for rank, score in enumerate((0.641, 0.529, 0.528, 0.623), start=1):
        MatchFactory(claim=claim, score=score, rank=rank)
    html = claim_page(reviewer_client, claim)
    assert scores_listed(html) == ["0.641", "0.623", "0.529", "0.528"]
    # two open, the rest behind "show more"
    shown, more = html.split('id="more-evidence"')
    assert len(scores_listed(shown)) == 2 and len(scores_listed(more)) == 2
    assert "Show 2 more" in html


def test_below_the_floor_no_relevant_evidence_and_not_citable(reviewer_client):
    claim = ClaimFactory(text="The local flood barrier opened on Monday.")
    low = [MatchFactory(claim=claim, score=s, rank=i) for i, s in enumerate((0.38, 0.13), start=1)]
    html = claim_page(reviewer_client, claim)
    assert "No relevant evidence found" in html
    assert "2 below the floor" in html
    # neither is offered to the verdict form
    for m in low:
        assert f'name="cited_matches" value="{m.pk}"' not in html
    response = reviewer_client.post(reverse("claims:claim_verdict", args=[claim.pk]), {
        "label": "supported", "rationale": "x", "version": claim.version,
        "cited_matches": [low[0].pk],
    })
    assert response.status_code == 400  # not a valid choice: nothing saved
    assert not claim.verdicts.exists()


def test_one_above_the_floor_is_listed_the_low_one_is_set_apart(reviewer_client):
    claim = ClaimFactory(text="The barrier opened.")
    good = MatchFactory(claim=claim, score=0.71, rank=2)
    MatchFactory(claim=claim, score=0.2, rank=1)
    html = claim_page(reviewer_client, claim)
    assert "No relevant evidence found" not in html
    assert f'name="cited_matches" value="{good.pk}"' in html
    assert "1 below the floor" in html


def test_legend_explains_method_and_stance(reviewer_client):
    claim = ClaimFactory()
    MatchFactory(claim=claim, score=0.8, method="hybrid", stance="related")
    html = claim_page(reviewer_client, claim)
    assert "What the labels mean" in html
    assert "found by both searches" in html  # hybrid (fused)
    assert "on the same subject, but the machine could not tell" in html
    assert "not compared (too far from the claim" in html
    assert 'title="Related: on the same subject' in html  # tooltip on the row


def test_shared_words_marked_and_escaped():
    html = mark_shared("The barriers <b>opened</b> in Hull.", "Hull's flood barrier opened")
    assert '<mark class="term">barriers</mark>' in html
    assert '<mark class="term">opened</mark>' in html
    assert '<mark class="term">Hull</mark>' in html
    assert "&lt;b&gt;" in html and "<b>" not in html
    assert '<mark class="term">The</mark>' not in html  # stopwords are not marked


def test_cut_at_word_never_cuts_mid_word():
    text = "The vote took place on Monday 6 March 2017 in the council chamber"
    cut = cut_at_word(text, 42)
    assert cut.endswith("…") and "201…" not in cut
    assert cut == "The vote took place on Monday 6 March…"
    assert cut_at_word("short", 42) == "short"


def test_verdict_cites_by_source_and_words_not_id(reviewer_client):
    claim = ClaimFactory()
    passage = ReferencePassageFactory(
        title="Barrier report", source="Harbour Authority",
        text="The flood barrier was opened on Monday 6 March 2017 after a council vote.",
    )
    m = MatchFactory(claim=claim, passage=passage, score=0.87)
    verdict = VerdictFactory(claim=claim)
    verdict.cited_matches.set([m])
    html = claim_page(reviewer_client, claim)
    assert f"reference passage #{passage.pk}" not in html
    assert "cites Reference · Harbour Authority · Barrier report: The flood barrier" in html
    assert "(similarity 0.87)" in html
    # the form's label: source and words, cut at a word
    assert match_name(m, limit=40) == "Reference · Harbour Authority · Barrier report: The flood barrier was opened on Monday…"


def test_flags_in_words_everywhere(reviewer_client):
    claim = ClaimFactory(status="needs_review", checkworthiness=0.9)
    ClaimFlagFactory(claim=claim, code="weekday_mismatch", message="6 March 2017 was a Monday")
    assert flag_label("weekday_mismatch") == "Weekday does not fit the date"
    assert flag_label("some_new_code") == "Some new code"
    for url in (reverse("claims:queue"), reverse("claims:claim", args=[claim.pk]),
                reverse("claims:article", args=[claim.article_id]),
                reverse("claims:event", args=[claim.pk])):
        html = reviewer_client.get(url).content.decode()
        assert "Weekday does not fit the date" in html, url
        assert ">weekday_mismatch<" not in html, url


def test_contradiction_in_plain_words_reasoning_one_click_away(reviewer_client):
    c = ContradictionFactory(kind="date", value_claim="2017", value_other="2016",
                             detail="same slot date filled by different DATE; confidence = event 0.79 x alignment 0.70")
    html = claim_page(reviewer_client, c.claim)
    assert "The dates differ: this claim says “2017”" in html
    assert "says “2016”" in html
    assert re.search(r"<details class=\"machine\"><summary>How the machine decided</summary>"
                     r"<p class=\"meta small\">same slot date", html)


def test_history_names_the_contradiction_not_its_id(reviewer_client, reviewer):
    from claims.services.contradictions import contradiction_resolve

    c = ContradictionFactory(kind="entity", value_claim="Hull", value_other="Leeds")
    contradiction_resolve(contradiction_id=c.pk, user=reviewer, decision="dismiss", note="")
    html = claim_page(reviewer_client, c.claim)
    assert f"contradiction #{c.pk}" not in html
    assert "the entity contradiction “Hull” vs “Leeds”" in html


def test_breadcrumbs_name_the_claim_by_its_position_on_both_pages(reviewer_client):
    article = ArticleFactory()
    ClaimFactory(article=article, position=0)
    second = ClaimFactory(article=article, position=1)
    for url in (reverse("claims:claim", args=[second.pk]), reverse("claims:event", args=[second.pk])):
        crumbs = reviewer_client.get(url).content.decode().split('<nav class="crumbs">')[1].split("</nav>")[0]
        assert "Claim 2 of the article" in crumbs, url
        assert f"Claim {second.pk}<" not in crumbs or second.pk == 2


def test_claim_page_queries_do_not_grow_with_evidence(reviewer_client, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    claim = ClaimFactory()
    MatchFactory(claim=claim, score=0.9)
    with CaptureQueriesContext(connection) as one:
        claim_page(reviewer_client, claim)
    for i in range(8):
        MatchFactory(claim=claim, score=0.5 + i / 100)
        MatchFactory(claim=claim, to_claim=True, score=0.3 + i / 100)
    v = VerdictFactory(claim=claim)
    v.cited_matches.set(claim.matches.all()[:3])
    with CaptureQueriesContext(connection) as many:
        claim_page(reviewer_client, claim)
    assert len(many) <= len(one) + 2  # a verdict's cited matches: one prefetch, joined


def test_evidence_list_pure():
    class M:
        def __init__(self, pk, score, rank):
            self.pk, self.score, self.rank = pk, score, rank
            self.passage_id, self.method, self.stance = None, "hybrid", "unknown"
            self.other_claim = type("C", (), {"text": f"claim {pk}"})()

    ev = evidence_list([M(1, 0.5, 1), M(2, 0.9, 2), M(3, 0.1, 3)], "claim")
    assert [r.match.pk for r in ev.shown + ev.more] == [2, 1]
    assert [r.match.pk for r in ev.below] == [3]
    assert ev.citable[0].pk == 2
