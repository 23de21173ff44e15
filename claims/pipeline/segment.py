"""Split cleaned text into sentences with exact character offsets.

A rule-based segmenter (regular expressions plus an abbreviation list) rather than
pysbd: pysbd alone was slower than the whole extraction budget per core, and its
char spans are found by re-searching the text (``bench/extraction.py`` prints the
rate).

Rules:
- never split across a paragraph break (blank line), nor across a line break that
  ends a line without continuing it (next line not starting lower-case);
- a boundary is ``.``, ``!``, ``?`` or ``…`` (plus closing quotes/brackets), then
  whitespace, then something that can start a sentence (not a lower-case letter);
- no boundary after titles (Mr., Dr., Gen.), single initials (George W. Bush),
  month abbreviations or "No." before a number, "e.g."/"i.e."/"vs.";
- after dotted acronyms (U.S., U.N.) and company/etc. abbreviations, a boundary only
  when the next word is a usual sentence opener ("The", "He", "But" ...);
- decimals (3.5) and numbers (1,200.50) never split: no whitespace after the dot;
- Chinese and Japanese sentences end at the full-width ``。``, ``！``, ``？`` (maybe
  followed by a closing bracket or quote ``」``), with or without a space after.
"""

from __future__ import annotations

import re

from claims.pipeline.records import Sentence

_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v\u00a0]*\n\s*")
_LINE = re.compile(r"[^\n]+")
_CANDIDATE = re.compile(
    r"(?:[.!?\u2026]+|\.\.\.)[\"'\u201d\u2019\u00bb)\]]*(?=\s+\S)"
    # Chinese/Japanese full stop, exclamation and question marks: no space follows them
    r"|[\u3002\uff01\uff1f]+[\u300d\u300f\uff09\u201d\u2019\"')\]]*(?=\s*\S)"
)
_CJK_END = frozenset("\u3002\uff01\uff1f")
_WORD_BEFORE = re.compile(r"([\w.'\u2019-]*)$")

# Never a sentence end when followed by anything: titles and similar.
_ALWAYS = frozenset(
    """mr mrs ms mssrs messrs dr prof sr jr st gen col lt sgt capt cpt cmdr adm maj brig
    gov sen rep reps rev hon pres supt insp det atty mt ft fr sgt cpl pvt
    vs v e.g i.e cf viz al approx ca dept univ assn bros est fig figs vol vols pp
    ave blvd rd hwy""".split()
)
# Sentence end only when the next word is a usual sentence opener.
_AMBIGUOUS = frozenset("etc inc ltd co corp llc plc bhd jr sr".split())
# Not a sentence end when followed by a number ("Jan. 5", "No. 10", "Art. 5").
_BEFORE_NUMBER = frozenset(
    """jan feb mar apr jun jul aug sep sept oct nov dec no nos art arts sec ch p op
    para nr""".split()
)
_OPENERS = frozenset(
    """the a an he she it they we i you his her its their our my this that these those
    there then but and so yet however meanwhile in on at for as after before when while
    if since although though still also according officials some many most one two
    what why how who where mr mrs ms dr president""".split()
)
_DOTTED_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$")
_INITIAL = re.compile(r"^[A-Z]\.$")
_NUMBERED = re.compile(r"^\(?\d{1,3}[.)]$")


def _next_word(text: str, pos: int) -> str:
    match = re.match(r"\s*[\"'\u201c\u2018(\[]*([\w'\u2019-]+)", text[pos:pos + 60])
    return match.group(1) if match else ""


def _is_boundary(text: str, start: int, end: int, para_start: int) -> bool:
    """Is the punctuation run text[start:end] (ending a candidate) a sentence end?"""
    after = text[end:end + 40].lstrip()
    if not after:
        return True
    first = after[0]
    if first.islower():
        return False
    if text[start] in _CJK_END:
        # 「…。」と言った: a quote closed and continued by a particle is not a sentence end
        return not (text[end - 1] in "\u300d\u300f" and "\u3040" <= first <= "\u309f")
    if text[start] in "!?\u2026" or text[start:start + 3] == "...":
        return True
    word = _WORD_BEFORE.search(text, max(para_start, start - 40), start).group(1) + "."
    bare = word.rstrip(".").lower().lstrip("'\u2019-")
    nxt = _next_word(text, end)
    if _NUMBERED.match(word) and text[para_start:start - len(word) + 1].strip() == "":
        return False  # "1. First item"
    if _INITIAL.match(word):
        return False
    if bare in _ALWAYS:
        return False
    if bare in _BEFORE_NUMBER and nxt[:1].isdigit():
        return False
    if bare in _AMBIGUOUS or _DOTTED_ACRONYM.match(word):
        return nxt.lower() in _OPENERS
    return True


def _segment_line(text: str, start: int, end: int, out: list[Sentence]) -> None:
    sent_start = start
    for match in _CANDIDATE.finditer(text, start, end):
        if match.end() >= end:
            break
        if _is_boundary(text, match.start(), match.end(), start):
            _emit(text, sent_start, match.end(), out)
            sent_start = match.end()
    _emit(text, sent_start, end, out)


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(text=text[start:end], start=start, end=end))


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    pos = 0
    for brk in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, brk.start()))
        pos = brk.end()
    spans.append((pos, len(text)))
    return spans


def _blocks(text: str) -> list[tuple[int, int]]:
    """Spans that sentences never cross: paragraphs, and lines that are not wrapped."""
    spans: list[tuple[int, int]] = []
    for para_start, para_end in _paragraph_spans(text):
        if "\n" not in text[para_start:para_end]:
            spans.append((para_start, para_end))
            continue
        cur_start: int | None = None
        cur_end = 0
        for line in _LINE.finditer(text, para_start, para_end):
            if cur_start is None:
                cur_start, cur_end = line.start(), line.end()
                continue
            if line.group().lstrip()[:1].islower():  # a wrapped line continues the previous
                cur_end = line.end()
            else:
                spans.append((cur_start, cur_end))
                cur_start, cur_end = line.start(), line.end()
        if cur_start is not None:
            spans.append((cur_start, cur_end))
    return spans


def segment(text: str) -> list[Sentence]:
    """Sentences of ``text`` with offsets: text[s.start:s.end] == s.text (stripped)."""
    out: list[Sentence] = []
    for start, end in _blocks(text):
        _segment_line(text, start, end, out)
    return out
