"""Boilerplate filter for pasted plain-text news pages (and for trafilatura's output).

The page is cut into units (non-empty lines; hard-wrapped lines are joined back into
their paragraph). Each unit is classified by the rules in ``boilerplate_rules``; then
page-level passes decide what only context can tell:

- the first dated header line near the top is the publication date (dropped: dateline);
- a comment thread is found where it starts (a comment-widget label such as
  "11 Comments", "Leave a Reply", "Notify of", or a run of "3 days ago"/"Reply"
  stamps) and everything from there to the end is dropped as comments - only when
  some article prose comes before it, so a "12 comments" under the headline is not
  taken for the thread;
- the first heading-like line before the prose becomes the title (a breadcrumb that
  ends with it is navigation, repeats of it are dropped);
- runs of three or more short label-like lines are menus (navigation), and headline
  lists after a "Related" / "More on this topic:" label are navigation too;
- a bulleted or numbered list item between prose paragraphs is kept (unless it is in
  a menu or a related-stories list);
- remaining headings (sub-heads, kickers, widget labels) are dropped as "other".

Kept units are the prose paragraphs, whitespace-normalised inside but otherwise
unchanged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from claims.pipeline import boilerplate_rules as rules
from claims.pipeline.pubdate import find_dateline, parse_dateline
from claims.pipeline.records import Dropped

REASONS = rules.REASONS

_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_INVISIBLE = re.compile(r"[\u200b\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_BLOCK_BREAK = re.compile(r"\n[ \t\u00a0\u200b\ufeff]*\n")
_MENU_ITEM_WORDS = 4
_SAYS = re.compile(r"\b(?:says|said|wrote)\s*:\s*$", re.I)
_SPEECH = re.compile(r"\b(?:said|says|told|according\s+to|added|stated)\b|[\u201c\u201d\"]", re.I)


@dataclass
class FilterResult:
    paragraphs: list[str]
    dropped: list[Dropped] = field(default_factory=list)
    title: str = ""
    published: date | None = None
    author: str = ""


def normalize_line(line: str) -> str:
    """Collapse runs of spaces (incl. no-break spaces), drop invisible characters."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _continues(prev: str, nxt: str) -> bool:
    """Is ``nxt`` the wrapped continuation of line ``prev`` (a hard-wrapped paragraph)?"""
    if rules.ends_like_sentence(prev) or len(prev) < 50:
        return False
    if nxt[:1].islower():
        return True
    # a long line broken after an ordinary word, not a menu bar followed by a date line
    return (
        len(prev) >= 60
        and nxt[:1].isalnum()
        and (prev[-1:].islower() or prev[-1:] in ",;-\u2013")
        and not rules.BREADCRUMB_SEP.search(prev)
        and parse_dateline(nxt) is None
    )


def split_units(text: str, *, unwrap: bool = True) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n\n").replace("\x0c", "\n\n")
    units: list[str] = []
    for block in _BLOCK_BREAK.split(text):
        current = ""
        for raw in block.split("\n"):
            line = normalize_line(raw)
            if not line:
                continue
            if current and unwrap and _continues(current, line):
                current = f"{current} {line}"
                continue
            if current:
                units.append(current)
            current = line
        if current:
            units.append(current)
    return units


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def comment_start(units: list[str], reasons: list[str]) -> int | None:
    """Index where the comment thread starts (only after some prose), else None."""
    first_prose = next((i for i, r in enumerate(reasons) if r == rules.PROSE), None)
    if first_prose is None:
        return None
    start = None
    for i in range(first_prose + 1, len(units)):
        if len(rules.words(units[i])) <= 15 and rules.COMMENTS_START.match(units[i]):
            start = i
            break
    stamps = [i for i in range(first_prose + 1, len(units)) if rules.THREAD_MARK.match(units[i])]
    if len(stamps) >= 2:
        first = stamps[0]
        # the commenter's name usually sits just above the first stamp (unless it is in it)
        for _ in range(0 if _SAYS.search(units[first]) else 2):
            prev = first - 1
            if prev <= first_prose or reasons[prev] == rules.PROSE:
                break
            if len(rules.words(units[prev])) > _MENU_ITEM_WORDS:
                break
            first = prev
        start = first if start is None else min(start, first)
    return start


def _pick_title(units: list[str], reasons: list[str]) -> int | None:
    """The headline: a heading-like line above the first real paragraph.

    Preference among lines of 5+ words (site names and section labels are shorter): one
    repeated on the page (headlines often are), then the first; else the first of 2+.
    """
    first_prose = next(
        (i for i, r in enumerate(reasons) if r == rules.PROSE and len(rules.words(units[i])) >= 12),
        len(units),
    )
    candidates = []
    for i in range(first_prose):
        if reasons[i] != rules.HEADING:
            continue
        unit = units[i]
        if any(
            j != i and reasons[j] == rules.HEADING and len(units[j]) < len(unit)
            and unit.endswith(units[j]) and len(rules.words(units[j])) >= 2
            for j in range(first_prose)
        ):
            reasons[i] = "navigation"  # "Home Breaking News <title>"
            continue
        starts_well = unit[:1].isupper() or unit[:1].isdigit() or unit[:1] in "\"'\u201c\u2018"
        if len(rules.words(unit)) >= 2 and starts_well and not rules.is_all_caps(unit):
            candidates.append(i)
    if not candidates:
        return None
    keys = [_key(u) for u in units]
    long_ones = [i for i in candidates if len(rules.words(units[i])) >= 5]
    for i in long_ones:
        if keys.count(keys[i]) >= 2:
            return i
    return long_ones[0] if long_ones else candidates[0]


