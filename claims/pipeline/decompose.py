"""Sentences -> atomic, self-contained claims, built by recorded edits of the sentence.

The verbatim sentence (``Sentence.text`` as segmented) is the truth. Each claim
starts as a :class:`edits.Draft` of it, and every step changes the draft only by
keeping, dropping or replacing spans, each change recorded as an
:class:`edits.Edit` (span in the sentence, original words, replacement, reason).
So for every claim ``apply_edits(sentence.text, claim.edits) == claim.text``, and
undoing the edits gives the sentence back. Per sentence, in this order:

0. **Spacing**: line breaks and runs of spaces become one space ("spacing").
1. **Fragments** are not claims: four words or fewer, or no finite verb, or a
   teaser-list item ("- ...") that is not a full clause: no claim at all.
2. **Attribution** is separated from content ("attribution"): "Lavrov said that
   X" -> "X"; trailing "..., X said." / "..., says X"; a mid-sentence "The cells,
   she said, are rare" keeps all its content; "according to Interfax" anywhere,
   up to the end of its noun phrase ("according to the Acme Facts report"), never
   eating a word after it. An attribution followed by more content ("..., he said,
   adding that Y") is not split at all: splitting never drops content.
3. **Independent clauses** joined by ";", ", and", ", but", "while", "whereas",
   "– and" are split when both sides are full clauses ("clause_split"); not after
   a subordinate opening ("If ...", "When ..."). A pronoun opening the second
   clause takes the first clause's named subject when they agree in kind.
4. **Lists after a place-like preposition** ("in", "to", "across", "into",
   "including", "at", "throughout") are split ("list_split") only into complete
   claims: never "with" / "between" / "among" lists (relations), never when the
   list runs on into a noun ("Smith and York universities").
5. **Pronouns** ("pronoun") are replaced only when certain (``coref``: one
   compatible candidate, subject position); otherwise an annotation.
6. **Relative dates** ("relative_date") are rewritten only when certain: the
   ``TimeExpr`` says so *and* the kind of expression allows it (see
   :func:`date_decision`). Everything else stays as written, with an annotation.
7. **Finish**: a linking word at the start dropped ("connective"), stray
   quotation marks ("quote") and trailing punctuation ("punctuation") dropped,
   first letter capitalised ("capitalisation"), full stop added ("full_stop").

Words inside quotation marks are the speaker's: no pronoun or date in them is
rewritten. Questions are kept whole (check-worthiness scores them low).
"""

from __future__ import annotations

import re
from datetime import date

from claims.pipeline.coref import pronoun_resolutions
from claims.pipeline.edits import Annotation, Draft, apply_edits
from claims.pipeline.entities import extract_entities
from claims.pipeline.records import AtomicClaim, Entity, Sentence, TimeExpr
from claims.pipeline.temporal import MONTH_NAMES, WEEKDAYS, extract_dates, format_day

