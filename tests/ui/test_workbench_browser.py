"""The reviewer workbench in a real browser (Playwright + Debian Chromium).

Screenshots of every page land in var/screenshots/.
"""

import re

import pytest

from claims.models import Contradiction, Verdict, VerificationRun
from claims.services.roles import roles_setup
from tests.factories import DEFAULT_PASSWORD, VerdictFactory
from tests.ui.scenario import build_scenario

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base, user):
    page.goto(base + "/")
    assert "/accounts/login/" in page.url  # anonymous users only see the login page
    page.fill("#id_username", user.username)
    page.fill("#id_password", DEFAULT_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(re.compile(r".*/(\?.*)?$"))


def selected_id(page):
    return page.get_attribute("tr.queue-row.is-selected", "data-claim-id")


def test_reviewer_works_the_queue(live_server, page, shoot, reviewer):
    s = build_scenario()
    base = live_server.url

    page.goto(base + "/")
    shoot(page, "01-login")
    login(page, base, reviewer)
    page.wait_for_selector("#queue-table")
    shoot(page, "02-queue")
    rows = page.locator("tr.queue-row")
    assert rows.count() == 4
    # sorted by check-worthiness: weekday 0.91, since_a 0.84, since_b 0.80, sponsors 0.62
    assert rows.first.get_attribute("data-claim-id") == str(s.weekday.pk)

    page.keyboard.press("j")
    assert selected_id(page) == str(s.weekday.pk)
    page.keyboard.press("j")
    page.keyboard.press("j")
    assert selected_id(page) == str(s.since_b.pk)
    page.keyboard.press("k")
    assert selected_id(page) == str(s.since_a.pk)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/claims/{s.since_a.pk}/")

    # the claim page: context, evidence, the differing slot marked on both sides
    assert page.inner_text("h1") == s.since_a.text
    pair = page.locator(f"#contradiction-{s.contradiction.pk} .side-by-side")
    assert pair.locator("figure").nth(0).locator("mark").inner_text() == "2017"
    assert pair.locator("figure").nth(1).locator("mark").inner_text() == "2016"
    assert page.locator("#evidence li.match").count() == 2
    shoot(page, "03-claim")

    # 2 picks "refuted" from the keyboard; cite the reference passage
    page.keyboard.press("2")
    assert page.is_checked('input[name=label][value="refuted"]')
    page.fill("textarea[name=rationale]", "The reference says the talks began in 2017.")
    page.check(f'input[name=cited_matches][value="{s.passage_match.pk}"]')
    page.click("#verdict-form button[type=submit]")
    page.wait_for_selector(".msg.success")
    assert "Verdict recorded: Refuted" in page.inner_text(".messages")
    assert "Refuted" in page.inner_text(".current-verdict")
    history = page.inner_text("#history")
    assert "created review verdict" in history and reviewer.username in history

    # confirm the contradiction with a note; it shows in the history
    box = page.locator(f"#contradiction-{s.contradiction.pk}")
    box.locator("input[name=note]").fill("Checked both articles: 2016 is wrong.")
    box.locator("button[value=confirm]").click()
    page.wait_for_selector(".msg.success")
    assert "Confirmed" in page.inner_text(f"#contradiction-{s.contradiction.pk} .status")
    assert "2016 is wrong" in page.inner_text("#history")
    assert "Confirmed" in page.inner_text("#history")
    shoot(page, "04-claim-after-review")

    s.contradiction.refresh_from_db()
    assert s.contradiction.status == Contradiction.Status.CONFIRMED
    verdict = Verdict.objects.get(claim=s.since_a, is_current=True)
    assert verdict.label == "refuted" and verdict.reviewer == reviewer
    assert list(verdict.cited_matches.all()) == [s.passage_match]

    # from the queue, "1" on a row opens it with "supported" already picked
    page.goto(base + "/")
    page.keyboard.press("j")
    page.keyboard.press("1")
    page.wait_for_url(re.compile(rf".*/claims/{s.weekday.pk}/\?label=supported.*"))
    assert page.is_checked('input[name=label][value="supported"]')
    assert page.evaluate("document.activeElement.name") == "rationale"
    page.keyboard.type("The talks did resume that day.")  # the rationale has the focus
    page.click("#verdict-form button[type=submit]")
    page.wait_for_selector(".msg.success")
    assert Verdict.objects.get(claim=s.weekday).rationale == "The talks did resume that day."

    # article page: claims highlighted in place, two claims on one sentence span
    page.goto(base + f"/articles/{s.article_a.pk}/")
    marks = page.locator(".prose mark.hl")
    assert marks.count() == 2
    assert marks.nth(0).get_attribute("class") == "hl flagged"
    assert page.locator(".prose .claim-ref").count() == 3
    assert not page.is_visible("#dropped")
    shoot(page, "05-article")
    page.click("button.toggle-dropped")
    assert page.is_visible("#dropped")
    assert "donation" in page.inner_text("#dropped")
    shoot(page, "06-article-dropped")

    # event view: every source's version side by side
    page.goto(base + f"/events/{s.since_a.pk}/")
    assert page.locator(".event-grid .version").count() == 2
    assert "Daily Courier B" in page.inner_text(".event-grid")
    shoot(page, "07-event")


def test_run_progress_updates_live(live_server, page, shoot, reviewer):
    s = build_scenario()
    login(page, live_server.url, reviewer)
    page.goto(live_server.url + "/runs/")
    run_box = page.locator(f"#run-{s.run.pk}")
    assert "4 done" in run_box.inner_text()
    shoot(page, "08-runs")
    VerificationRun.objects.filter(pk=s.run.pk).update(
        done=9, status=VerificationRun.Status.COMPLETE
    )
    page.wait_for_function(
        f"document.querySelector('#run-{s.run.pk}').innerText.includes('9 done')", timeout=8000
    )
    assert "Complete" in page.locator(f"#run-{s.run.pk}").inner_text()
    # a finished run stops polling
    assert page.get_attribute(f"#run-{s.run.pk}", "hx-trigger") is None


def test_moderator_overrides_in_the_admin(live_server, page, shoot, moderator, reviewer):
    roles_setup()  # the moderator group's admin permissions
    s = build_scenario()
    v = VerdictFactory(claim=s.since_a, reviewer=reviewer, label=Verdict.Label.SUPPORTED,
                       rationale="Looks right.")
    login(page, live_server.url, moderator)
    page.goto(live_server.url + "/admin/claims/verdict/")
    shoot(page, "09-admin-verdicts")
    page.check(f'input[name=_selected_action][value="{v.pk}"]')
    page.select_option("select[name=action]", "override_verdicts")
    page.click("button[name=index]")
    page.wait_for_selector("#override-form")
    page.select_option("select[name=label]", "refuted")
    page.click("#override-form input[type=submit]")  # no reason yet: refused
    page.wait_for_selector("#override-form")
    assert Verdict.objects.filter(claim=s.since_a).count() == 1
    page.fill("textarea[name=reason]", "The reference corpus dates the talks to 2017.")
    shoot(page, "10-admin-override")
    page.click("#override-form input[type=submit]")
    page.wait_for_selector("ul.messagelist")
    assert "Overrode 1 verdict" in page.inner_text("ul.messagelist")

    current = Verdict.objects.get(claim=s.since_a, is_current=True)
    assert current.kind == Verdict.Kind.OVERRIDE and current.reviewer == moderator
    assert current.label == "refuted"

    page.goto(live_server.url + f"/claims/{s.since_a.pk}/")
    history = page.inner_text("#history")
    assert "created moderator override verdict" in history
    assert "dates the talks to 2017" in history
    shoot(page, "11-claim-after-override")

    page.goto(live_server.url + f"/admin/claims/verdict/{v.pk}/history/")
    assert page.locator("#change-history tbody tr").count() >= 2
    shoot(page, "12-admin-verdict-history")
