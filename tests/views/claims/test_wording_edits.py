"""The claim page shows the machine's edits of the source sentence and lets reviewers
revert them (claims/wording.py, templates/claims/_wording.html)."""

import re

import pytest
from django.urls import reverse

from claims import tasks
from claims.models import Claim
from claims.pipeline.edits import REASONS
from tests.factories import ClaimFactory
from tests.wording_data import SENTENCE, TEXT, claim_with_edits

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_broker(monkeypatch):
    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda run_id: None)


def _page(client, claim) -> str:
    resp = client.get(reverse("claims:claim", args=[claim.pk]))
    assert resp.status_code == 200
    return resp.content.decode()


def _card(html: str) -> str:
    return re.search(r'<section class="card wording".*?</section>', html, re.S).group(0)


def test_marks_removed_and_added_words_with_reasons(reviewer_client):
    claim = claim_with_edits()
    card = _card(_page(reviewer_client, claim))
    marked = re.search(r'id="marked-sentence">(.*?)</p>', card, re.S).group(1)
    assert "<del><span class=\"visually-hidden\">removed: </span>She</del>" in marked
    assert "<ins><span class=\"visually-hidden\">added: </span>Mayor Lina Ortiz</ins>" in marked
    assert "<del><span class=\"visually-hidden\">removed: </span>, the council said</del>" in marked
    # each mark explains itself on hover/focus, in plain words, tied by aria-describedby
    assert marked.count('class="edit ') == 3 and marked.count('tabindex="0"') == 4
    assert "Pronoun replaced by the entity it refers to" in marked
    assert REASONS["relative_date"].capitalize() in marked
    assert 'aria-describedby="mark-0"' in marked and 'id="mark-0"' in marked
    # the edit list numbers the three visible edits and names each change
    assert card.count('class="edit-row"') == 3
    assert "“on <del>Friday</del>”" in card and "“on <ins>14 March 2025</ins>”" in card
    assert "“<del>She</del>”" in card and "“<ins>Mayor Lina Ortiz</ins>”" in card
    assert "As the source wrote it" in card and "As a claim" in card


def test_spacing_edits_are_counted_not_marked(reviewer_client):
    card = _card(_page(reviewer_client, claim_with_edits()))
    assert "reason-spacing" not in card
    assert "ferry line" in re.search(r'id="marked-sentence">(.*?)</p>', card, re.S).group(1)
    assert "Also 1 spacing edit, not marked." in card
    assert "3 machine edits" in card


def test_annotation_is_a_dotted_guess_with_its_confidence(reviewer_client):
    card = _card(_page(reviewer_client, claim_with_edits()))
    assert re.search(r'<span class="annot" tabindex="0" aria-describedby="mark-\d+">May'
                     r'<span class="tip" role="tooltip" id="mark-\d+">probably May 2024 '
                     r'\(guessed from the publication date\), 70%</span></span>', card)
    assert "— probably May 2024 (guessed from the publication date), 70%" in card


def test_claim_line_highlights_what_the_edits_wrote_in(reviewer_client):
    card = _card(_page(reviewer_client, claim_with_edits()))
    line = re.search(r'id="claim-text">(.*?)</p>', card, re.S).group(1)
    assert line == ("<ins>Mayor Lina Ortiz</ins> reopened the ferry line "
                    "<ins>on 14 March 2025</ins> after repairs that began in May.")


def test_words_in_edits_are_escaped(reviewer_client):
    sentence = "He said <b>yes</b> to it."
    claim = ClaimFactory(sentence=sentence, text="Rui Lopes said <b>yes</b> to it.",
                         edits=[{"start": 0, "end": 2, "original": "He",
                                 "replacement": "Rui Lopes", "reason": "pronoun"}])
    html = _page(reviewer_client, claim)
    assert "<b>yes</b>" not in html and "&lt;b&gt;yes&lt;/b&gt;" in html


def test_claim_without_edits_shows_no_wording_card(reviewer_client):
    html = _page(reviewer_client, ClaimFactory())
    assert 'id="wording"' not in html


def test_revert_buttons_post_index_and_version_with_csrf(reviewer_client):
    claim = claim_with_edits()
    card = _card(_page(reviewer_client, claim))
    forms = re.findall(r'<form method="post" action="([^"]+)" class="edit-revert"[^>]*>(.*?)</form>',
                       card, re.S)
    assert [a for a, _ in forms] == [reverse("claims:claim_edit_revert", args=[claim.pk])] * 3
    # the spacing edit (index 1) has no button: the visible ones are 0, 2, 3
    assert [re.search(r'name="index" value="(\d+)"', f).group(1) for _, f in forms] == \
        ["0", "2", "3"]
    assert all("csrfmiddlewaretoken" in f and 'name="version" value="0"' in f for _, f in forms)


