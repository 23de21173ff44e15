"""Hostile content in a real browser: nothing a page, a title, a source name or a
rationale carries runs in the reviewer UI (Playwright + Debian Chromium)."""


import pytest

from claims.models import Claim
from claims.services.articles import article_ingest
from claims.services.verdicts import verdict_record
from tests.project.test_hostile_files import PROSE, XSS_HTML
from tests.ui.test_workbench_browser import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAYLOAD = "<script>window.__pwned='text'</script><img src=x onerror=\"window.__pwned='img'\">"
TEXT_PAGE = (
    f"Port Meridian, 6 March 2023\n\n{PROSE}\n\n"
    f"Officials said the terminal employs 420 people. {PAYLOAD}\n\n"
    "[Read more](javascript:window.__pwned='md') <svg onload=\"window.__pwned='svg'\">\n"
)

# In the page after load: what ran, and whatever of the payload became live DOM.
PROBE = """() => {
  const live = [];
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      const v = attr.value.trim().toLowerCase();
      if (attr.name.startsWith('on')) live.push(`${el.tagName} ${attr.name}`);
      if (['href', 'src', 'action', 'formaction', 'data'].includes(attr.name)
          && v.startsWith('javascript:')) live.push(`${el.tagName} ${attr.name}=${v}`);
    }
  }
  for (const s of document.querySelectorAll('script')) {
    if (s.textContent.includes('__pwned')) live.push('inline script with the payload');
  }
  return {pwned: window.__pwned === undefined ? null : String(window.__pwned), live};
}"""


def hostile_articles():
    html = article_ingest(content=XSS_HTML, source_name="<b onmouseover=alert(1)>Outlet</b>",
                          title="<img src=x onerror=\"window.__pwned='title'\">Port",
                          fmt="html", enqueue_verification=False).article
    text = article_ingest(content=TEXT_PAGE, source_name="Plain <script>x</script>",
                          fmt="text", enqueue_verification=False).article
    return html, text


def test_hostile_articles_run_nothing_in_the_reviewer_ui(live_server, page, shoot, reviewer):
    html_article, text_article = hostile_articles()
    claims = list(Claim.objects.filter(article__in=[html_article, text_article]))
    assert claims
    claim = claims[0]
    verdict_record(claim_id=claim.pk, user=reviewer, label="refuted",
                   rationale=f"See {PAYLOAD} and <a href=\"javascript:window.__pwned='r'\">x</a>",
                   expected_version=claim.version)

    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    base = live_server.url
    login(page, base, reviewer)
    pages = ["/?status=all", f"/articles/{html_article.pk}/", f"/articles/{text_article.pk}/"]
    pages += [f"/claims/{c.pk}/" for c in claims[:4]]
    seen_payload_as_text = False
    for i, path in enumerate(pages):
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        shoot(page, f"xss-{i:02d}")
        result = page.evaluate(PROBE)
        assert result["pwned"] is None, (path, result)
        assert result["live"] == [], (path, result["live"])
        body = page.inner_text("body")
        seen_payload_as_text |= "<script>window.__pwned" in body or "onerror=" in body
    assert dialogs == []
    # the probe does see a payload that is live: the same markup, unescaped
    page.set_content(f"<div>{PAYLOAD}<a href=\"javascript:void(0)\">x</a></div>")
    page.wait_for_timeout(300)
    caught = page.evaluate(PROBE)
    assert caught["pwned"] == "img" and len(caught["live"]) >= 2, caught
    # the payload is shown as text where it was text (the escaped HTML paragraph, the
    # plain-text page, the rationale): proof the page rendered it, escaped
    assert seen_payload_as_text