_VERBS = (
    r"said|says|claimed|claims|stated|states|announced|announces|added|adds|noted|notes"
    r"|argued|argues|insisted|insists|reported|reports|revealed|reveals|wrote|writes"
    r"|warned|warns|confirmed|confirms|denied|denies|alleged|alleges|stressed|stresses"
    r"|emphasi[sz]ed|underlined|explained|explains|tweeted|believes|told\s+(?:[A-Z][\w’'-]*"
    r"(?:\s+[A-Z][\w’'-]*)*|reporters|journalists|the\s+[a-z]+(?:\s+[a-z]+)?|a\s+[a-z]+"
    r"(?:\s+[a-z]+)?|(?!(?:the|a|an|his|her|their|its)\b)[a-z]+)"
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
    r"(?P<punct>,[”\"’]?|[”\"’],?)\s+(?P<verb>says|said)\s+"
    r"(?P<src>(?:the\s+)?[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,5})(?P<rest>[^”\"“]*)$"
)
# what may follow a trailing attribution and go with it: "... he said in a statement."
_TAIL_OK_RE = re.compile(
    r"^(?:\s+(?:on|in|at|during|after|before|to|from|with|via|by|when|while|last|this"
    r"|earlier|later|late|early|yesterday|today|tonight|of|citing|speaking|according|as"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|[Mm]on|[Tt]ues?|[Ww]ed"
    r"|[Tt]hurs?|[Ff]ri|[Ss]at|[Ss]un)\b.*)?[\s.!?]*$",
    re.DOTALL,
)
_ACCORDING_RE = re.compile(
    r"\b[Aa]ccording to\s+(?P<src>(?:the\s+)?[A-Z][\w’'.&-]*(?:\s+[A-Z][\w’'.&-]*){0,5}"
    r"|(?:(?:the|a|an|new|recent|official|its|their)\s+)*(?:[a-z]+\s+)?(?:reports?|surveys?"
    r"|stud(?:y|ies)|polls?|analys[ie]s|statements?|data|figures|estimates?|filings?"
    r"|documents?|census|reviews?|investigations?|rankings?|sources?|officials?|experts?"
    r"|researchers?|analysts?|police|prosecutors?)\b)"
)
# a word that may follow "according to Reuters" mid-sentence without being part of the source
_AFTER_SOURCE = frozenset(
    """to that in on at for is was are were has have had will would could should may might
    the a an and which who whose it this these there he she they its their""".split()
)
_BAD_SRC = frozenset(
    """it this that there which what who these those one some many it's here what's monday
    tuesday wednesday thursday friday saturday sunday today yesterday tomorrow january
    february march april may june july august september october november december""".split()
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
_SUBORDINATE_START_RE = re.compile(
    r"^[“\"‘]?(?:if|when|whenever|unless|although|though|because|as|since|after|before|once"
    r"|until|while|whereas|even if|even though)\b",
    re.IGNORECASE,
)
# the end of "A, B, and C" before the "and": a comma and a short verbless item
_LIST_TAIL_RE = re.compile(r",\s+(?:[\w’'&.+-]+\s+){0,3}[\w’'&.+-]+$")
_SPEECH_RE = re.compile(
    r"\b(?:says?|said|claims?|claimed|reports?|reported|believes?|believed|thinks?|thought"
    r"|argues?|argued|warns?|warned|notes?|noted|adds?|added|insists?|insisted|estimates?"
    r"|estimated|expects?|expected|predicts?|predicted)\s+(?:that\b|,)"
)
# words whose scope may run on into the next clause ("would like X, while the US keeps Y")
_SCOPE_RE = re.compile(
    r"\b(?:would like|wants?|wanted|hopes?|hoped|wish(?:es|ed)?|plans? to|planned to"
    r"|proposes?|proposed|calls? for|called for|demands?|demanded|urges?|urged|if|unless"
    r"|whether|suggests?|suggested)\b",
    re.IGNORECASE,
)
# a clause opening that points back into the clause before it
_DEPENDENT_START_RE = re.compile(
    r"(?:some|many|most|all|others?|both|each|one|none|several|few|either|neither|the rest"
    r"|the other|so|such|this|that|these|those)\b(?!\s+[a-z]+(?:s|ed)\b\s+(?:is|are|was|were))",
    re.IGNORECASE,
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
# A finite verb, loosely: what a fragment ("Photo: Reuters", "The best of 2019") lacks.
_FINITE_RE = re.compile(
    r"\b(?:is|are|was|were|be|been|am|has|have|had|will|would|can|could|shall|should|may"
    r"|might|must|do|does|did|[a-z]{2,}(?:ed|es|s)|said|told|went|came|met|made|took|gave"
    r"|saw|won|lost|began|begun|held|left|ran|sent|spent|wrote|spoke|broke|fell|rose|sold"
    r"|bought|brought|thought|found|got|became|flew|kept|led|paid|felt|grew|knew|drew|hit"
    r"|fought|caught|taught|stood|put|set|cut|let|hurt|shut|cost|won|ate|drank|drove|rode"
    r"|chose|stole|swore|threw|wore|built|meant|heard|lay|laid|lent|sat|slept|sang|sank"
    r"|spun|stuck|struck|swam|swung|understood|woke|wound)\b|n[’']t\b|[’']s\b|[’'](?:re|ve|ll|d)\b"
)
# a base-form verb after a plural subject: "They cooperate", "Peru and Chile trade"
_PLURAL_VERB_RE = re.compile(
    r"\b(?:[Tt]hey|[Ww]e|[Yy]ou|I)\s+(?:[a-z]+ly\s+)?[a-z]{3,}\b"
    r"|\b[A-Z][\w’'-]*(?:,\s+[A-Z][\w’'-]*)*,?\s+and\s+(?:the\s+)?[A-Z][\w’'-]*\s+"
    r"(?!(?:of|in|on|at|for|with|and|or|to|from|by|as|the|a|an)\b)[a-z]{3,}\b"
)
_LIST_RE = re.compile(
    r"^(?P<pre>.*?\b(?:in|to|across|into|including|at|throughout))\s+"
    r"(?P<items>(?P<item>(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})"
    r"(?:,\s+(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})*,?\s+and\s+"
    r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3})(?P<post>(?:[\s,.;:].*)?)$",
    re.DOTALL,
)
_ITEM_RE = re.compile(r"(?:the\s+)?[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*){0,3}")
# what may follow a split list: the end, punctuation, or a word that starts a new phrase
_LIST_POST_OK_RE = re.compile(
    r"^(?:$|[.;!?)]|,\s+(?:and|but|while|as|after|before|when|where|according|said|says)\b"
    r"|\s+(?:in|on|at|for|since|last|this|next|to|from|by|during|after|before"
    r"|until|over|when|while|because|as|and|but|with|where|earlier|later|today|yesterday"
    r"|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|\d)\b)"
)
_LEAD_CONNECTIVE_RE = re.compile(
    r"^(?:(?:And|But|Yet|Whereas)\s+|(?:and|but|yet|whereas)\s+"
    r"|(?:Meanwhile|However|Moreover|Furthermore|Also|Still|Besides|Additionally),\s+"
    r"|Meanwhile\s+)"
)
_TEASER_RE = re.compile(r"^[-•*–]\s+")


def _words(s: str) -> int:
    return len(s.split())


def is_clause(s: str) -> bool:
    """A rough test for a full clause: a subject-like start and a finite verb."""
    s = s.strip()
    if _words(s) < 3 or not _SUBJECT_START_RE.match(s):
        return False
    if s[0] in "“\"‘" and not _SUBJECT_START_RE.match(s[1:]) or s[1:2].islower() and s[0] in "“\"‘":
        return False  # "“patched” the software": a quoted verb, no subject
    return bool(_AUX_RE.search(s) or _PRONOUN_VERB_RE.match(s) or _NAMED_SUBJECT_VERB_RE.match(s))


def is_fragment(s: str) -> bool:
    """Four words or fewer, or no finite verb: a headline, caption or label, not a claim."""
    if _words(s) <= 4:
        return True
    return not (_FINITE_RE.search(s.lower()) or _PLURAL_VERB_RE.search(s))


def _in_quotes(text: str, pos: int) -> bool:
    before = text[:pos]
    if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
        return True
    # single curly quotes; a ’ followed by a letter is an apostrophe ("don’t")
    return before.count("‘") > len(re.findall(r"’(?![A-Za-z])", before))