def test_outsider_cannot_see_or_post(outsider_client):
    claim = claim_with_edits()
    assert outsider_client.get(reverse("claims:claim", args=[claim.pk])).status_code == 403
    resp = outsider_client.post(reverse("claims:claim_edit_revert", args=[claim.pk]),
                                {"index": 0, "version": 0})
    assert resp.status_code == 403
    claim.refresh_from_db()
    assert claim.text == TEXT


def test_anonymous_post_goes_to_login(client):
    claim = claim_with_edits()
    resp = client.post(reverse("claims:claim_edit_revert", args=[claim.pk]), {"index": 0})
    assert resp.status_code == 302 and "login" in resp["Location"]
    claim.refresh_from_db()
    assert claim.text == TEXT


def test_revert_is_post_only(reviewer_client):
    claim = claim_with_edits()
    resp = reviewer_client.get(reverse("claims:claim_edit_revert", args=[claim.pk]))
    assert resp.status_code == 405


def test_post_reverts_and_the_page_shows_who(reviewer_client, reviewer):
    claim = claim_with_edits()
    resp = reviewer_client.post(reverse("claims:claim_edit_revert", args=[claim.pk]),
                                {"index": 0, "version": 0}, follow=True)
    assert resp.redirect_chain[-1][0].endswith(f"/claims/{claim.pk}/#wording")
    html = resp.content.decode()
    claim.refresh_from_db()
    assert claim.text == "She reopened the ferry line on 14 March 2025 after repairs that began in May."
    assert "Edit reverted." in html and claim.text in html
    card = _card(html)
    assert "Reverted by reviewers" in card and f"reverted by <strong>{reviewer.username}</strong>" in card
    assert "kept “She”, not “<s>Mayor Lina Ortiz</s>”" in card
    assert card.count('class="edit-row"') == 2
    # and the history says it too
    history = re.search(r'<section class="card" id="history">.*?</section>', html, re.S).group(0)
    assert "reverted the machine's edit “She” → “Mayor Lina Ortiz”" in history
    assert reviewer.username in history


def test_restore_from_the_page(reviewer_client):
    claim = claim_with_edits()
    url = reverse("claims:claim_edit_revert", args=[claim.pk])
    reviewer_client.post(url, {"index": 3, "version": 0})
    claim.refresh_from_db()
    assert claim.text.endswith("began in May, the council said.")
    resp = reviewer_client.post(reverse("claims:claim_edit_restore", args=[claim.pk]),
                                {"index": 0, "version": 1}, follow=True)
    claim.refresh_from_db()
    assert claim.text == TEXT and "Edit restored." in resp.content.decode()


def test_bad_index_and_stale_version_change_nothing(reviewer_client):
    claim = claim_with_edits()
    url = reverse("claims:claim_edit_revert", args=[claim.pk])
    html = reviewer_client.post(url, {"index": 9, "version": 0}, follow=True).content.decode()
    assert "Nothing changed: this claim has no edit number 9" in html
    html = reviewer_client.post(url, {"index": "x"}, follow=True).content.decode()
    assert "Nothing changed: that edit number is not a number." in html
    html = reviewer_client.post(url, {"index": 0, "version": 5}, follow=True).content.decode()
    assert "Nothing changed: the claim changed since you loaded it" in html
    claim.refresh_from_db()
    assert claim.text == TEXT and claim.version == 0 and claim.status == Claim.Status.PENDING


def test_article_page_still_highlights_the_sentence(reviewer_client):
    claim = claim_with_edits(start=0, end=len(SENTENCE))
    article = claim.article
    article.cleaned_text = SENTENCE + " Another sentence follows."
    article.save()
    html = reviewer_client.get(reverse("claims:article", args=[article.pk])).content.decode()
    assert re.search(r'<mark class="hl[^"]*"[^>]*>She reopened the ferry  line', html)


def test_inconsistent_edits_are_shown_but_not_revertible(reviewer_client):
    claim = claim_with_edits(text="A text the edits do not give.")
    card = _card(_page(reviewer_client, claim))
    assert 'id="wording-inconsistent"' in card and "edit-revert" not in card
    assert "<del>" in card  # the marks still show what the machine changed


def test_unknown_claim_is_404(reviewer_client):
    resp = reviewer_client.post(reverse("claims:claim_edit_revert", args=[999999]), {"index": 0})
    assert resp.status_code == 404
