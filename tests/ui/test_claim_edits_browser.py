"""The machine's edits of a claim in a real browser: marked, explained, reverted."""

import re
import shutil

import pytest

from claims import tasks
from claims.models import Claim
from tests.factories import (
    DEFAULT_PASSWORD,
    ArticleFactory,
    MatchFactory,
    ReferencePassageFactory,
    SourceFactory,
)
from tests.wording_data import SENTENCE, TEXT, claim_with_edits

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BEFORE = ("The harbour had been without a crossing for most of the winter. Mayor Lina Ortiz "
          "took office in January and made the ferry her first priority. ")
AFTER = " Two more boats are due to join the route before the summer timetable starts."


def _claim():
    text = BEFORE + SENTENCE + AFTER
    article = ArticleFactory(
        source=SourceFactory(name="Harbour Ledger"), title="Ferry line back after winter repairs",
        cleaned_text=text,
    )
    claim = claim_with_edits(article=article, start=len(BEFORE), end=len(BEFORE) + len(SENTENCE),
                             status=Claim.Status.NEEDS_REVIEW, checkworthiness=0.81)
    MatchFactory(claim=claim, score=0.74, passage=ReferencePassageFactory(
        title="Port authority notices",
        text="The ferry line between the old harbour and the island reopened in March 2025 "
             "after a winter of repairs to its landing stage."))
    return claim


def test_reviewer_reverts_a_machine_edit(live_server, page, reviewer, tmp_path, monkeypatch):
    monkeypatch.setattr(tasks.run_dispatch, "delay", lambda run_id: None)  # no matching here
    claim = _claim()
    base = live_server.url
    page.goto(base + f"/claims/{claim.pk}/")
    page.fill("#id_username", reviewer.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(rf".*/claims/{claim.pk}/$"))

    assert page.inner_text("#claim-text") == TEXT
    marked = page.locator("#marked-sentence")
    assert marked.locator("del").count() == 3 and marked.locator("ins").count() == 2
    # the reason shows on keyboard focus, not only on hover
    tip = page.locator('#marked-sentence .edit[data-edit="2"] .tip')
    assert not tip.is_visible()
    page.focus('#marked-sentence .edit[data-edit="2"]')
    assert tip.is_visible()
    assert "Relative date replaced by the absolute date" in tip.inner_text()
    page.hover("#marked-sentence .annot")
    assert "probably May 2024" in page.inner_text("#marked-sentence .annot .tip")
    page.mouse.move(5, 5)
    page.focus('#marked-sentence .edit[data-edit="2"]')
    before = tmp_path / "claim-edits.png"
    page.screenshot(path=str(before), full_page=True)

    page.get_by_role("button", name=re.compile(r"^Revert edit 2:")).click()
    page.wait_for_selector(".msg.success")
    expected = "Mayor Lina Ortiz reopened the ferry line on Friday after repairs that began in May."
    assert page.inner_text("#claim-text") == expected
    assert page.locator("#edit-list .edit-row").count() == 2
    assert f"reverted by {reviewer.username}" in page.inner_text("#reverted-list")
    claim.refresh_from_db()
    assert claim.text == expected and claim.embedding is None
    page.mouse.move(5, 5)
    after = tmp_path / "claim-edit-reverted.png"
    page.screenshot(path=str(after), full_page=True)
    page.set_viewport_size({"width": 420, "height": 900})  # a phone: the card still reads
    narrow = tmp_path / "claim-edit-reverted-narrow.png"
    page.locator("#wording").screenshot(path=str(narrow))
    print(f"screenshots: {before} {after} {narrow}")
    # a copy where the other browser tests leave theirs
    from tests.ui.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(before, SCREENSHOTS / "40-claim-edits.png")
    shutil.copy(after, SCREENSHOTS / "41-claim-edit-reverted.png")