def _src_ok(src: str) -> bool:
    first = src.split()[0].lower()
    if first in _BAD_SRC or first in _SRC_BAD_START:
        return False
    if first in _SUBJECT_PRONOUNS or first in ("sources", "officials", "reports", "analysts"):
        return True
    return any(w[0].isupper() for w in src.split())


# --------------------------------------------------------------------------- spacing


_SPACE_RE = re.compile(r"\s+")


def _normalise_spacing(d: Draft) -> None:
    """On a fresh draft: strip, and make every run of whitespace one plain space."""
    s = d.text
    for m in reversed(list(_SPACE_RE.finditer(s))):
        a, b = m.span()
        if a == 0 or b == len(s):
            d.drop(a, b, "spacing")
        elif m.group() != " ":
            d.replace(a, b, " ", "spacing")


def _tidy_spacing(d: Draft) -> None:
    """Spaces left by drops: none at the ends or before punctuation, one elsewhere."""
    for _ in range(4):
        t = d.text
        m = re.search(r"^\s+|\s+$|\s+(?=[,.;:!?])|\s{2,}", t)
        if not m:
            return
        a, b = m.span()
        if a == 0 or b == len(t) or t[b] in ",.;:!?":
            d.drop(a, b, "spacing")
        else:
            d.drop(a + 1, b, "spacing")


# --------------------------------------------------------------------------- attribution


def _according(t: str) -> tuple[str, list[tuple[int, int]]] | None:
    m = _ACCORDING_RE.search(t)
    if not m or _in_quotes(t, m.start()):
        return None
    a, b = m.start(), m.end()
    left_comma = re.search(r",\s*$", t[:a])
    rest = t[b:]
    if not re.match(r"\s*(?:[,.;:!?”\"’)]|$)", rest):
        nxt = re.match(r"\s+([a-z][\w’'-]*)", rest)
        tail = re.match(r"((?:\s+[^\s,;:.!?“”\"]+){1,5}?)(?=\s*[.!?]?[”\"’]?\s*$)", rest)
        noun = re.match(r"((?:\s+[a-z][\w’'-]*){1,3})(?=\s*[,.;:!?]|\s*$)", rest)
        if left_comma and tail and not _FINITE_RE.search(tail.group(1).lower()):
            b += len(tail.group(1))  # ", according to reports in July."
        elif nxt and nxt.group(1) in _AFTER_SOURCE:
            pass  # "was according to Reuters to sign ...": the source ends here
        elif noun and not _FINITE_RE.search(noun.group(1).lower()):
            b += len(noun.group(1))  # "according to the Acme Facts report,"
        else:
            return None  # cannot tell where the source ends: keep the sentence whole
    lead_only = t[:a].strip(" “\"‘") == ""
    if lead_only or left_comma:  # "According to a report in the Leader, X": up to the comma
        comma = t.find(",", b)
        if comma >= 0 and t[b:comma].strip() and _words(t[b:comma]) <= 10:
            if not _FINITE_RE.search(t[b:comma].lower()):
                b = comma
        elif lead_only and comma < 0:
            return None
    if t[b - 1 : b] == "." and t[b:].strip(" ”\"’") == "":
        b -= 1  # the sentence's full stop is not part of the source's name
    src = t[m.start("src") : b].strip()
    start = left_comma.start() if left_comma else a
    end = b
    if t[end : end + 1] == ",":
        end += 1
    if start == 0 or not left_comma:
        while end < len(t) and t[end] == " ":
            end += 1
    return src, [(start, end)]


_ADVERB_TAIL_RE = re.compile(
    r"(?:\s+(?:later|instead|then|now|previously|earlier|again|once|too|reportedly|repeatedly"
    r"|publicly|privately|recently|already|subsequently|initially|originally|separately))+$"
)


def _attribution(t: str) -> tuple[str, list[tuple[int, int]]]:
    """(attribution, text spans to drop); ("", []) when there is none."""
    if "ccording to" in t:
        found = _according(t)
        if found:
            return found
    m = _APPOSITIVE_ATTR_RE.match(t) or _LEAD_ATTR_RE.match(t)
    if (
        m
        and _src_ok(m["src"])
        and is_clause(m["content"])
        and not t.startswith(("“", '"'))
        and not (m["sep"] is None and _NOT_SELF_CONTAINED_RE.match(m["content"]))
    ):
        src = _ADVERB_TAIL_RE.sub("", m["src"])  # "Noem later tweeted": the source is Noem
        if src and _words(src) <= 8 and not _AUX_RE.search(src.replace(m["verb"], "")):
            return src, [(0, m.start("content"))]
    for rx in (_TRAIL_ATTR_RE, _TRAIL_SAYS_RE):
        m = rx.search(t)
        if not m or not _src_ok(m["src"]) or _AUX_RE.search(m["src"]):
            continue
        ps, pe = m.span("punct")
        punct = m["punct"]
        rest = m["rest"]
        content = t[:ps]
        if rest.startswith(","):  # "X, she said, Y": the content goes on after the attribution
            after = rest[1:].strip()
            if rx is _TRAIL_SAYS_RE:  # "..., said Ann Lee, a scholar at X.": an appositive
                if _FINITE_RE.search(after.lower()) or punct != ",":
                    continue
                return m["src"].strip(), [(ps, len(t))]
            if punct != "," or _words(rest) < 3:
                continue
            vend = m.end("verb")
            if _PREDICATE_START_RE.match(after):  # "The cells, she said, are rare"
                return m["src"].strip(), [(ps, vend + 1)]
            return m["src"].strip(), [(ps + 1, vend + 1)]  # "At current rates, he said, the"
        if _words(content) < 3:
            continue
        if not _TAIL_OK_RE.match(rest):
            continue  # "..., he said, adding that Y": more content; keep the sentence whole
        if punct.startswith(","):
            drops = [(ps, ps + 1)]
            if len(punct) > 1:
                drops.append((ps + 2, len(t)))
            else:
                drops = [(ps, len(t))]
        else:
            drops = [(ps + 1, len(t))]
        return m["src"].strip().rstrip(".") if rest.strip() in ("", ".") else m["src"].strip(), drops
    return "", []


