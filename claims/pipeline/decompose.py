"""Sentences -> atomic, self-contained claims.

``decompose(sentences, published=...)`` applies, per sentence and in this order:

1. **Attribution** is separated from content: "Lavrov said that Russia supported X"
   -> claim "Russia supported X", attribution "Lavrov"; also "X claimed ...",
   "X told reporters ...", trailing "..., X said." / "..., says X", and
   "according to Interfax" anywhere in the sentence.
2. **Independent clauses** joined by ";", ", and", ", but", "while", "whereas",
   "– and" are split when both sides are full clauses (a subject and a finite verb).
   A pronoun opening the second clause ("they", "their") takes the first clause's
   named subject.
3. **Lists after a preposition** are split: "in Syria, Libya and the Caucasus" ->
   one claim each. Only lists of capitalised names are split ("between" and
   "among" lists are relations, not lists, and are left whole).
4. **Pronouns** are resolved from the previous sentences (``coref.py``).
5. **Relative time** is rewritten as absolute: "today" -> "on 17 December 2016",
   "on Friday" -> "on Friday 19 March 2021", "last December" -> "in December 2016".

Questions are kept whole (check-worthiness scores them low). A split that would
leave a part of fewer than three words is not made.
"""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.coref import resolve_pronouns
from claims.pipeline.entities import extract_entities
from claims.pipeline.records import AtomicClaim, Entity, Sentence, TimeExpr
from claims.pipeline.temporal import MONTH_NAMES, extract_dates, format_day

_VERBS = (
    r"said|says|claimed|claims|stated|states|announced|announces|added|adds|noted|notes"
    r"|argued|argues|insisted|insists|reported|reports|revealed|reveals|wrote|writes"
    r"|warned|warns|confirmed|confirms|denied|denies|alleged|alleges|stressed|stresses"
    r"|emphasi[sz]ed|underlined|explained|explains|tweeted|believes|told\s+(?:[A-Z][\w’'-]*"
    r"(?:\s+[A-Z][\w’'-]*)*|reporters|journalists|the\s+[a-z]+(?:\s+[a-z]+)?|a\s+[a-z]+"
    r"(?:\s+[a-z]+)?|[a-z]+)"
)
_SRC_WORD = r"(?:[A-Z][\w’'.-]*|[a-z][\w’'-]*)"
_LEAD_ATTR_RE = re.compile(
    rf"^(?P<src>{_SRC_WORD}(?:\s+{_SRC_WORD}){{0,7}}?)\s+(?:has\s+|had\s+|also\s+)*"
    rf"(?P<verb>{_VERBS})(?:\s+(?:on|in|at|during)\s+[A-Z][\w ]{{1,25}}?)?"
    r"(?P<sep>\s+that\b|\s*:|,)?\s+(?P<content>\S.*)$",
    re.DOTALL,
)
_APPOSITIVE_ATTR_RE = re.compile(
    r"^(?P<src>[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}),\s+[^,“”\"]{3,90},\s+"
    rf"(?:also\s+)?(?P<verb>{_VERBS})(?P<sep>\s+that\b|\s*:|,)?\s+(?P<content>\S.*)$",
    re.DOTALL,
)
# content that cannot stand without the speaker's sentence ("He said it was productive")
_NOT_SELF_CONTAINED_RE = re.compile(r"(?:it|this|that|they|he|she|there)\b", re.IGNORECASE)
_TRAIL_ATTR_RE = re.compile(
    rf"(?P<punct>,[”\"’]?|[”\"’],?)\s+(?P<src>{_SRC_WORD}(?:\s+{_SRC_WORD}){{0,7}}?)\s+"
    rf"(?:also\s+)?(?P<verb>{_VERBS})\b(?P<rest>[^”\"“]*)$"
)
_TRAIL_SAYS_RE = re.compile(
    r"(?P<punct>,[”\"’]?|[”\"’],?)\s+(?:says|said|according to)\s+"
    r"(?P<src>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,5})(?P<rest>[^”\"“]*)$"
)
_ACCORDING_RE = re.compile(
    r",?\s*\b[Aa]ccording to\s+(?P<src>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,5}"
    r"|(?:the\s+)?(?:[a-z]+\s+)?reports?|(?:the\s+)?(?:[a-z]+\s+)?sources?)\s*,?"
)
_BAD_SRC = frozenset(
    """it this that there which what who these those one some many it's here what's""".split()
)
_SRC_BAD_START = frozenset(
    """in on at for with from by as after before during also other some many most all any
    if when while because although though since until unless so then now however meanwhile
    but and or yet still even just only maybe perhaps""".split()
)
_SUBJECT_PRONOUNS = frozenset("he she they it".split())
_CLAUSE_SPLIT_RE = re.compile(
    r"\s*;\s+|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+|\s+[–—-]\s+and\s+"
)
_AUX_RE = re.compile(
    r"\b(?:is|are|was|were|has|have|had|will|would|can|could|should|may|might|must|does|do"
    r"|did|wants?|seeks?|works?|says|said|gets?|got|takes?|took|makes?|made|goes|went"
    r"|comes?|came|gives?|gave|shows?|needs?|remains?|keeps?|holds?|held|leads?|led"
    r"|sees?|saw|knows?|knew|thinks?|thought|believes?|supports?|occupies|controls?"
    r"|[a-z]{3,}ed)\b"
)
_PRONOUN_VERB_RE = re.compile(r"(?:he|she|they|it|we|i)\s+[a-z]{3,}\b", re.IGNORECASE)
_NAMED_SUBJECT_VERB_RE = re.compile(
    r"(?:the\s+)?[A-Z][\w’'-]*(?:(?:\s+|,\s+|,?\s+and\s+)[A-Z][\w’'-]*)*\s+"
    r"(?!(?:of|in|on|at|for|with|and|or|to|from|by|as|the|a|an|who|which|that)\b)[a-z]{3,}\b"
)
_SUBJECT_START_RE = re.compile(
    r"^(?:[A-Z“\"‘]|(?:he|she|they|it|we|i|you|the|a|an|their|its|his|her|this|these|those"
    r"|some|many|most|all|both|each|no|there)\b)"
)
_LIST_RE = re.compile(
    r"^(?P<pre>.*?\b(?:in|to|with|across|against|into|from|for|at|on|over|including|like))\s+"
    r"(?P<items>(?P<item>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
    r"(?:,\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})*,?\s+and\s+"
    r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})(?P<post>(?:[\s,.;:].*)?)$",
    re.DOTALL,
)
_ITEM_SPLIT_RE = re.compile(r",\s+and\s+|,\s+|\s+and\s+")
_PREP_BEFORE_RE = re.compile(
    r"(?:\b(?:in|since|by|until|till|from|to|of|during|before|after|through|as of)|on)\s+$",
    re.IGNORECASE,
)
_LEAD_CONJ_RE = re.compile(r"^(?:and|but|while|whereas|so|yet)\s+", re.IGNORECASE)


