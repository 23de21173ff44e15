"""The claim page's evidence list, the runs page and the keyboard in a real browser
(Playwright + Debian Chromium). All text is our own.

Screenshots land in var/screenshots/ and in $FRONT_SHOTS (default /tmp/front-shots/).
"""


import pytest

from tests.factories import (
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
)
from tests.ui.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]



@pytest.fixture(autouse=True)
def _settings(settings):
    settings.EVIDENCE_FLOOR = 0.40
    settings.EVIDENCE_SHOWN = 3






def test_evidence_sorted_collapsed_and_floored(page, live_server, reviewer, snap):
    claim = ClaimFactory(
        status="needs_review", checkworthiness=0.9,
        text="The Gullrock flood barrier closed on Monday 6 March 2017 for the first time.",
    )
    ClaimFlagFactory(claim=claim, code="weekday_mismatch",
                     message="6 March 2017 was a Monday")
    texts = [
        (0.641, "The Gullrock flood barrier closed for the first time in March 2017, the harbour trust said."),
        (0.529, "Storm gates on the Gullrock estuary were tested in February 2017."),
        (0.528, "The harbour trust publishes tide tables every month."),
        (0.623, "The flood barrier at Gullrock cost 40 million pounds to build."),
        (0.21, "A trade fair opened in a distant capital city."),
    ]
    for rank, (score, text) in enumerate(texts, start=1):
        MatchFactory(claim=claim, score=score, rank=rank, stance="unknown" if score < 0.4 else "related",
                     passage=ReferencePassageFactory(text=text, source="Harbour trust records"))
    ContradictionFactory(claim=claim, kind="date", value_claim="6 March 2017",
                         value_other="7 March 2017",
                         detail="same slot date filled by different DATE; confidence = event 0.79 x alignment 0.70")
    login(page, live_server.url, reviewer, f"/claims/{claim.pk}/")

    shown = page.locator("#evidence > ol.evidence > li.match")
    assert [s.get_attribute("data-score") for s in shown.all()] == ["0.641", "0.623", "0.529"]
    more = page.locator("#more-evidence li.match")
    assert more.count() == 1 and not more.first.is_visible()  # behind "show more"
    page.click("#more-evidence summary")
    assert more.first.is_visible() and more.first.get_attribute("data-score") == "0.528"
    assert not page.locator("#below-floor li.match").first.is_visible()
    assert "1 below the floor" in page.inner_text("#below-floor summary")
    page.click("#evidence .legend-box summary")
    assert "found by both searches" in page.inner_text("#evidence .legend-box")
    marks = page.locator("#evidence ol.evidence li.match").first.locator("mark.term").all_inner_texts()
    assert "Gullrock" in marks and "barrier" in marks
    # the contradiction in words; the machine's reasoning one click away
    assert "The dates differ" in page.inner_text("#contradictions")
    reasoning = page.locator("details.machine p")
    assert not reasoning.is_visible()
    page.click("details.machine summary")
    assert reasoning.is_visible()
    assert page.inner_text(".flag-list .flag") == "Weekday does not fit the date"
    # cited-evidence labels are cut at a word and only above the floor
    labels = page.locator("fieldset.cited label").all_inner_texts()
    assert len(labels) == 4 and not any("trade fair" in x for x in labels)
    snap(page, "evidence-claim-page")


def test_no_relevant_evidence_below_the_floor(page, live_server, reviewer, snap):
    claim = ClaimFactory(status="needs_review", text="The Tarnby flood barrier was raised on 2 May 2026.")
    for rank, score in enumerate((0.38, 0.13), start=1):
        MatchFactory(claim=claim, score=score, rank=rank, stance="unknown")
    login(page, live_server.url, reviewer, f"/claims/{claim.pk}/")
    assert "No relevant evidence found" in page.inner_text("#no-evidence")
    assert page.locator("fieldset.cited").count() == 0  # nothing to cite
    snap(page, "evidence-none")


def test_key_pressed_right_after_load_is_not_lost(page, live_server, reviewer):
    claim = ClaimFactory(status="needs_review")
    login(page, live_server.url, reviewer, "/")

    # slow the deferred scripts down, as a cold first load is: a press made before
    # app.js runs must still pick the label
    def slow(route):
        import time

        time.sleep(1.5)
        route.continue_()

    page.route("**/static/vendor/htmx.min.js*", slow)
    page.goto(f"{live_server.url}/claims/{claim.pk}/", wait_until="commit")
    page.wait_for_selector(".verdict-form input[data-key='2']", state="attached")
    page.keyboard.press("2")
    page.wait_for_load_state("load")
    page.wait_for_function("window.__earlyKeys === null", timeout=5000)
    assert page.locator(".verdict-form input[data-key='2']").is_checked()


def test_runs_page_says_beat_does_not_run_and_runs_it_now(page, live_server, moderator, snap, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    login(page, live_server.url, moderator, "/runs/")
    assert "no scheduler (celery beat) is running" in page.inner_text("#embedded-note")
    page.click("text=Re-verify stale claims now")
    page.wait_for_load_state()
    assert "Re-verification of stale claims" in page.inner_text(".messages")
    snap(page, "runs-embedded")
    page.click("text=Re-score check-worthiness now")
    page.wait_for_load_state()
    assert "Check-worthiness re-score queued" in page.inner_text(".messages")
    snap(page, "runs-rescore-queued")