_PREDICATE_START_RE = re.compile(
    r"(?:is|are|was|were|has|have|had|will|would|can|could|may|might|must|should|do|does|did"
    r"|remains?|remained|seems?|seemed|[a-z]{3,}ed|[a-z]{3,}s)\b(?!\s*,)"
)


def _drop_spans(d: Draft, spans: list[tuple[int, int]], reason: str) -> None:
    for a, b in sorted(spans, reverse=True):
        d.drop(a, b, reason)


def split_attribution(text: str) -> tuple[str, str]:
    """(attribution, content); attribution is "" when there is none."""
    d = Draft(" ".join(text.split()))
    attribution, spans = _attribution(d.text)
    _drop_spans(d, spans, "attribution")
    return attribution, d.text.strip()


def _unquote(d: Draft) -> None:
    t = d.text
    s = t.strip()
    lead = len(t) - len(t.lstrip())
    if len(s) > 2 and s[0] in "“" and s.count("“") == 1 and s[-1] == "”" and s.count("”") == 1:
        d.drop(lead + len(s) - 1, lead + len(s), "quote")
        d.drop(lead, lead + 1, "quote")
        return
    if len(s) > 2 and s[0] == '"' and s[-1] == '"' and s.count('"') == 2:
        d.drop(lead + len(s) - 1, lead + len(s), "quote")
        d.drop(lead, lead + 1, "quote")
        return
    if s.endswith("”") and "“" not in s:  # the quote opened in an earlier sentence
        d.drop(lead + len(s) - 1, lead + len(s), "quote")
    t = d.text
    s = t.strip()
    lead = len(t) - len(t.lstrip())
    if s.startswith("“") and "”" not in s:  # the quote closes in a later sentence
        d.drop(lead, lead + 1, "quote")


# --------------------------------------------------------------------------- clauses, lists


def _clause_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    if _SUBORDINATE_START_RE.match(text.strip()):
        return [(0, len(text))]
    for m in _CLAUSE_SPLIT_RE.finditer(text):
        if _in_quotes(text, m.start()) or m.start() < pos:
            continue
        left = text[pos : m.start()]
        right = text[m.end() :]
        nxt = _CLAUSE_SPLIT_RE.search(right)
        right_part = right[: nxt.start()] if nxt else right
        if _DEPENDENT_START_RE.match(right_part):
            continue  # "...; some are apps": "some" needs the first clause's noun
        if m.group().strip(" ,") == "and" and _LIST_TAIL_RE.search(left):
            continue  # "the designer, the cinematographer, and the composer": a list
        if _SPEECH_RE.search(left) or _SCOPE_RE.search(left):
            continue  # "VW says that X, and Y", "They want X, while Y": Y is in X's scope
        if is_clause(left) and is_clause(right_part):
            spans.append((pos, m.start()))
            pos = m.end()
    spans.append((pos, len(text)))
    return spans


def split_clauses(text: str) -> list[str]:
    """Independent clauses; the text itself when it is not clearly several."""
    return [text[a:b] for a, b in _clause_spans(text)]


def _list_items(clause: str) -> list[tuple[int, int]]:
    """Spans of the items of a splittable list in ``clause``; [] when it is not one."""
    m = _LIST_RE.match(clause)
    if not m:
        return []
    if re.search(r"\b(?:between|among|amongst|with)\s+(?:\S+\s+){0,2}$", m["pre"]):
        return []
    post = m["post"] or ""
    if not _LIST_POST_OK_RE.match(post):
        return []  # "Smith and York universities": the list runs on into a noun
    if not is_clause(m["pre"] + " x"):
        return []
    base = m.start("items")
    items = [(base + i.start(), base + i.end()) for i in _ITEM_RE.finditer(m["items"])]
    if not 2 <= len(items) <= 6 or any(_words(clause[a:b]) > 4 for a, b in items):
        return []
    # the items must be exactly the list: separated by ", ", " and ", ", and "
    for (_a, b), (a2, _b2) in zip(items, items[1:], strict=False):
        if clause[b:a2] not in (", ", " and ", ", and "):
            return []
    return items


def split_list(clause: str) -> list[str]:
    """'They work in Syria, Libya and the Caucasus' -> one clause per place."""
    items = _list_items(clause)
    if not items:
        return [clause]
    lo, hi = items[0][0], items[-1][1]
    return [clause[:lo] + clause[a:b] + clause[hi:] for a, b in items]


# --------------------------------------------------------------------------- dates

