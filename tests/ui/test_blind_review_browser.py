"""Two-reviewer mode in a real browser: assignment, blind second review, adjudication.

Three people in three browser contexts (separate sessions): a moderator who sets the
mode and assigns, two reviewers who review blind, then the moderator adjudicates.
"""

import re

import pytest
from django.contrib.auth.models import Group

from claims.models import Assignment, Claim, Verdict
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.ui.scenario import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_RATIONALE = "The reference dates the first round to January 2017."


def _session(chromium, base, user):
    context = chromium.new_context(viewport={"width": 1360, "height": 900})
    context.set_default_timeout(15_000)
    pg = context.new_page()
    pg.goto(base + "/")
    pg.fill("#id_username", user.username)
    pg.fill("#id_password", DEFAULT_PASSWORD)
    pg.click("button[type=submit]")
    pg.wait_for_url(re.compile(r".*/(\?.*)?$"))
    return context, pg


def test_blind_second_review_and_adjudication(live_server, chromium, shoot, moderator, reviewer):
    s = build_scenario()
    claim = s.since_a
    second = UserFactory(username="sam_second")
    second.groups.add(Group.objects.get(name="reviewer"))
    base = live_server.url
    url = f"{base}/claims/{claim.pk}/"

    # the moderator puts the article in two-reviewer mode and assigns two reviewers
    mod_ctx, mod = _session(chromium, base, moderator)
    mod.goto(f"{base}/articles/{s.article_a.pk}/")
    mod.select_option("#review-mode-form select[name=review_mode]", "double")
    mod.click("#review-mode-form button[type=submit]")
    mod.wait_for_selector(".msg.success")
    assert "Two blind reviewers" in mod.inner_text(".messages")
    mod.goto(url)
    assert mod.is_visible("#review-mode")
    for user in (reviewer, second):
        mod.select_option("#assign-form select[name=reviewer]", label=user.username)
        mod.click("#assign-form button[type=submit]")
        mod.wait_for_selector(".msg.success")
    assigned = mod.inner_text("#assignments")
    assert reviewer.username in assigned and second.username in assigned
    assert {a.reviewer.username for a in Assignment.objects.filter(claim=claim, is_active=True)
            } == {reviewer.username, second.username}
    shoot(mod, "20-moderator-assigns-two-reviewers")

    # first reviewer: "assigned to me" finds the claim; the review is recorded sealed
    rita_ctx, rita = _session(chromium, base, reviewer)
    rita.goto(base + "/?assigned_to_me=true")
    assert rita.locator("tr.queue-row").count() == 1
    assert rita.get_attribute("tr.queue-row", "data-claim-id") == str(claim.pk)
    rita.click("tr.queue-row a.claim-link")
    rita.wait_for_url(f"**/claims/{claim.pk}/")
    rita.check('input[name=label][value="refuted"]')
    rita.fill("textarea[name=rationale]", FIRST_RATIONALE)
    rita.click("#verdict-form button[type=submit]")
    rita.wait_for_selector(".msg.success")
    assert "Blind review recorded: Refuted" in rita.inner_text(".messages")
    assert FIRST_RATIONALE in rita.inner_text("#blind-note")
    assert rita.locator("#verdict-form").count() == 0  # no second go for the same reviewer
    shoot(rita, "21-first-blind-review")

    # second reviewer: nothing of the first review is on the page
    sam_ctx, sam = _session(chromium, base, second)
    sam.goto(base + "/?assigned_to_me=true")
    assert "blind 1/2" in sam.inner_text("tr.queue-row")
    sam.goto(url)
    body = sam.inner_text("body")
    assert FIRST_RATIONALE not in body
    assert sam.locator(".verdict-pill.label-refuted").count() == 0
    assert "another reviewer has recorded the first review" in sam.inner_text("#blind-note")
    assert reviewer.username not in sam.inner_text("#history")
    shoot(sam, "22-second-reviewer-is-blind")
    sam.check('input[name=label][value="supported"]')
    sam.fill("textarea[name=rationale]", "The talks did run in 2017, as the claim says.")
    sam.click("#verdict-form button[type=submit]")
    sam.wait_for_selector(".msg.success")
    assert "disagree" in sam.inner_text(".messages")
    assert FIRST_RATIONALE in sam.inner_text("#dispute")  # the round is over: both shown
    assert sam.locator("#adjudicate-form").count() == 0
    claim.refresh_from_db()
    assert claim.status == Claim.Status.DISPUTED

    # the moderator adjudicates; a reason is required
    mod.goto(url)
    assert mod.locator("#dispute figure").count() == 2
    shoot(mod, "23-dispute")
    mod.select_option("#adjudicate-form select[name=label]", "misleading")
    mod.click("#adjudicate-form button[type=submit]")  # empty reason: the browser refuses
    assert not Verdict.objects.filter(claim=claim, kind="adjudication").exists()
    mod.fill("#adjudicate-form textarea[name=reason]", "Began in 2017, but not in Astana.")
    mod.click("#adjudicate-form button[type=submit]")
    mod.wait_for_selector(".msg.success")
    assert "Adjudicated: Misleading" in mod.inner_text(".messages")
    assert "Misleading" in mod.inner_text(".current-verdict")
    history = mod.inner_text("#history")
    assert "created adjudication verdict" in history and "not in Astana" in history
    shoot(mod, "24-adjudicated")

    current = Verdict.objects.get(claim=claim, is_current=True)
    assert current.kind == Verdict.Kind.ADJUDICATION and current.reviewer == moderator

    # the agreement page counts the round: one item, labels differ
    mod.goto(base + "/agreement/")
    assert mod.inner_text("#overall .items") == "1"
    assert mod.inner_text("#overall .observed") == "0.00"
    assert mod.locator("tr.pair-row").count() == 1
    shoot(mod, "25-agreement")
    for ctx in (mod_ctx, rita_ctx, sam_ctx):
        ctx.close()
