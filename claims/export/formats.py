"""Writers for `manage.py export`: json, jsonl, csv (one row per claim), claimreview."""

import csv
import json
from typing import TextIO

from claims.export.claimreview import claimreviews_for_articles
from claims.export.records import article_record

CSV_COLUMNS = [
    "article_id", "article_title", "source", "published", "claim_id", "text", "sentence",
    "span_start", "span_end", "checkworthiness", "status", "dates", "flags", "top_match",
    "top_match_score", "verdict", "contradictions", "edits", "annotations",
]


def write_json(articles, out: TextIO) -> int:
    records = [article_record(a) for a in articles]
    json.dump(records, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return sum(len(r["claims"]) for r in records)


def write_jsonl(articles, out: TextIO) -> int:
    n = 0
    for a in articles:
        rec = article_record(a)
        for claim in rec["claims"]:
            row = {"article_id": rec["id"], "article_title": rec["title"],
                   "source": rec["source"], "published": rec["published"], **claim}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_csv(articles, out: TextIO) -> int:
    w = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
    w.writeheader()
    n = 0
    for a in articles:
        rec = article_record(a)
        for c in rec["claims"]:
            top = c["matches"][0] if c["matches"] else None
            w.writerow({
                "article_id": rec["id"], "article_title": rec["title"], "source": rec["source"],
                "published": rec["published"] or "", "claim_id": c["id"], "text": c["text"],
                "sentence": c["sentence"], "span_start": c["span"][0], "span_end": c["span"][1],
                "checkworthiness": c["checkworthiness"], "status": c["status"],
                "dates": ";".join(d.get("value", "") for d in c["dates"]),
                "flags": ";".join(f["code"] for f in c["flags"]),
                "top_match": (f"{top['kind']}:{top['passage_id'] or top['claim_id']}" if top else ""),
                "top_match_score": top["score"] if top else "",
                "verdict": c["verdict"]["label"] if c["verdict"] else "",
                "contradictions": ";".join(
                    f"{x['kind']}:{x['other_claim_id'] or 'passage ' + str(x['passage_id'])}"
                    f":{x['status']}" for x in c["contradictions"]
                ),
                # JSON text: the edits that turn `sentence` into `text`, and the guesses
                "edits": json.dumps(c["edits"], ensure_ascii=False),
                "annotations": json.dumps(c["annotations"], ensure_ascii=False),
            })
            n += 1
    return n


def write_claimreview(articles, out: TextIO) -> int:
    """A JSON array of schema.org ClaimReview objects, one per claim with a current verdict."""
    reviews = claimreviews_for_articles(articles)
    json.dump(reviews, out, ensure_ascii=False, indent=2)
    out.write("\n")
    return len(reviews)


WRITERS = {
    "json": write_json, "jsonl": write_jsonl, "csv": write_csv, "claimreview": write_claimreview,
}