_PREPS = (
    r"in|on|at|since|by|until|till|from|to|of|during|before|after|through|for|over|into"
    r"|within|throughout|around|across|than|like|between|as of|as"
)
_PREP_BEFORE_RE = re.compile(rf"\b(?:{_PREPS})\s+$", re.IGNORECASE)
_FIRST_PERSON_RE = re.compile(r"\b(?:I|we|We|my|My|me|our|Our|us)\b|\bI[’'](?:m|ve|d|ll)\b")
_PART_OF_DAY_AFTER_RE = re.compile(r"\s+(?:night|morning|afternoon|evening|overnight)\b", re.I)
_DETERMINER_BEFORE_RE = re.compile(
    r"\b(?:its|his|her|their|the|a|an|this|that|every|each|one|our|my|your)\s+$", re.I
)
_APPROX_BEFORE_RE = re.compile(
    r"\b(?:more than|over|almost|nearly|about|around|some|less than|under|roughly|at least"
    r"|up to|just over|just under|approximately|close to|as many as|fewer than)\s+$",
    re.IGNORECASE,
)
_GENERIC_TODAY_BEFORE_RE = re.compile(
    r"(?:\b(?:of|than|as|even|still|until|till|like|from|for|to|and|or)\s+$"
    r"|\b(?:we|you|they|people|one|i)\s+[a-z]+\s+$)",
    re.IGNORECASE,
)
_FUTURE_EVIDENCE_RE = re.compile(
    r"\b(?:will|won[’']t|shall|going to|plans? to|planning to|(?:is|are) set to|(?:is|are) to"
    r"|(?:is|are) due|scheduled|expected to|intends? to|upcoming|tomorrow)\b|[’']ll\b",
    re.IGNORECASE,
)
_PAST_WORD_RE = re.compile(
    r"\b(?:was|were|had|did|said|told|went|came|met|made|took|gave|saw|won|lost|began|held"
    r"|left|ran|sent|spent|wrote|spoke|broke|fell|rose|sold|bought|brought|thought|found|got"
    r"|became|flew|kept|led|paid|felt|grew|knew|drew|fought|caught|stood|struck|ago|yesterday"
    r"|wasn[’']t|weren[’']t|didn[’']t|hadn[’']t)\b",
    re.IGNORECASE,
)
_ED_RE = re.compile(r"\b([A-Za-z]+)\s+([a-z]{3,}ed)\b|^([a-z]{3,}ed)\b")
_NOT_PAST_ED = frozenset(
    "need speed seed feed greed breed bleed hundred sacred naked wicked kindred shred creed "
    "weed deed bred red bed shed sled ragged rugged beloved".split()
)
# words that open a named day: never a date to rewrite ("Black Friday")
_NAMED_DAY_WORDS = frozenset(
    """Black Good Cyber Super Ash Easter Palm Holy Maundy Bloody Giving Shrove Fat Blue Manic
    Mad Travel Marathon Whit Low Mothering Orthodox Great Clean Spy Freaky Casual""".split()
)
# capitalised words before a weekday that still leave it a date ("On Friday")
_NOT_NAMED_DAY_BEFORE = frozenset(
    """On Last Next This By Until Till Since From Early Late Every Each Before After Through
    Starting Beginning And Or But Then Earlier Later Until Also""".split()
)
_REL_DAY_RE = re.compile(
    r"^(?:today|tonight|yesterday|tomorrow|this (?:morning|afternoon|evening))$", re.I
)
_REL_UNIT_RE = re.compile(
    r"^(?:(?P<adv>earlier|later) )?(?P<which>this|last|next) (?P<unit>week|month|year|weekend)$",
    re.I,
)
_WEEKDAY_ONLY_RE = re.compile(
    r"^(?:(?P<which>last|next|this) )?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday"
    r"|Sunday)$",
    re.I,
)
_MONTH_ONLY_RE = re.compile(r"^(?P<which>last|next|this) [A-Z][a-z]+$", re.I)
_SINCE_UNIT_RE = re.compile(r"^since (?:last|this) (?:year|month)$", re.I)


_CLAUSE_EDGE_RE = re.compile(
    r"[;:]|,\s+(?:and|but|while|whereas|which|who|as)\b|\s[–—]\s|\s(?:while|whereas)\s"
)


def _clause_of(text: str, start: int, end: int) -> str:
    """The clause of ``text`` around [start, end): the window tense is read from."""
    lo, hi = 0, len(text)
    for m in _CLAUSE_EDGE_RE.finditer(text):
        if m.end() <= start:
            lo = m.end()
        elif m.start() >= end:
            hi = m.start()
            break
    return text[lo:hi]


def _past_evidence(t: str) -> bool:
    if _PAST_WORD_RE.search(t):
        return True
    for m in _ED_RE.finditer(t):
        prev, word = (m.group(1) or "").lower(), (m.group(2) or m.group(3)).lower()
        if word in _NOT_PAST_ED or word.endswith("eed"):
            continue
        if prev in ("is", "are", "am", "be", "being", "’s", "'s", "get", "gets"):
            continue  # present passive: "the port is closed" says nothing of the past
        return True
    return False


def _format_month(v: str) -> str:
    return f"{MONTH_NAMES[int(v[5:7])]} {v[:4]}"


def _render_core(expr: TimeExpr, kind: str) -> tuple[str, str]:
    """(absolute words, the preposition they take) for an expression of ``kind``."""
    lo = date.fromisoformat(expr.start_date)
    low = expr.text.lower()
    if kind == "relday":
        part = ""
        if "morning" in low:
            part = "the morning of "
        elif "afternoon" in low:
            part = "the afternoon of "
        elif "evening" in low or "tonight" in low:
            part = "the evening of " if "evening" in low else "the night of "
        return part + format_day(lo), "on"
    if kind == "weekday":
        return f"{WEEKDAYS[lo.weekday()]} {format_day(lo)}", "on"
    if kind == "relunit":
        m = _REL_UNIT_RE.match(expr.text)
        unit = m["unit"].lower() if m else "year"
        if unit == "year":
            core, prep = str(lo.year), "in"
        elif unit == "month":
            core, prep = f"{MONTH_NAMES[lo.month]} {lo.year}", "in"
        elif unit == "week":
            core, prep = f"the week of {format_day(lo)}", "in"
        else:
            core, prep = f"the weekend of {format_day(lo)}", "on"
        if m and m["adv"]:  # "earlier this year" -> "earlier in 2019"
            return f"{m['adv']} {prep} {core}", ""
        return core, prep
    if kind == "month":
        return _format_month(expr.value), "in"
    if kind == "since":
        v = expr.value.split("/")[0]
        return "since " + (v if len(v) == 4 else _format_month(v)), ""
    raise ValueError(kind)


