"""Claim and article records in the export shape of DESIGN.md (plain dicts)."""

from claims.models import Article, Claim, Contradiction
from claims.selectors.reviews import verdicts_visible_to


def _contradiction(c: Contradiction, *, for_claim_id: int) -> dict:
    mine_first = c.claim_id == for_claim_id
    return {
        "id": c.pk,
        "other_claim_id": (c.other_claim_id if mine_first else c.claim_id),
        "passage_id": c.passage_id,
        "kind": c.kind,
        "value": c.value_claim if mine_first else c.value_other,
        "other_value": c.value_other if mine_first else c.value_claim,
        "confidence": round(c.confidence, 3),
        "status": c.status,
        "detail": c.detail,
    }


def claim_record(claim: Claim) -> dict:
    verdicts = getattr(claim, "current_verdicts", None)
    if verdicts is None:
        verdicts = list(verdicts_visible_to(None, claim.verdicts.filter(is_current=True)))
    verdict = verdicts[0] if verdicts else None
    contradictions = [_contradiction(c, for_claim_id=claim.pk) for c in claim.contradictions.all()]
    contradictions += [
        _contradiction(c, for_claim_id=claim.pk) for c in claim.contradicted_by.all()
    ]
    return {
        "id": claim.pk,
        "text": claim.text,
        "sentence": claim.sentence,
        "span": [claim.start, claim.end],
        "attribution": claim.attribution,
        "checkworthiness": round(claim.checkworthiness, 4),
        "status": claim.status,
        "dates": claim.dates,
        "numbers": claim.numbers,
        "entities": claim.entities,
        # text == the sentence with these edits applied (claims.pipeline.edits)
        "edits": claim.edits,
        "annotations": claim.annotations,
        "edits_reverted": claim.edits_reverted,
        "flags": [{"code": f.code, "message": f.message} for f in claim.flags.all()],
        "matches": [
            {
                "id": m.pk,
                "kind": "passage" if m.passage_id else "claim",
                "passage_id": m.passage_id,
                "claim_id": m.other_claim_id,
                "score": round(m.score, 4),
                "rank": m.rank,
                "method": m.method,
                "stance": m.stance,
                **_checked_before(m),
            }
            for m in claim.matches.all()
        ],
        "verdict": (
            {
                "label": verdict.label,
                "rationale": verdict.rationale,
                "reviewer": verdict.reviewer.get_username(),
                "created_at": verdict.created_at.isoformat(),
            }
            if verdict
            else None
        ),
        "contradictions": contradictions,
    }


def article_record(article: Article) -> dict:
    return {
        "id": article.pk,
        "title": article.title,
        "source": article.source.name,
        "url": article.url,
        "published": article.published.isoformat() if article.published else None,
        "claims": [claim_record(c) for c in article.claims.all()],
    }


def _checked_before(match) -> dict:
    """A match to an earlier verdict (``verdict_reference``): which claim, which label."""
    verdict = match.passage.from_verdict if match.passage_id else None
    if verdict is None:
        return {"verdict_claim_id": None, "verdict_label": None}
    return {"verdict_claim_id": verdict.claim_id, "verdict_label": verdict.label}
