"""Numbers: which quantities a side states, their qualifiers and units, conflicts."""

from __future__ import annotations

from claims.pipeline.compare.records import Side, SlotConflict
from claims.pipeline.compare.spans import context, overlap, span, words_before
from claims.pipeline.negation import STOPWORDS, stem, tokens

_APPROX = frozenset(
    "about around approximately roughly nearly almost some estimated est circa ca "
    "approx close ~".split()
)
_LOWER_BOUND = frozenset({"over", "more", "above", "least", "exceeding", "exceeds", "beyond"})
_UPPER_BOUND = frozenset({"under", "less", "fewer", "below", "most", "up", "within"})
_EXACT_TOL = 0.05
_APPROX_TOL = 0.15


def _qualifier(side: Side, q: dict) -> str:
    s, _ = span(side, q)
    before = set(words_before(side, s, 3))
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
    s, e = span(side, q)
    for d in side.dates:
        ds, de = span(side, d)
        if ds >= 0 and s >= 0 and ds <= s and e <= de:
            return True
    return False


def slot_numbers(side: Side) -> list[dict]:
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


def norm_unit(u: str) -> str:
    u = (u or "").lower().strip()
    return {"%": "percent", "per cent": "percent", "pc": "percent", "$": "usd"}.get(u, u)


_MAGNITUDES = frozenset({"million", "billion", "thousand", "hundred", "trillion", "bn", "m", "k"})


def _counted_noun(side: Side, q: dict) -> str | None:
    """The noun a number counts: "40 people" -> "people"; None if nothing follows directly."""
    _, e = span(side, q)
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


def compare_numbers(a: Side, b: Side, event: float) -> tuple[list[SlotConflict], list[str]]:
    conflicts: list[SlotConflict] = []
    agreements: list[str] = []
    nb_list = slot_numbers(b)
    na_list = slot_numbers(a)
    for qa in na_list:
        ua = norm_unit(qa.get("unit", ""))
        ctx_a = context(a, qa, left=5, right=5)
        noun_a = _counted_noun(a, qa)
        best = None
        for qb in nb_list:
            if norm_unit(qb.get("unit", "")) != ua:
                continue
            noun_b = _counted_noun(b, qb)
            if noun_a and noun_b and noun_a != noun_b:
                continue  # "40 people" and "900 houses" count different things
            ctx = overlap(ctx_a, context(b, qb, left=5, right=5))
            if noun_a and noun_a == noun_b:
                ctx = max(ctx, 0.75)
            if best is None or ctx > best[0]:
                best = (ctx, qb)
        if best is None:
            continue
        ctx, qb = best
        only_pair = (
            bool(ua)
            and sum(norm_unit(q.get("unit", "")) == ua for q in na_list) == 1
            and sum(norm_unit(q.get("unit", "")) == ua for q in nb_list) == 1
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
        shared = sorted(ctx_a & context(b, qb, left=5, right=5)) or ["(only such quantity)"]
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