def date_decision(
    expr: TimeExpr, text: str, published: date, *, quoted: bool = False
) -> tuple[str | None, float]:
    """(replacement, confidence) for a relative ``expr`` found at its offsets in ``text``.

    The replacement is None when the words must stay as written (then the
    resolution is an annotation with the confidence); "" when the expression is
    not a date at all ("Black Friday") and gets no annotation either.

    Rewritten only when certain: ``expr.certain``, not inside quotation marks,
    not hedged ("more than two decades ago"), not glued to a prefix
    ("mid-December"), and of a kind whose resolution news prose fixes:
    today/yesterday/tomorrow said of the publication day; this/last/next
    week/month/year; "last/next December"; a weekday whose week the tense settles
    (past xor future wording); a yearless date whose written weekday settles the
    year. Never: "N years ago" (approximate), a bare month ("in May": which May?),
    a yearless date without a weekday, generic "today" ("galaxies we observe today").
    """
    before, after = text[: expr.start], text[expr.end :]
    low = expr.text.lower()
    confidence = min(expr.confidence, 0.6)
    if expr.weekday and _WEEKDAY_ONLY_RE.match(expr.text) and " " not in expr.text:
        prev = re.search(r"([A-Z][\w’'-]*)\s+$", before)
        if prev and prev.group(1) in _NAMED_DAY_WORDS:
            return "", 0.0  # "Black Friday", "Super Tuesday": a name, not a date
        if (
            prev
            and prev.group(1) not in _NOT_NAMED_DAY_BEFORE
            and not prev.group(1).endswith("on")  # "Turkeyon Friday": a lost space
        ):
            return None, min(expr.confidence, 0.5)  # "Trump Friday"? "X Friday" may be a name
    if not expr.relative or not expr.start_date:
        return None, confidence
    if quoted or not expr.certain:
        return None, confidence
    if before and (before[-1].isalnum() or before[-1] in "-–/"):
        return None, confidence  # "mid-December": the prefix belongs to the expression
    if re.match(r"[’']s\b", after) or _APPROX_BEFORE_RE.search(before):
        return None, confidence
    if re.match(r"\s*,\s*(?:who|which|where|whose)\b", after):
        return None, confidence  # the relative clause would attach to the date
    if _PART_OF_DAY_AFTER_RE.match(after) or _DETERMINER_BEFORE_RE.search(before):
        return None, confidence  # "Sunday night", "its Monday show": part of a phrase
    if _REL_DAY_RE.match(expr.text):
        kind = "relday"
        if low in ("tomorrow", "today") and re.search(r"\bof\s+$", before):
            return None, confidence  # "the cities of tomorrow"
        if low == "today":
            clause = _clause_of(text, expr.start, expr.end)
            if _GENERIC_TODAY_BEFORE_RE.search(before):
                return None, 0.4
            if not (_past_evidence(clause) or _FUTURE_EVIDENCE_RE.search(clause)):
                return None, 0.5  # present tense: the publication day or "nowadays"?
    elif _REL_UNIT_RE.match(expr.text):
        kind = "relunit"
        if before.strip(" “\"‘") == "" and re.match(r"\s+(?:is|was|has|had|will|would|saw)\b", after):
            return None, confidence  # "This year is the warmest": a subject, not an adverb
    elif _WEEKDAY_ONLY_RE.match(expr.text) and expr.weekday:
        kind = "weekday"
        if re.match(r"\s+[A-Z]", after):
            return None, confidence  # "Friday Night Lights"? a name may go on here
        which = (_WEEKDAY_ONLY_RE.match(expr.text)["which"] or "").lower()
        clause = _clause_of(text, expr.start, expr.end)
        past, future = _past_evidence(clause), bool(_FUTURE_EVIDENCE_RE.search(clause))
        d = date.fromisoformat(expr.start_date)
        if which == "last":
            pass
        elif which == "next" or (future and not past):
            if which != "next" and d <= published:
                return None, confidence
        elif past and not future:
            if d > published:
                return None, confidence
        else:
            return None, confidence  # present tense or mixed: which week is a guess
    elif expr.granularity == "day" and re.search(r"\d", expr.text) and expr.weekday:
        d = date.fromisoformat(expr.start_date)
        if WEEKDAYS[d.weekday()] != expr.weekday:
            return None, min(confidence, 0.2)  # the written weekday does not fit the guess
        return f"{expr.text}, {d.year}", 1.0  # "Friday, Dec. 6" -> "Friday, Dec. 6, 2019"
    elif expr.granularity == "month" and _MONTH_ONLY_RE.match(expr.text):
        if _MONTH_ONLY_RE.match(expr.text)["which"].lower() == "this":
            return None, confidence
        kind = "month"
    elif _SINCE_UNIT_RE.match(expr.text):
        kind = "since"
    else:
        return None, confidence  # "in May", "Dec. 6", "five years ago", ranges ...
    core, prep = _render_core(expr, kind)
    if kind == "weekday" and " " not in expr.text:
        prep = ""  # "said Monday" -> "said Monday 18 November 2019"; "spent Monday" too
    if prep and not _PREP_BEFORE_RE.search(before):
        core = f"{prep} {core}"
    return core, 1.0


