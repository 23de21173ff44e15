"""Compare two close claims (or a claim and a reference passage).

Input: two ``Side`` records carrying the slots the normalise step already
extracted (``TimeExpr.to_dict()``, ``Quantity.to_dict()``, ``Entity.to_dict()``
— what each Claim row stores), plus the cosine similarity of their embeddings.

1. ``same_event`` decides whether both speak of the same event (similarity,
   shared entities, shared content words, compatible time).
2. ``compare`` then aligns slots by role and emits ``SlotConflict`` candidates
   (date, number, entity, negation) and agreements (corroboration).

Every decision carries a human-readable ``detail``: a reviewer reads it. The
rules are conservative: a conflict needs the same event AND an aligned slot.
No Django, no model: similarity is given.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date

from claims.pipeline.negation import (
    STOPWORDS,
    affirmed_keys,
    content_stems,
    negations,
    stem,
    tokens,
)

# ---------------------------------------------------------------------------
# records


@dataclass
class Side:
    text: str
    dates: list[dict] = field(default_factory=list)  # TimeExpr.to_dict()
    numbers: list[dict] = field(default_factory=list)  # Quantity.to_dict()
    entities: list[dict] = field(default_factory=list)  # Entity.to_dict()
    published: date | None = None
    # the article's own sentence when ``text`` is our rewrite of it (a decomposed
    # claim with pronouns and relative dates resolved); "" when ``text`` is the source
    source_text: str = ""


@dataclass(frozen=True)
class SlotConflict:
    kind: str  # date | number | entity | negation | other
    value_a: str
    value_b: str
    confidence: float  # event certainty x slot-alignment certainty, 0..1
    detail: str

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Comparison:
    same_event: bool
    event_score: float
    event_detail: str
    conflicts: list[SlotConflict] = field(default_factory=list)
    agreements: list[str] = field(default_factory=list)
    stance: str = "unknown"  # support | contradict | related | unknown

    def to_dict(self) -> dict:
        d = asdict(self)
        d["conflicts"] = [c.to_dict() for c in self.conflicts]
        return d


@dataclass(frozen=True)
class Thresholds:
    """Decision knobs. Defaults were set by hand on our own examples (see bench/stance.py)."""

    same_event: float = 0.5  # event score at or above which two sides are one event
    min_similarity: float = 0.35  # below this cosine, never the same event
    contradict: float = 0.3  # a conflict at or above this confidence makes the stance contradict
    support: float = 0.5  # event score for a conflict-free same-event pair to count as support
    related: float = 0.35  # event score (or similarity) for "related" when not the same event
    same_predicate: float = 0.5  # predicate share that, with a shared entity, makes one event


DEFAULT_THRESHOLDS = Thresholds()

# ---------------------------------------------------------------------------
# entities

_LEADING_THE = re.compile(r"^(the|a|an)\s+", re.I)
_NON_WORD = re.compile(r"[^\w\s\-]")
_PERSON_TITLES = frozenset(
    "mr mrs ms dr prof president minister secretary general sir lord lady king queen "
    "prince princess senator gov governor rep chancellor premier pope saint st".split()
)


def normalise_entity(text: str) -> str:
    """Case, possessive, leading article, punctuation: "Russia's" -> "russia"."""
    t = unicodedata.normalize("NFC", text.strip().replace("’", "'"))
    t = re.sub(r"'s$|'$", "", t)
    t = _LEADING_THE.sub("", t)
    t = _NON_WORD.sub(" ", t.lower())
    return " ".join(t.split())


def _name_tokens(norm: str) -> list[str]:
    return [w for w in norm.split() if w not in _PERSON_TITLES]


def entities_match(a: dict, b: dict) -> tuple[bool, str]:
    """Same referent? Exact after normalising; surname for people; demonym prefix."""
    na, nb = normalise_entity(a["text"]), normalise_entity(b["text"])
    if not na or not nb:
        return False, ""
    if na == nb:
        return True, "same name"
    la, lb = a.get("label", ""), b.get("label", "")
    if "PERSON" in (la, lb) or not ({la, lb} - {"", "OTHER"}):
        ta, tb = _name_tokens(na), _name_tokens(nb)
        if ta and tb and ta[-1] == tb[-1]:
            # "Lavrov" = "Sergey Lavrov"; "Anna Lavrov" != "Sergey Lavrov".
            if len(ta) == 1 or len(tb) == 1:
                return True, "surname"
            if ta[0][0] == tb[0][0]:
                return True, "surname and initial"
    if {la, lb} <= {"GPE", "NORP"} and la != lb:
        short, long_ = sorted((na, nb), key=len)
        if len(short) >= 4 and long_.startswith(short[:-1]) and len(long_) - len(short) <= 3:
            return True, "demonym"  # "Russia" ~ "Russian"
        if (len(short) >= 5 and long_.startswith(short[:-2]) and len(long_) - len(short) <= 2
                and long_.endswith(("ish", "ian", "ese"))):
            return True, "demonym"  # "Turkey" ~ "Turkish"
    return False, ""


# ---------------------------------------------------------------------------
# slot positions and context


def _span(side: Side, slot: dict) -> tuple[int, int]:
    """Offsets of a slot in ``side.text``; re-found by text if the stored ones don't fit."""
    s, e = slot.get("start"), slot.get("end")
    t = slot.get("text", "")
    if isinstance(s, int) and isinstance(e, int) and side.text[s:e] == t:
        return s, e
    idx = side.text.find(t) if t else -1
    if idx >= 0:
        return idx, idx + len(t)
    return -1, -1