def _words(s: str) -> int:
    return len(s.split())


def is_clause(s: str) -> bool:
    """A rough test for a full clause: a subject-like start and a finite verb."""
    s = s.strip()
    if _words(s) < 3 or not _SUBJECT_START_RE.match(s):
        return False
    return bool(_AUX_RE.search(s) or _PRONOUN_VERB_RE.match(s) or _NAMED_SUBJECT_VERB_RE.match(s))


def _in_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _src_ok(src: str) -> bool:
    first = src.split()[0].lower()
    if first in _BAD_SRC or first in _SRC_BAD_START:
        return False
    if first in _SUBJECT_PRONOUNS or first in ("sources", "officials", "reports", "analysts"):
        return True
    return any(w[0].isupper() for w in src.split())


def split_attribution(text: str) -> tuple[str, str]:
    """(attribution, content); attribution is "" when there is none."""
    attribution = ""
    m = _ACCORDING_RE.search(text)
    if m and not _in_quotes(text, m.start()):
        attribution = m["src"]
        rest = (text[: m.start()] + " " + text[m.end() :]).strip()
        text = re.sub(r"\s+([,.;:])", r"\1", re.sub(r"\s{2,}", " ", rest))
        return attribution, text
    m = _APPOSITIVE_ATTR_RE.match(text) or _LEAD_ATTR_RE.match(text)
    if (
        m
        and _src_ok(m["src"])
        and is_clause(m["content"])
        and not text.startswith(("“", '"'))
        and not (m["sep"] is None and _NOT_SELF_CONTAINED_RE.match(m["content"]))
    ):
        src = m["src"]
        if _words(src) <= 8 and not _AUX_RE.search(src.replace(m["verb"], "")):
            return src, m["content"]
    for rx in (_TRAIL_ATTR_RE, _TRAIL_SAYS_RE):
        m = rx.search(text)
        if m and _src_ok(m["src"]):
            content = text[: m.start()] + m["punct"].replace(",", "")
            if _words(content) >= 3 and not _AUX_RE.search(m["src"]):
                return m["src"].strip(), content
    return attribution, text