def _annotation_display(expr: TimeExpr) -> str:
    from claims.pipeline.temporal import format_expr

    try:
        shown = format_expr(expr)
    except (ValueError, IndexError):
        shown = expr.value
    note = "resolved from the publication date; not written into the claim"
    if expr.weekday and expr.granularity == "day":
        real = WEEKDAYS[date.fromisoformat(expr.start_date).weekday()]
        shown = f"{real} {shown}"
        if real != expr.weekday:
            note = f"the year is a guess, and that day was a {real}, not a {expr.weekday}"
    return f"{shown} ({note})"


def _quoted_throughout(sentence: str) -> bool:
    """A sentence inside a quotation that opened earlier: it ends with ” and opens none."""
    s = sentence.rstrip()
    return s.endswith(("”", "”.")) and "“" not in s


def _dates_step(d: Draft, published: date | None, annotations: list[Annotation]) -> None:
    if published is None:
        return
    t = d.text
    try:
        exprs = extract_dates(t, reference=published)
    except ValueError:  # temporal's arithmetic leaving the calendar (published in year 3)
        return
    if not any(e.relative for e in exprs):
        return
    sentence = d.sentence
    speech = bool(_FIRST_PERSON_RE.search(sentence)) or _quoted_throughout(sentence)
    for k in range(len(exprs) - 1, -1, -1):
        e = exprs[k]
        if not e.relative:
            continue
        if any(
            not x.relative and (0 <= x.start - e.end <= 12 or 0 <= e.start - x.end <= 12)
            for x in exprs
        ):
            continue  # "today Saturday 17th December 2017": keep what was written
        near = any(
            x is not e and (0 <= x.start - e.end <= 3 or 0 <= e.start - x.end <= 3)
            for x in exprs
        )  # "on October 27 this year": one expression in two parts
        if not d.is_own(e.start, e.end):
            continue
        s, _ = d.sentence_span(e.start, e.end)
        quoted = near or speech or _in_quotes(sentence, s)
        rep, conf = date_decision(e, t, published, quoted=quoted)
        if rep == "":
            continue
        if rep is not None:
            d.replace(e.start, e.end, rep, "relative_date")
            continue
        ss, se = d.sentence_span(e.start, e.end)
        annotations.append(
            Annotation(ss, se, sentence[ss:se], "date", e.value, _annotation_display(e),
                       round(conf, 2))
        )  # fmt: skip


def absolutise(text: str, published: date | None) -> str:
    """``text`` with its certain relative time expressions rewritten as absolute ones."""
    d = Draft(text)
    _dates_step(d, published, [])
    return d.text


# --------------------------------------------------------------------------- pronouns


def _leading_subject(clause: str, ents: list[Entity]) -> tuple[str, str] | None:
    """(named subject, "one"|"many") a clause starts with: an entity or a coordination."""
    lead = clause.lstrip()
    off = len(clause) - len(lead)
    named = [e for e in ents if e.label in ("GPE", "ORG", "PERSON", "NORP")]
    if not named or named[0].start != off:
        return None
    end = named[0].end
    many = False
    for e in named[1:]:
        gap = clause[end : e.start]
        if gap in (", ", " and ", ", and "):
            end = e.end
            many = True
        else:
            break
    if not many and named[0].label == "NORP":
        many = True  # "Russians"
    return clause[off:end], ("many" if many else named[0].label)


def _agrees(pronoun: str, kind: str) -> bool:
    p = pronoun.lower()
    if p in ("they", "their"):
        return kind == "many"
    if p in ("he", "she", "his", "her"):
        return kind == "PERSON"
    return kind in ("GPE", "ORG")  # it, its


def _pronouns_step(
    d: Draft,
    context: list[str],
    ctx_ents: list[list[Entity]],
    annotations: list[Annotation],
) -> None:
    t = d.text
    found = pronoun_resolutions(t, context=context, entities_so_far=ctx_ents)
    speech = bool(_FIRST_PERSON_RE.search(d.sentence)) or _quoted_throughout(d.sentence)
    low = d.sentence.lower()
    both = bool(re.search(r"\b(?:he|him|his)\b", low) and re.search(r"\b(?:she|her)\b", low))
    todo = []
    for n, r in enumerate(found):
        if not d.is_own(r.start, r.end):
            continue
        s, e = d.sentence_span(r.start, r.end)
        if _in_quotes(d.sentence, s):
            continue
        earlier = t[: r.start]
        certain = (
            r.certain
            and n == 0  # one replacement a claim: later ones are bound inside the sentence
            and not speech
            and not (both and r.pronoun.lower() in ("he", "she"))
            and not re.search(r"\b(?:he|she|they|it|his|her|their|its)\b", earlier, re.I)
            and not (earlier.strip() and any(
                x.label in ("PERSON", "ORG", "GPE", "NORP", "OTHER")
                for x in extract_entities(earlier)
            ))  # "Buckley ... that she": an antecedent inside the sentence
        )  # fmt: skip
        if certain:  # subject position by construction (coref's pattern)
            todo.append(r)
        else:
            annotations.append(
                Annotation(s, e, d.sentence[s:e], "pronoun", r.antecedent,
                           f"probably {r.antecedent}", round(r.confidence, 2))
            )  # fmt: skip
    for r in reversed(todo):
        d.replace(r.start, r.end, r.antecedent, "pronoun")


# --------------------------------------------------------------------------- finish


