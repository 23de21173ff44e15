"""Recover an article body split across sibling containers (around ads or asides).

Many sites cut the body into several ``<div class="article-body ...">`` blocks with an
ad slot or a rail between them; main-text extraction often takes the first one only.
The other parts are found by the site's own repeated pattern: elements of the same tag
and the same class attribute as the one holding the extracted paragraphs. Only their
real paragraphs come back (a sentence end and ``MIN_WORDS`` words or more), and only
from a container holding at least two of them, and never a line repeated in several
containers (a sign-up widget), so a teaser card that shares the class brings nothing.
"""

from __future__ import annotations

import re
from collections import Counter

from claims.pipeline import boilerplate_rules as rules

MIN_WORDS = 12
_SPACES = re.compile(r"\s+")


def _text(elem) -> str:
    return _SPACES.sub(" ", elem.text_content()).strip()


def is_paragraph(text: str) -> bool:
    return len(text.split()) >= MIN_WORDS and rules.ends_like_sentence(text)


def missing_parts(page, kept: list[str]) -> tuple[list[str], list[str]]:
    """Paragraphs of the body's sibling containers that ``kept`` lacks: (before, after).

    ``page`` is the raw HTML or its parsed lxml tree.
    """
    import lxml.html

    kept_set = set(kept)
    probes = [t for t in kept if is_paragraph(t)][:3]
    if not probes:
        return [], []
    if isinstance(page, str):
        try:
            tree = lxml.html.document_fromstring(page)
        except Exception:  # lxml raises several kinds on junk input  # noqa: BLE001
            return [], []
    else:
        tree = page
    home = None
    for p in tree.iter("p"):
        if _text(p) in probes:
            home = p.getparent()
            break
    if home is None or not home.get("class"):
        return [], []
    siblings = tree.xpath(f"//{home.tag}[@class=$cls]", cls=home.get("class"))
    if len(siblings) < 2:
        return [], []
    all_texts = [[_text(p) for p in c.iter("p")] for c in siblings]
    counts = Counter(t for texts in all_texts for t in set(texts))
    parts = [None if c is home else texts for c, texts in zip(siblings, all_texts, strict=True)]
    before: list[str] = []
    after: list[str] = []
    seen_home = False
    for texts in parts:
        if texts is None:
            seen_home = True
            continue
        # a line in several containers is a widget (a sign-up form), not the body
        texts = [t for t in texts if is_paragraph(t) and t not in kept_set and counts[t] == 1]
        if len(texts) < 2:
            continue
        (after if seen_home else before).extend(texts)
    return before, after