def _unquote(s: str) -> str:
    s = s.strip()
    if len(s) > 2 and s[0] in '“"' and s.count(s[0]) == 1 and s[-1] in '”"':
        s = s[1:-1].strip()
    s = re.sub(r"[,;:]\s*$", "", s)
    if s.endswith("”") and "“" not in s:
        s = s[:-1].rstrip(" ,")  # the quote opened in an earlier sentence
    if s.startswith("“") and "”" not in s:
        s = s[1:].lstrip()
    return s


def _finish(s: str) -> str:
    s = _LEAD_CONJ_RE.sub("", s.strip())
    s = re.sub(r"^(?:Meanwhile|However|Moreover|Furthermore|Also|Still),?\s+", "", s)
    s = re.sub(r"[,;:–—-]\s*$", "", s).strip()
    if not s:
        return s
    if s[0].islower():
        s = s[0].upper() + s[1:]
    if s[-1] not in '.!?”"’)':
        s += "."
    return s


def _leading_subject(clause: str, ents: list[Entity]) -> str | None:
    """The named subject a clause starts with: an entity or a coordination of entities."""
    lead = clause.lstrip()
    off = len(clause) - len(lead)
    named = [e for e in ents if e.label in ("GPE", "ORG", "PERSON", "NORP")]
    if not named or named[0].start != off:
        return None
    end = named[0].end
    for e in named[1:]:
        gap = clause[end : e.start]
        if gap in (", ", " and ", ", and "):
            end = e.end
        else:
            break
    return clause[off:end]


def split_clauses(text: str) -> list[str]:
    """Independent clauses; the text itself when it is not clearly several."""
    parts: list[str] = []
    pos = 0
    for m in _CLAUSE_SPLIT_RE.finditer(text):
        if _in_quotes(text, m.start()):
            continue
        left = text[pos : m.start()]
        right = text[m.end() :]
        nxt = _CLAUSE_SPLIT_RE.search(right)
        right_part = right[: nxt.start()] if nxt else right
        if is_clause(left) and is_clause(right_part):
            parts.append(left)
            pos = m.end()
    parts.append(text[pos:])
    return parts


def split_list(clause: str) -> list[str]:
    """'They work in Syria, Libya and the Caucasus' -> one clause per place."""
    m = _LIST_RE.match(clause)
    if not m or re.search(r"\b(?:between|among|amongst)\s*$", m["pre"]):
        return [clause]
    items = [i.strip() for i in _ITEM_SPLIT_RE.split(m["items"]) if i.strip()]
    if len(items) < 2 or any(_words(i) > 4 for i in items):
        return [clause]
    if not is_clause(m["pre"] + " x"):
        return [clause]
    post = m["post"] or ""
    return [f"{m['pre']} {item}{post}" for item in items]


def _render(expr: TimeExpr) -> str:
    v = expr.value.split("/")[0]
    d = date.fromisoformat(expr.start_date)
    if len(v) == 10:
        return format_day(date.fromisoformat(v))
    if len(v) == 7:
        return f"{MONTH_NAMES[int(v[5:7])]} {v[:4]}"
    return v if len(v) == 4 else format_day(d)