def _finish(d: Draft) -> None:
    _tidy_spacing(d)
    m = _LEAD_CONNECTIVE_RE.match(d.text)
    if m and d.is_own(0, m.end()) and _words(d.text) - _words(m.group()) >= 3:
        d.drop(0, m.end(), "connective")
    t = d.text
    m = re.search(r"[\s,;:–—-]+$", t)
    if m and d.is_own(m.start(), m.end()):
        d.drop(m.start(), m.end(), "punctuation")
    t = d.text
    if not t:
        return
    if t[0].islower():
        d.replace(0, 1, t[0].upper(), "capitalisation")
    t = d.text
    if t[-1] not in '.!?”"’)':
        d.insert(len(t), ".", "full_stop")
    _tidy_spacing(d)


# --------------------------------------------------------------------------- sentences


def _claim(
    d: Draft, sent: Sentence, attribution: str, annotations: list[Annotation]
) -> AtomicClaim | None:
    text = d.text
    if is_fragment(text) or not re.search(r"[A-Za-z]", text):
        return None
    edits = d.edits
    if apply_edits(sent.text, edits) != text:  # cannot happen: a Draft's text is its edits'
        raise AssertionError("claim text is not its sentence with its edits applied")
    seen: set[tuple[int, int, str]] = set()
    uniq = []
    for a in sorted(annotations, key=lambda a: a.start):
        if (a.start, a.end, a.kind) not in seen:
            seen.add((a.start, a.end, a.kind))
            uniq.append(a)
    return AtomicClaim(text, sent, attribution, edits=edits, annotations=uniq)


def _sentence_claims(
    sent: Sentence,
    context: list[str],
    ctx_ents: list[list[Entity]],
    published: date | None,
) -> list[AtomicClaim]:
    base = Draft(sent.text)
    _normalise_spacing(base)
    text = base.text
    if is_fragment(text) or not re.search(r"[A-Za-z]", text):
        return []
    teaser = _TEASER_RE.match(text)
    if teaser:
        item = text[teaser.end() :]
        if not (is_clause(item) and (_AUX_RE.search(item) or _PRONOUN_VERB_RE.match(item))):
            return []  # "- Five things to watch this week": a teaser, not a claim
        base.drop(0, teaser.end(), "list_marker")
        text = base.text
    if text.rstrip('”"’ ').endswith("?"):
        notes: list[Annotation] = []
        _pronouns_step(base, context, ctx_ents, notes)
        _dates_step(base, published, notes)
        _finish(base)
        c = _claim(base, sent, "", notes)
        return [c] if c else []
    attribution, spans = _attribution(text)
    _drop_spans(base, spans, "attribution")
    if attribution and attribution.split()[0].lower() in _SUBJECT_PRONOUNS:
        res = [r for r in pronoun_resolutions(attribution, context=context,
                                              entities_so_far=ctx_ents) if r.certain]  # fmt: skip
        if res:
            attribution = res[0].antecedent + attribution[res[0].end :]
    _unquote(base)
    _tidy_spacing(base)
    content = base.text
    clauses = _clause_spans(content)
    claims: list[AtomicClaim] = []
    subject: tuple[str, str] | None = None
    for ci, (cs, ce) in enumerate(clauses):
        d = base.copy()
        notes = []
        if len(clauses) > 1:
            d.drop(ce, len(content), "clause_split")
            d.drop(0, cs, "clause_split")
        _tidy_spacing(d)
        clause = d.text
        speaker = attribution.split()[0] if attribution else ""
        he = re.match(r"(?:he|she)\b", clause, re.IGNORECASE)
        if (
            he and speaker[:1].isupper() and speaker.lower() not in _SUBJECT_PRONOUNS
            and d.is_own(0, he.end())
            and not _in_quotes(d.sentence, d.sentence_pos(0))
            and not _FIRST_PERSON_RE.search(d.sentence)
        ):  # "Heyward said that he is ...": the speaker (never a "he" inside a quotation)
            d.replace(0, he.end(), attribution, "pronoun")
        elif ci == 0:
            _pronouns_step(d, context, ctx_ents, notes)
            if len(clauses) > 1:  # only a later clause's pronoun needs the first's subject
                subject = _leading_subject(d.text, extract_entities(d.text))
        elif subject:
            m = re.match(r"(?:they|he|she|it|their|his|her|its)\b", clause, re.IGNORECASE)
            if m and _agrees(m.group(), subject[1]) and d.is_own(0, m.end()):
                poss = m.group().lower() in ("their", "his", "her", "its")
                d.replace(0, m.end(), subject[0] + ("’s" if poss else ""), "pronoun")
        else:
            _pronouns_step(d, context, ctx_ents, notes)
        clause = d.text
        items = _list_items(clause)
        pieces: list[Draft] = []
        if items:
            lo, hi = items[0][0], items[-1][1]
            for a, b in items:
                p = d.copy()
                p.drop(b, hi, "list_split")
                p.drop(lo, a, "list_split")
                pieces.append(p)
        else:
            pieces.append(d)
        for p in pieces:
            pn = list(notes)
            _dates_step(p, published, pn)
            _finish(p)
            c = _claim(p, sent, attribution, pn)
            if c:
                claims.append(c)
    if not claims:  # every part was too small to stand: the sentence whole, if it can
        d = Draft(sent.text)
        _normalise_spacing(d)
        if teaser:
            d.drop(0, teaser.end(), "list_marker")
        notes = []
        _pronouns_step(d, context, ctx_ents, notes)
        _dates_step(d, published, notes)
        _finish(d)
        c = _claim(d, sent, "", notes)
        if c:
            claims.append(c)
    return claims


def decompose(sentences: list[Sentence], *, published: date | None) -> list[AtomicClaim]:
    """Atomic claims of ``sentences`` in order; each keeps its source sentence and edits."""
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
