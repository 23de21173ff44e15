"""schema.org ClaimReview JSON-LD for a verdict (https://schema.org/ClaimReview).

The five verdict labels are put on a 1..5 scale (worst 1, best 5):

    refuted              1   the claim is false
    misleading           2   true in part, false in what it suggests
    conflicting          3   credible evidence both ways
    not_enough_evidence  3   could not be checked either way
    supported            5   the claim is true

4 is left free (no "mostly supported" label yet). The two labels at 3 are told apart
by ``alternateName``, which is what readers and search engines show.

``claimReviewed`` is the claim as checked: its decontextualised text (the verbatim
sentence with the machine's edits, e.g. "she" -> the person's name, applied). The
source's own words go where schema.org lets a claim's occurrence be described:
``itemReviewed`` (a Claim) -> ``appearance`` (the article, a CreativeWork with its
url and headline, which is what consumers such as Google read) -> ``hasPart``, a
``Quotation`` whose ``text`` is the sentence exactly as the article has it.

Settings: ``FACTCHECK_ORG_NAME`` names the reviewing organisation; ``SITE_URL`` is the
base of the claim page URL.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from claims.models import Verdict
from claims.selectors.reviews import verdicts_visible_to

BEST_RATING = 5
WORST_RATING = 1
RATING_VALUES = {
    Verdict.Label.REFUTED: 1,
    Verdict.Label.MISLEADING: 2,
    Verdict.Label.CONFLICTING: 3,
    Verdict.Label.NOT_ENOUGH_EVIDENCE: 3,
    Verdict.Label.SUPPORTED: 5,
}
DEFAULT_ORG_NAME = "Factcheck workbench"
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def claim_page_url(claim_id: int) -> str:
    base = (getattr(settings, "SITE_URL", "") or DEFAULT_SITE_URL).rstrip("/")
    return base + reverse("claims:claim", args=[claim_id])


def claimreview_for_verdict(verdict: Verdict) -> dict:
    """The ClaimReview of ``verdict``; reads verdict.claim.article.source (select them)."""
    claim = verdict.claim
    article = claim.article
    appearance = {"@type": "CreativeWork"}
    if article.url:
        appearance["url"] = article.url
    if article.title:
        appearance["headline"] = article.title
    if claim.sentence:  # the verbatim words, beside the edited claimReviewed
        appearance["hasPart"] = {"@type": "Quotation", "text": claim.sentence}
    item = {
        "@type": "Claim",
        "appearance": [appearance],
        "author": {"@type": "Organization", "name": article.source.name},
    }
    if article.published:
        item["datePublished"] = article.published.isoformat()
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": claim_page_url(claim.pk),
        "claimReviewed": claim.text,
        "datePublished": timezone.localdate(verdict.created_at).isoformat(),
        "author": {
            "@type": "Organization",
            "name": getattr(settings, "FACTCHECK_ORG_NAME", "") or DEFAULT_ORG_NAME,
        },
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUES[verdict.label],
            "bestRating": BEST_RATING,
            "worstRating": WORST_RATING,
            "alternateName": verdict.get_label_display(),
        },
        "itemReviewed": item,
    }


def claimreviews_for_articles(articles) -> list[dict]:
    """One ClaimReview per claim with a current verdict, in article and claim order.

    ``articles`` as from ``articles_for_export``: claims prefetched with
    ``current_verdicts``, so this runs no query per claim.
    """
    reviews = []
    for article in articles:
        for claim in article.claims.all():
            current = getattr(claim, "current_verdicts", None)
            if current is None:
                current = list(verdicts_visible_to(None, claim.verdicts.filter(is_current=True)))
            for verdict in current:
                verdict.claim = claim
                reviews.append(claimreview_for_verdict(verdict))
    return reviews