def absolutise(text: str, published: date | None) -> str:
    """Rewrite relative time expressions in ``text`` as absolute ones."""
    if published is None:
        return text
    exprs = extract_dates(text, reference=published)
    if not any(e.relative for e in exprs):
        return text
    out = text
    for k in range(len(exprs) - 1, -1, -1):
        e = exprs[k]
        if not e.relative:
            continue
        if any(
            not x.relative and (0 <= x.start - e.end <= 12 or 0 <= e.start - x.end <= 12)
            for x in exprs
        ):
            continue  # "today Saturday 17th December 2017": keep what was written
        low = e.text.lower()
        if low.endswith(" ago") and re.search(
            r"\b(?:more than|over|almost|nearly|about|around|some|less than|under)\s+$",
            out[: e.start],
        ):
            continue  # "more than a decade ago" is not "in 2013"
        has_prep = bool(_PREP_BEFORE_RE.search(out[: e.start]))
        if e.granularity == "range":
            if low.startswith("since"):
                rep = "since " + _render(e)
            elif e.end_date and e.value.count("-") >= 4:  # a week
                lo = date.fromisoformat(e.start_date)
                rep = ("" if has_prep else "in ") + f"the week of {format_day(lo)}"
            else:
                continue
        elif e.weekday:
            d = date.fromisoformat(e.start_date)
            rep = ("" if has_prep else "on ") + f"{e.weekday} {format_day(d)}"
        elif e.granularity == "day" and re.match(r"[A-Z][a-z]+\.? \d", e.text):
            rep = f"{e.text}, {e.start_date[:4]}"  # "January 31" -> "January 31, 2023"
        elif e.granularity == "day":
            rep = ("" if has_prep else "on ") + _render(e)
        elif e.granularity == "month":
            rep = ("" if has_prep else "in ") + _render(e)
        else:
            rep = ("" if has_prep else "in ") + _render(e)
        if e.start == 0 or out[: e.start].rstrip().endswith((".", "“", '"')):
            rep = rep[0].upper() + rep[1:]
        out = out[: e.start] + rep + out[e.end :]
    return out


def _sentence_claims(
    sent: Sentence,
    context: list[str],
    ctx_ents: list[list[Entity]],
    published: date | None,
) -> list[AtomicClaim]:
    text = " ".join(sent.text.split())
    if _words(text) < 3 or not re.search(r"[A-Za-z]", text):
        return []
    if text.rstrip('”"’ ').endswith("?"):
        resolved = resolve_pronouns(text, context=context, entities_so_far=ctx_ents)
        return [AtomicClaim(absolutise(resolved, published), sent)]
    attribution, content = split_attribution(text)
    if attribution and attribution.split()[0].lower() in _SUBJECT_PRONOUNS:
        attribution = resolve_pronouns(attribution, context=context, entities_so_far=ctx_ents)
    content = _unquote(content)
    claims: list[AtomicClaim] = []
    clauses = split_clauses(content)
    subject = None
    for ci, clause in enumerate(clauses):
        clause = clause.strip()
        if ci == 0:
            clause = resolve_pronouns(clause, context=context, entities_so_far=ctx_ents)
            subject = _leading_subject(clause, extract_entities(clause)) or None
        elif subject:
            clause = re.sub(r"^(?:they|he|she|it)\b", subject, clause, flags=re.IGNORECASE)
            clause = re.sub(r"^(?:their|his|her|its)\b", subject + "’s", clause,
                            flags=re.IGNORECASE)  # fmt: skip
        else:
            clause = resolve_pronouns(clause, context=context, entities_so_far=ctx_ents)
        if attribution and re.match(r"(?:he|she)\b", clause, re.IGNORECASE):
            if attribution.split()[0].lower() not in _SUBJECT_PRONOUNS:
                clause = re.sub(r"^(?:he|she)\b", attribution, clause, flags=re.IGNORECASE)
        for piece in split_list(clause):
            final = _finish(absolutise(piece, published))
            if _words(final) >= 3:
                claims.append(AtomicClaim(final, sent, attribution))
    if not claims:
        claims.append(AtomicClaim(_finish(absolutise(text, published)), sent, attribution))
    return claims


def decompose(sentences: list[Sentence], *, published: date | None) -> list[AtomicClaim]:
    """Atomic claims of ``sentences`` in order; each keeps its source sentence."""
    out: list[AtomicClaim] = []
    ents: list[list[Entity]] = []
    people: set[str] = set()
    for i, sent in enumerate(sentences):
        own = extract_entities(sent.text, known_people=people)
        people.update(e.text for e in own if e.label == "PERSON")
        lo = max(0, i - 4)
        context = [s.text for s in sentences[lo:i]]
        out.extend(_sentence_claims(sent, context, ents[lo:i], published))
        ents.append(own)
    return out