def _words_before(side: Side, start: int, n: int) -> list[str]:
    if start < 0:
        return []
    return [t.lower for t in tokens(side.text[:start])][-n:]


def _context(side: Side, slot: dict, left: int = 5, right: int = 3) -> set[str]:
    """Content stems near a slot (its role: "talks in Astana", "the call on 17 December")."""
    s, e = _span(side, slot)
    if s < 0:
        return set()
    before = [t for t in tokens(side.text[:s])][-left:]
    after = [t for t in tokens(side.text[e:])][:right]
    return {
        stem(t.lower)
        for t in before + after
        if t.lower not in STOPWORDS and not t.lower[0].isdigit() and len(t.lower) > 1
    }


def _overlap(a: set[str], b: set[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


_APPOSITION_GAP = re.compile(r"^[\s,(\-–—]*(on\s+)?$", re.I)


def _slot_dates(side: Side) -> list[dict]:
    """The side's dates, minus relative ones standing in apposition to an absolute one.

    "today, Saturday 17 December 2017" and "yesterday (20 December)" name one time
    twice; the written-out date is what the text asserts, so the relative
    expression is not compared on its own (it would otherwise agree or disagree
    with the other side by itself).
    """
    spans = [(_span(side, d), d) for d in side.dates]
    out = []
    for (s, e), d in spans:
        if d.get("relative") and s >= 0:
            apposed = False
            for (s2, e2), d2 in spans:
                if d2 is d or d2.get("relative") or s2 < 0:
                    continue
                gap = side.text[e:s2] if s2 >= e else side.text[e2:s]
                if len(gap) <= 6 and _APPOSITION_GAP.match(gap):
                    apposed = True
                    break
            if apposed:
                continue
        out.append(d)
    return out


def _slot_words(side: Side) -> set[str]:
    """Stems inside date and number expressions ("December", "percent", "million")."""
    words: set[str] = set()
    for slot in list(side.dates) + list(side.numbers):
        words |= content_stems(str(slot.get("text", "")))
    return words


def _entity_words(ents: list[dict]) -> set[str]:
    return {stem(w) for e in ents for w in normalise_entity(e.get("text", "")).split()}


def predicate_overlap(
    a: Side, slot_a: dict, b: Side, slot_b: dict, *, with_names: bool = False
) -> tuple[float, list[str]]:
    """Is the slot governed by the same predicate on both sides?

    The words around each slot (its predicate: "talks opened in … on", "the call
    on", "passed through Kessova") are looked up among all content words of the
    other side, both ways; entity names and words inside dates/numbers do not
    count (they are the anchors and the slots, not the predicate). Returns the
    larger share of one slot's context found on the other side, and those words.
    ``with_names`` keeps entity words (a range's anchor is often a name).
    """
    skip = _slot_words(a) | _slot_words(b)
    if not with_names:
        skip |= _entity_words(a.entities) | _entity_words(b.entities)
    words_a = content_stems(a.text) - skip
    words_b = content_stems(b.text) - skip
    ctx_a = _context(a, slot_a, left=6, right=4) - skip
    ctx_b = _context(b, slot_b, left=6, right=4) - skip
    best, shared = 0.0, set()
    for ctx, other in ((ctx_a, words_b), (ctx_b, words_a)):
        if ctx:
            hit = ctx & other
            share = len(hit) / len(ctx)
            if share > best:
                best, shared = share, hit
    return best, sorted(shared)


# ---------------------------------------------------------------------------
# same event


def _date_interval(d: dict) -> tuple[date, date | None] | None:
    try:
        start = date.fromisoformat(d["start_date"])
        end = date.fromisoformat(d["end_date"]) if d.get("end_date") else None
    except (KeyError, TypeError, ValueError):
        return None
    return start, end


def _intervals_overlap(a: dict, b: dict) -> bool | None:
    ia, ib = _date_interval(a), _date_interval(b)
    if ia is None or ib is None:
        return None
    a_end = ia[1] or date.max
    b_end = ib[1] or date.max
    return ia[0] <= b_end and ib[0] <= a_end


def shared_entities(a: Side, b: Side) -> list[tuple[str, str, str]]:
    """(text in a, text in b, why) for each entity of ``a`` matched in ``b``."""
    out = []
    for ea in a.entities:
        for eb in b.entities:
            ok, why = entities_match(ea, eb)
            if ok:
                out.append((ea["text"], eb["text"], why))
                break
    return out


def _dedup_entities(ents: list[dict]) -> list[dict]:
    seen, out = set(), []
    for e in ents:
        n = normalise_entity(e.get("text", ""))
        if n and n not in seen:
            seen.add(n)
            out.append(e)
    return out


@dataclass(frozen=True)
class EventEvidence:
    """What the same-event decision rests on (thresholds are applied separately)."""

    similarity: float
    score: float  # 0..1 blend of similarity, shared entities, shared words, time, predicate
    anchored: bool  # at least one shared entity, or enough shared content words
    explanation: str  # the evidence, for a reviewer
    predicate: float = 0.0  # same predicate around a slot both sides fill (0..1)
    shared_entities: int = 0


def event_evidence(a: Side, b: Side, *, similarity: float) -> EventEvidence:
    """Similarity, shared entities (normalised, surnames), shared words, time overlap."""
    parts = [f"similarity {similarity:.2f}"]
    ents_a, ents_b = _dedup_entities(a.entities), _dedup_entities(b.entities)
    shared = shared_entities(Side(a.text, entities=ents_a), Side(b.text, entities=ents_b))
    words_a, words_b = content_stems(a.text), content_stems(b.text)
    # Entity words are counted as entities, and words inside dates and numbers
    # ("December", "percent") as time and slots, not again as content words.
    ent_words = _entity_words(ents_a + ents_b) | _slot_words(a) | _slot_words(b)
    wa, wb = words_a - ent_words, words_b - ent_words
    common_words = sorted(wa & wb)
    word_score = _overlap(wa, wb)

    if ents_a and ents_b:
        # Dice: one shared country among several named things is weak evidence.
        ent_score = 2 * len(shared) / (len(ents_a) + len(ents_b))
        ent_score = min(1.0, ent_score * 1.5) if len(shared) >= 2 else ent_score
        if min(len(ents_a), len(ents_b)) >= 2:
            # A claim whose several names all recur in a longer passage: strong evidence.
            ent_score = max(ent_score, 0.8 * len(shared) / min(len(ents_a), len(ents_b)))
        names = ", ".join(x if x == y else f"{x} = {y} ({why})" for x, y, why in shared)
        parts.append(
            f"shared entities {len(shared)}/{len(ents_a)}+{len(ents_b)}"
            + (f": {names}" if names else "")
        )
    else:
        ent_score = word_score
        parts.append("entities: not available on both sides")
    parts.append(
        f"shared words {word_score:.2f}"
        + (f": {', '.join(common_words[:8])}" if common_words else "")
    )

    time_score = 0.5
    dates_a, dates_b = _slot_dates(a), _slot_dates(b)
    if dates_a and dates_b:
        overlaps = [_intervals_overlap(x, y) for x in dates_a for y in dates_b]
        if any(o for o in overlaps):
            time_score, note = 1.0, "time overlaps"
        elif all(o is False for o in overlaps):
            time_score, note = 0.3, "time differs (may itself be the contradiction)"
        else:
            note = "time not comparable"
        parts.append(note)

    slot_score, slot_note = _slot_predicate(a, b)
    if slot_score is None:  # nothing to align: the other evidence carries the score
        score = 0.45 * similarity + 0.25 * ent_score + 0.2 * word_score + 0.1 * time_score
    else:
        parts.append(slot_note)
        score = (0.4 * similarity + 0.25 * ent_score + 0.15 * word_score + 0.1 * time_score
                 + 0.1 * slot_score)
    score = round(max(0.0, min(1.0, score)), 3)
    anchored = bool(shared) or word_score >= 0.3
    return EventEvidence(similarity, score, anchored, "; ".join(parts),
                         predicate=slot_score or 0.0, shared_entities=len(shared))


def _slot_predicate(a: Side, b: Side) -> tuple[float | None, str]:
    """Best "same predicate" evidence over slots both sides fill (dates of one role,
    numbers of one unit): how far the words governing a slot recur on the other side.

    For a range ("since 2016") the anchor is usually a name ("talks in Astana
    since", "the Astana process since"), so entity words count there; for point
    dates and numbers only the predicate's own words do. ``None`` when the sides
    share no slot kind at all.
    """
    pairs: list[tuple[dict, dict, bool]] = []
    roles_b = [(d, _date_role(b, d)) for d in _slot_dates(b)]
    for da in _slot_dates(a):
        ra = _date_role(a, da)
        if ra == "relation":
            continue
        pairs += [(da, db, ra != "point") for db, rb in roles_b if rb == ra]
    for qa in _numbers(a):
        ua = _norm_unit(qa.get("unit", ""))
        if ua:
            pairs += [(qa, qb, False) for qb in _numbers(b) if _norm_unit(qb.get("unit", "")) == ua]
    if not pairs:
        return None, ""
    best, words = 0.0, []
    for x, y, with_names in pairs:
        score, shared = predicate_overlap(a, x, b, y, with_names=with_names)
        if score > best:
            best, words = score, shared
    note = f"same predicate around a shared slot {best:.2f}" + (
        f": {', '.join(words)}" if words else ""
    )
    return best, note


def decide_same_event(ev: EventEvidence, thresholds: Thresholds) -> tuple[bool, str]:
    if ev.similarity < thresholds.min_similarity:
        return False, f"similarity below {thresholds.min_similarity}: different events"
    if ev.score < thresholds.same_event:
        # A long sentence dilutes similarity and entity overlap; a named thing in
        # common plus the same predicate around a slot both fill still makes one event.
        if (ev.shared_entities and ev.predicate >= thresholds.same_predicate
                and ev.similarity >= thresholds.same_event):
            return True, (f"score {ev.score:.2f} < {thresholds.same_event}, but a shared "
                          f"entity and the same predicate ({ev.predicate:.2f}): same event")
        return False, f"score {ev.score:.2f} < {thresholds.same_event}: different events"
    if not ev.anchored:
        return False, "no shared entity or content word: not the same event"
    return True, f"score {ev.score:.2f} >= {thresholds.same_event}: same event"


def same_event(
    a: Side, b: Side, *, similarity: float, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> tuple[bool, float, str]:
    """Do ``a`` and ``b`` speak of the same event? Returns (decision, score, explanation)."""
    ev = event_evidence(a, b, similarity=similarity)
    decision, verdict = decide_same_event(ev, thresholds)
    return decision, ev.score, f"{ev.explanation} -> {verdict}"


# ---------------------------------------------------------------------------
# dates

_START_CUES = frozenset({"since", "from", "starting", "beginning", "began", "begun"})
_END_CUES = frozenset({"until", "till", "til", "through", "by", "ending"})
_RELATION_CUES = frozenset({"before", "after", "prior", "earlier", "later"})
_GRAN_LEN = {"year": 4, "month": 7, "day": 10}


def _date_role(side: Side, d: dict) -> str:
    s, _ = _span(side, d)
    before = _words_before(side, s, 2)
    first = normalise_entity(d.get("text", "")).split()[:1]
    cue_words = set(before[-1:]) | set(first)
    if cue_words & _RELATION_CUES:
        return "relation"  # "before 2016": a bound, not the date of the event
    if cue_words & _START_CUES or (d.get("end_date") is None and "/" in d.get("value", "")):
        return "start"
    if cue_words & _END_CUES:
        return "end"
    return "point"


def _start_value(d: dict) -> str:
    value = d.get("value", "")
    if "/" in value:
        head = value.split("/")[0]
        if head and head != "..":
            return head
    gran = d.get("granularity", "day")
    return (d.get("start_date") or "")[: _GRAN_LEN.get(gran, 10)]


def _end_value(d: dict) -> str:
    value = d.get("value", "")
    if "/" in value:
        tail = value.split("/")[-1]
        if tail and tail != "..":
            return tail
    gran = d.get("granularity", "day")
    return (d.get("end_date") or d.get("start_date") or "")[: _GRAN_LEN.get(gran, 10)]


def _which_part_differs(x: str, y: str) -> str:
    n = min(len(x), len(y))
    if x[:4] != y[:4]:
        return "year"
    if n >= 7 and x[:7] != y[:7]:
        return "month"
    return "day"


def _point_conflict_detail(a: dict, b: dict) -> tuple[str, float]:
    """What differs between two disjoint point dates, and a factor for near misses."""
    sa, sb = a.get("start_date", ""), b.get("start_date", "")
    part = _which_part_differs(sa, sb)
    factor = 1.0
    ia, ib = _date_interval(a), _date_interval(b)
    if ia and ib:
        gap = min(
            abs((ib[0] - (ia[1] or ia[0])).days),
            abs((ia[0] - (ib[1] or ib[0])).days),
        )
        if gap <= 1:
            factor = 0.5  # a night event or a time zone: 16 vs 17 December is weak
            part += " (adjacent days)"
    return part, factor


_YEAR_IN = re.compile(r"\b(1[5-9]\d\d|2[01]\d\d)\b")


def _year_written(side: Side, d: dict) -> bool:
    """Did the article itself write this date's year? ("at the end of December" did not:
    the year was inferred from the publication date, even if our claim text spells it.)"""
    if not side.source_text:
        return True
    years = _YEAR_IN.findall(str(d.get("text", "")))
    if not years:
        return not d.get("relative")
    return all(y in side.source_text for y in years)


def _compare_dates(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    roles_a = [(d, _date_role(a, d)) for d in _slot_dates(a)]
    roles_b = [(d, _date_role(b, d)) for d in _slot_dates(b)]
    for da, ra in roles_a:
        if ra == "relation":
            continue
        cands = [db for db, rb in roles_b if rb == ra]
        if not cands:
            continue
        if ra == "point":
            agree = [db for db in cands if _intervals_overlap(da, db)]
            if agree:
                db = agree[0]
                how = (
                    "same date" if da.get("value") == db.get("value") else "compatible granularity"
                )
                agreements.append(f"date: {da.get('text')} ~ {db.get('text')} ({how})")
                continue
        else:
            pick = _start_value if ra == "start" else _end_value
            va = pick(da)
            agree = [db for db in cands if va[: len(pick(db))] == pick(db)[: len(va)]]
            if agree:
                agreements.append(
                    f"date: {da.get('text')} ~ {agree[0].get('text')} (same {ra} of range)"
                )
                continue
        # No compatible candidate: align with the best-context one, if any is credible.
        ctx_a = _context(a, da)
        scored = sorted(
            ((_overlap(ctx_a, _context(b, db)), i, db) for i, db in enumerate(cands)),
            key=lambda x: (-x[0], x[1]),
        )
        ctx, _, db = scored[0]
        n_same_role_a = sum(1 for _, r in roles_a if r == ra)
        if len(cands) == 1 and n_same_role_a == 1:
            align = 0.85 if ctx > 0 else 0.75
            why = "the only " + ("point date" if ra == "point" else f"{ra}-of-range date")
            why += " on each side"
        elif ctx > 0:
            align = 0.45 + 0.4 * ctx
            why = f"best context match ({ctx:.2f}) among {len(cands)} candidate dates"
        else:
            continue  # several dates and nothing to tell them apart: say nothing
        if ra == "point":
            # Two dated events in one story (the talks opened on X, the call was on Y)
            # differ in their predicate: a point-date conflict needs the words that
            # govern one date to occur on the other side too.
            pred, pred_words = predicate_overlap(a, da, b, db)
            if pred == 0:
                continue
            why += f"; same predicate ({', '.join(pred_words)})"
        factor = 1.0
        if da.get("relative") or db.get("relative"):
            factor *= 0.7
            why += "; one date was resolved from a relative expression"
        if ra == "point":
            part, near = _point_conflict_detail(da, db)
            factor *= near
            va, vb = da.get("value", ""), db.get("value", "")
            what = f"{part} differs"
            if part.startswith("year") and not (_year_written(a, da) and _year_written(b, db)):
                factor *= 0.5
                why += "; one year was inferred from the publication date, not written"
        else:
            pick = _start_value if ra == "start" else _end_value
            va, vb = pick(da), pick(db)
            what = f"{'start' if ra == 'start' else 'end'} of range differs"
        conf = round(event * align * factor, 3)
        conflicts.append(
            SlotConflict(
                kind="date",
                value_a=va,
                value_b=vb,
                confidence=conf,
                detail=(
                    f"'{da.get('text')}' vs '{db.get('text')}': {what} ({va} vs {vb}); "
                    f"aligned as {why}; confidence = event {event:.2f} x alignment "
                    f"{align:.2f}" + (f" x {factor:.2f}" if factor != 1.0 else "")
                ),
            )
        )
    return conflicts, agreements


# ---------------------------------------------------------------------------
# numbers

_APPROX = frozenset(
    "about around approximately roughly nearly almost some estimated est circa ca "
    "approx close ~".split()
)
_LOWER_BOUND = frozenset({"over", "more", "above", "least", "exceeding", "exceeds", "beyond"})
_UPPER_BOUND = frozenset({"under", "less", "fewer", "below", "most", "up", "within"})
_EXACT_TOL = 0.05
_APPROX_TOL = 0.15


def _qualifier(side: Side, q: dict) -> str:
    s, _ = _span(side, q)
    before = set(_words_before(side, s, 3))
    if before & _LOWER_BOUND:
        return "lower"
    if before & _UPPER_BOUND:
        return "upper"
    if before & _APPROX:
        return "approx"
    return "exact"


def _is_year_like(side: Side, q: dict) -> bool:
    v = q.get("value")
    if q.get("unit") or not isinstance(v, (int, float)) or v != int(v) or not 1000 <= v <= 2100:
        return False
    return True


def _inside_date(side: Side, q: dict) -> bool:
    s, e = _span(side, q)
    for d in side.dates:
        ds, de = _span(side, d)
        if ds >= 0 and s >= 0 and ds <= s and e <= de:
            return True
    return False


def _numbers(side: Side) -> list[dict]:
    return [
        q
        for q in side.numbers
        if isinstance(q.get("value"), (int, float))
        and not _is_year_like(side, q)
        and not _inside_date(side, q)
    ]


def _consistent(va: float, qa: str, vb: float, qb: str) -> tuple[bool, str]:
    """Do two values of the same slot agree, given their qualifiers?"""
    if qa == "lower" or qb == "lower" or qa == "upper" or qb == "upper":
        for v, q, other in ((va, qa, vb), (vb, qb, va)):
            if q == "lower" and other < v * (1 - _EXACT_TOL):
                return False, f"'more than {v:g}' but {other:g}"
            if q == "upper" and other > v * (1 + _EXACT_TOL):
                return False, f"'less than {v:g}' but {other:g}"
        return True, "within the stated bound"
    tol = _APPROX_TOL if "approx" in (qa, qb) else _EXACT_TOL
    scale = max(abs(va), abs(vb))
    if scale == 0 or abs(va - vb) / scale <= tol:
        return True, f"within {tol:.0%} tolerance"
    return False, f"differ by {abs(va - vb) / scale:.0%} (tolerance {tol:.0%})"


def _norm_unit(u: str) -> str:
    u = (u or "").lower().strip()
    return {"%": "percent", "per cent": "percent", "pc": "percent", "$": "usd"}.get(u, u)


_MAGNITUDES = frozenset({"million", "billion", "thousand", "hundred", "trillion", "bn", "m", "k"})


def _counted_noun(side: Side, q: dict) -> str | None:
    """The noun a number counts: "40 people" -> "people"; None if nothing follows directly."""
    _, e = _span(side, q)
    if e < 0:
        return None
    after = [t.lower for t in tokens(side.text[e:])[:4]]
    while after and after[0] in _MAGNITUDES:
        after = after[1:]
    if after and after[0] == "of":
        after = after[1:2]
    gap = side.text[e:].lstrip()[:1]
    if not after or after[0] in STOPWORDS or after[0][0].isdigit() or gap in ",.;:)":
        return None
    return stem(after[0])


def _compare_numbers(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    nb_list = _numbers(b)
    na_list = _numbers(a)
    for qa in na_list:
        ua = _norm_unit(qa.get("unit", ""))
        ctx_a = _context(a, qa, left=5, right=5)
        noun_a = _counted_noun(a, qa)
        best = None
        for qb in nb_list:
            if _norm_unit(qb.get("unit", "")) != ua:
                continue
            noun_b = _counted_noun(b, qb)
            if noun_a and noun_b and noun_a != noun_b:
                continue  # "40 people" and "900 houses" count different things
            ctx = _overlap(ctx_a, _context(b, qb, left=5, right=5))
            if noun_a and noun_a == noun_b:
                ctx = max(ctx, 0.75)
            if best is None or ctx > best[0]:
                best = (ctx, qb)
        if best is None:
            continue
        ctx, qb = best
        only_pair = (
            bool(ua)
            and sum(_norm_unit(q.get("unit", "")) == ua for q in na_list) == 1
            and sum(_norm_unit(q.get("unit", "")) == ua for q in nb_list) == 1
        )
        if ctx == 0 and not only_pair:
            continue  # same unit but nothing says it is the same quantity
        if ctx == 0:
            # the only quantity in this unit on each side of one event ("40 percent of
            # it left through Kessova" / "60 percent of the exports passed through
            # Kessova"): aligned, more weakly than by shared neighbouring words
            ctx = 0.25
        qual_a, qual_b = _qualifier(a, qa), _qualifier(b, qb)
        ok, why = _consistent(float(qa["value"]), qual_a, float(qb["value"]), qual_b)
        if ok:
            agreements.append(f"number: {qa.get('text')} ~ {qb.get('text')} ({why})")
            continue
        align = (0.5 + 0.4 * ctx) * (0.8 if "approx" in (qual_a, qual_b) else 1.0)
        shared = sorted(ctx_a & _context(b, qb, left=5, right=5)) or ["(only such quantity)"]
        conflicts.append(
            SlotConflict(
                kind="number",
                value_a=str(qa.get("text")),
                value_b=str(qb.get("text")),
                confidence=round(event * align, 3),
                detail=(
                    f"'{qa.get('text')}' vs '{qb.get('text')}' "
                    f"(unit '{ua or 'none'}', both next to: {', '.join(shared)}): {why}; "
                    f"confidence = event {event:.2f} x alignment {align:.2f}"
                ),
            )
        )
    return conflicts, agreements


# ---------------------------------------------------------------------------
# entities

_ROLE_PREPS = frozenset({"in", "at", "to", "from", "by", "with", "for", "against", "near"})
_SLOT_LABELS = frozenset({"GPE", "LOC", "ORG", "PERSON", "FAC"})


def _entity_role(side: Side, e: dict) -> tuple[str, set[str]] | None:
    """("in", {"talk"}) for "talks in Astana": the preposition and the head before it."""
    s, _ = _span(side, e)
    before = _words_before(side, s, 4)
    if not before:
        return None
    prep = before[-1]
    if prep == "the" and len(before) >= 2:
        before = before[:-1]
        prep = before[-1]
    if prep not in _ROLE_PREPS:
        return None
    head = {stem(w) for w in before[:-1] if w not in STOPWORDS and not w[0].isdigit()}
    return prep, head


def _compare_entities(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    ents_a, ents_b = _dedup_entities(a.entities), _dedup_entities(b.entities)
    unmatched_b = []
    for eb in ents_b:
        if not any(entities_match(ea, eb)[0] for ea in ents_a):
            unmatched_b.append(eb)
    for ea in ents_a:
        matches = [(eb, entities_match(ea, eb)[1]) for eb in ents_b if entities_match(ea, eb)[0]]
        if matches:
            eb, why = matches[0]
            if normalise_entity(ea["text"]) != normalise_entity(eb["text"]):
                agreements.append(f"entity: {ea['text']} = {eb['text']} ({why})")
            continue
        if ea.get("label") not in _SLOT_LABELS:
            continue
        role_a = _entity_role(a, ea)
        if role_a is None or not role_a[1]:
            continue
        for eb in unmatched_b:
            if eb.get("label") != ea.get("label"):
                continue
            role_b = _entity_role(b, eb)
            if role_b is None or role_b[0] != role_a[0] or not (role_a[1] & role_b[1]):
                continue
            head = ", ".join(sorted(role_a[1] & role_b[1]))
            align = 0.7
            conflicts.append(
                SlotConflict(
                    kind="entity",
                    value_a=ea["text"],
                    value_b=eb["text"],
                    confidence=round(event * align, 3),
                    detail=(
                        f"same slot '{head} {role_a[0]} …' filled by different "
                        f"{ea.get('label')}: '{ea['text']}' vs '{eb['text']}', and neither "
                        f"is named on the other side; confidence = event {event:.2f} x "
                        f"alignment {align:.2f}"
                    ),
                )
            )
            break
    return conflicts, agreements


# ---------------------------------------------------------------------------
# negation

_ANTONYMS = {
    "alive": "dead",
    "win": "lose",
    "won": "lost",
    "increase": "decrease",
    "rise": "fall",
    "rose": "fell",
    "accept": "reject",
    "accepted": "rejected",
    "approve": "reject",
    "approved": "rejected",
    "true": "false",
    "allow": "ban",
    "allowed": "banned",
    "male": "female",
    "success": "failure",
    "successful": "unsuccessful",
    "legal": "illegal",
    "possible": "impossible",
    "warming": "cooling",
    "growing": "shrinking",
    "gain": "loss",
}
_ANTONYM_PAIRS = {frozenset((stem(x), stem(y))) for x, y in _ANTONYMS.items()}


def _compare_negation(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    seen: set[str] = set()
    neg_a, neg_b = negations(a.text), negations(b.text)
    aff_a, aff_b = affirmed_keys(a.text), affirmed_keys(b.text)
    keys_neg_a = {n.key for n in neg_a}
    keys_neg_b = {n.key for n in neg_b}
    for negs, aff_other, neg_other_keys, negated_side in (
        (neg_a, aff_b, keys_neg_b, "a"),
        (neg_b, aff_a, keys_neg_a, "b"),
    ):
        for n in negs:
            if n.key in seen:
                continue
            if n.key in neg_other_keys:
                seen.add(n.key)
                agreements.append(f"polarity: both sides negate '{n.predicate}'")
                continue
            if n.key not in aff_other:
                continue
            seen.add(n.key)
            neg_text = f"{n.cue} … {n.predicate}" if n.cue != n.predicate else n.cue
            other = aff_other[n.key]
            # A negated noun ("no troops") is a weaker alignment than a negated verb.
            align = 0.8 if len(negs) == 1 else 0.65
            va, vb = (neg_text, other) if negated_side == "a" else (other, neg_text)
            conflicts.append(
                SlotConflict(
                    kind="negation",
                    value_a=va,
                    value_b=vb,
                    confidence=round(event * align, 3),
                    detail=(
                        f"side {negated_side} negates '{n.predicate}' ('{neg_text}') while the "
                        f"other states '{other}' without negation; confidence = event "
                        f"{event:.2f} x alignment {align:.2f}"
                    ),
                )
            )
    # Antonymous predicates ("rose" vs "fell"): reported as 'other', weaker.
    sa, sb = set(aff_a), set(aff_b)
    for pair in _ANTONYM_PAIRS:
        x, y = tuple(pair)
        for p, q in ((x, y), (y, x)):
            if p in sa and q in sb and p not in sb and q not in sa:
                align = 0.55
                conflicts.append(
                    SlotConflict(
                        kind="other",
                        value_a=aff_a[p],
                        value_b=aff_b[q],
                        confidence=round(event * align, 3),
                        detail=(
                            f"antonymous predicates '{aff_a[p]}' vs '{aff_b[q]}'; confidence = "
                            f"event {event:.2f} x alignment {align:.2f}"
                        ),
                    )
                )
    return conflicts, agreements


# ---------------------------------------------------------------------------
# compare


def compare_slots(a: Side, b: Side, event_score: float) -> tuple[list[SlotConflict], list[str]]:
    """Slot by slot, assuming one event of certainty ``event_score``."""
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    for step in (_compare_dates, _compare_numbers, _compare_entities, _compare_negation):
        c, ag = step(a, b, event_score)
        conflicts.extend(c)
        agreements.extend(ag)
    conflicts.sort(key=lambda c: -c.confidence)
    return conflicts, agreements


def decide_stance(
    *,
    same: bool,
    similarity: float,
    event_score: float,
    max_conflict: float,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> str:
    """support | contradict | related | unknown, from the pieces above."""
    if not same:
        related = event_score >= thresholds.related or similarity >= 0.6
        return "related" if related else "unknown"
    if max_conflict >= thresholds.contradict:
        return "contradict"
    if event_score >= thresholds.support:
        return "support"
    return "related"


def compare(
    a: Side, b: Side, *, similarity: float, thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Comparison:
    """Same event? Then slot by slot: conflicts (contradiction candidates) and agreements."""
    ev = event_evidence(a, b, similarity=similarity)
    decision, verdict = decide_same_event(ev, thresholds)
    result = Comparison(
        same_event=decision, event_score=ev.score, event_detail=f"{ev.explanation} -> {verdict}"
    )
    if decision:
        result.conflicts, result.agreements = compare_slots(a, b, ev.score)
    result.stance = decide_stance(
        same=decision,
        similarity=similarity,
        event_score=ev.score,
        max_conflict=max((c.confidence for c in result.conflicts), default=0.0),
        thresholds=thresholds,
    )
    return result
