"""A small, realistic review scenario shared by the view, admin and browser tests.

Two outlets report the Astana talks; one says "since 2017", the other "since 2016".
"""

from dataclasses import dataclass

from claims.models import Claim, Contradiction, Match, VerificationRun
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
    SourceFactory,
    VerificationRunFactory,
)

TEXT_A = (
    "Peace talks on Syria resumed in Astana on Saturday 17 December 2017. "
    "Russia, Turkey and Iran have sponsored the Astana talks since 2017. "
    "The delegations did not say when the next round would be held."
)
TEXT_B = (
    "Delegations gathered again in Kazakhstan this week. "
    "The Astana process has run since 2016, according to officials. "
    "Observers called the mood cautious."
)


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


@dataclass
class Scenario:
    article_a: object
    article_b: object
    weekday: Claim
    since_a: Claim
    sponsors: Claim
    since_b: Claim
    contradiction: Contradiction
    passage_match: Match
    claim_match: Match
    run: VerificationRun


def build_scenario() -> Scenario:
    tass = SourceFactory(name="Wire Service A")
    daily = SourceFactory(name="Daily Courier B")
    article_a = ArticleFactory(
        source=tass, title="Syria talks resume in Astana", cleaned_text=TEXT_A,
        dropped=[
            {"text": "Donate now: 1,204 readers have given this month", "reason": "donation"},
            {"text": "Home | World | Sport | Culture", "reason": "navigation"},
            {"text": "Photo: delegates at the Rixos hotel (AFP)", "reason": "caption"},
        ],
    )
    article_b = ArticleFactory(source=daily, title="Kazakhstan hosts another round",
                               cleaned_text=TEXT_B)

    s1 = "Peace talks on Syria resumed in Astana on Saturday 17 December 2017."
    s2 = "Russia, Turkey and Iran have sponsored the Astana talks since 2017."
    a, b = _span(TEXT_A, s1)
    weekday = ClaimFactory(
        article=article_a, position=0, text="Peace talks on Syria resumed in Astana on "
        "Saturday 17 December 2017.", sentence=s1, start=a, end=b, checkworthiness=0.91,
        status=Claim.Status.NEEDS_REVIEW,
    )
    ClaimFlagFactory(claim=weekday, code="weekday_mismatch",
                     message="Saturday 17 December 2017 — 17 Dec 2017 was a Sunday")
    a, b = _span(TEXT_A, s2)
    # two atomic claims decomposed from one sentence share its span
    since_a = ClaimFactory(
        article=article_a, position=1, text="The Astana talks have been held since 2017.",
        sentence=s2, start=a, end=b, checkworthiness=0.84, status=Claim.Status.NEEDS_REVIEW,
    )
    sponsors = ClaimFactory(
        article=article_a, position=2, text="Russia, Turkey and Iran sponsor the Astana talks.",
        sentence=s2, start=a, end=b, checkworthiness=0.62, status=Claim.Status.NEEDS_REVIEW,
    )
    s3 = "The Astana process has run since 2016, according to officials."
    a, b = _span(TEXT_B, s3)
    since_b = ClaimFactory(
        article=article_b, position=0, text="The Astana process has run since 2016.",
        sentence=s3, start=a, end=b, checkworthiness=0.8, status=Claim.Status.NEEDS_REVIEW,
        attribution="officials",
    )
    passage = ReferencePassageFactory(
        title="Astana peace talks",
        text="The Astana talks on Syria began in January 2017, sponsored by Russia, Turkey and "
        "Iran.",
        source="Reference Encyclopedia",
    )
    passage_match = MatchFactory(claim=since_a, passage=passage, score=0.88, rank=1,
                                 stance=Match.Stance.SUPPORT)
    claim_match = MatchFactory(claim=since_a, passage=None, other_claim=since_b, score=0.86,
                               rank=2, stance=Match.Stance.CONTRADICT)
    contradiction = ContradictionFactory(
        claim=since_a, other_claim=since_b, kind=Contradiction.Kind.DATE,
        value_claim="2017", value_other="2016", confidence=0.9,
        detail="Start year differs: 2017 vs 2016",
    )
    run = VerificationRunFactory(
        article=article_a, status=VerificationRun.Status.RUNNING, total=10, done=4, failed=1,
    )
    return Scenario(article_a, article_b, weekday, since_a, sponsors, since_b, contradiction,
                    passage_match, claim_match, run)