def _mark_menus(units: list[str], reasons: list[str], keep: int | None) -> None:
    """Runs of >= 3 short label lines (headings or navigation) are menus."""
    run: list[int] = []

    def flush() -> None:
        if len(run) >= 3:
            for j in run:
                if j != keep:
                    reasons[j] = "navigation"
        run.clear()

    for i, unit in enumerate(units):
        short = len(rules.words(unit)) <= _MENU_ITEM_WORDS
        if short and reasons[i] in (rules.HEADING, "navigation", "other"):
            run.append(i)
        else:
            flush()
    flush()


def _mark_related_lists(units: list[str], reasons: list[str]) -> None:
    in_list = False
    for i, unit in enumerate(units):
        if reasons[i] == "navigation" and (rules.RELATED.match(unit) or unit.endswith(":")):
            in_list = True
        elif reasons[i] == rules.PROSE:
            in_list = False
        elif in_list and reasons[i] == rules.HEADING:
            reasons[i] = "navigation"


def _is_title_case(text: str) -> bool:
    ws = [w for w in rules.words(text) if w[:1].isalpha()]
    return bool(ws) and sum(1 for w in ws if w[:1].isupper()) / len(ws) >= 0.6


def _promote_body_sentences(units: list[str], reasons: list[str]) -> None:
    """In the body, a sentence that lost its full stop is prose, not a sub-heading.

    Only between prose paragraphs (above them, "Minister says talks will go on" is a
    headline; below them, lines are usually links to other stories) and only for lines
    that read like a sentence: not Title Case, and 8+ words or attributed speech.
    """
    prose = [i for i, r in enumerate(reasons) if r == rules.PROSE]
    if not prose:
        return
    for i in range(prose[0] + 1, prose[-1]):
        unit = units[i]
        if reasons[i] == rules.HEADING and not _is_title_case(unit):
            n = len(rules.words(unit))
            if n >= 8 or (n >= 5 and _SPEECH.search(unit)):
                reasons[i] = rules.PROSE


_BULLET = re.compile(r"^\s*(?:[-\u2013\u2022\u25aa\u25cf*\u00b7]|\(?\d{1,2}[.)]|[a-z][.)])\s+\S")


def _keep_body_list_items(units: list[str], reasons: list[str]) -> None:
    """A bulleted or numbered list item between prose paragraphs is article text."""
    prose = [i for i, r in enumerate(reasons) if r == rules.PROSE]
    if not prose:
        return
    for i in range(prose[0] + 1, prose[-1]):
        if reasons[i] == rules.HEADING and _BULLET.match(units[i]):
            reasons[i] = rules.PROSE


def filter_text(
    text: str, *, unwrap: bool = True, find_date: bool = True, known_title: str = ""
) -> FilterResult:
    """Split a pasted page into kept prose paragraphs and dropped boilerplate."""
    units = split_units(text, unwrap=unwrap)
    reasons = [rules.classify(u) for u in units]
    published = None
    if find_date:
        found = find_dateline(units)
        if found is not None:
            published = found[1]
            reasons[found[0]] = "dateline"
    first_prose = next((i for i, r in enumerate(reasons) if r == rules.PROSE), len(units))
    for i in range(first_prose):
        if len(rules.words(units[i])) <= 15 and rules.COMMENTS_START.match(units[i]):
            reasons[i] = "comments"
    cut = comment_start(units, reasons)
    if cut is not None:
        reasons[cut:] = ["comments"] * (len(units) - cut)

    _promote_body_sentences(units, reasons)
    if rules.PROSE not in reasons:
        # Nothing reads like a paragraph (a pasted headline or a one-line claim without a
        # full stop): keep the heading-like lines rather than return an empty page.
        for i, unit in enumerate(units):
            if reasons[i] == rules.HEADING and len(rules.words(unit)) >= 4:
                reasons[i] = rules.PROSE
    title = known_title.strip()
    title_idx = None if title else _pick_title(units, reasons)
    if title_idx is not None:
        title = units[title_idx]
    _mark_menus(units, reasons, title_idx)
    _mark_related_lists(units, reasons)
    _keep_body_list_items(units, reasons)

    result = FilterResult(paragraphs=[], title=title, published=published)
    title_key = _key(title)
    seen: set[str] = set()
    for i, (unit, reason) in enumerate(zip(units, reasons, strict=True)):
        if i == title_idx:
            continue
        key = _key(unit)
        if reason == rules.PROSE:
            if key in seen or (title_key and key == title_key):
                result.dropped.append(Dropped(text=unit, reason="other"))
                continue
            seen.add(key)
            result.paragraphs.append(unit)
            continue
        if reason == rules.HEADING:
            reason = "other"
        if reason == "byline" and not result.author:
            result.author = rules.byline_name(unit) or ""
        result.dropped.append(Dropped(text=unit, reason=reason))
    return result
