"""Page-level cleaning of an HTML article's blocks (from ``html_blocks``).

trafilatura has already cut the page down to its main text; what it lets through is
furniture inside or next to the body. Each block is first tested by the line rules of
``boilerplate_rules.specific_reason`` (captions, donation calls, share bars, bylines,
corrections notes, embeds, promos ...). Unlike pasted text, a block that no rule
recognises is kept whatever its shape: a sub-head, a list item or a schedule line is
article text even without a full stop, and so is Chinese or Japanese prose.

Then the page-level passes, on structure rather than wording:

- the headline repeated in the body, and repeats of a long paragraph, are dropped;
- a comment thread (a comment-widget label or a run of reply stamps after the prose)
  is dropped from where it starts to the end;
- link lists: a list, heading or line that is mostly link text is a teaser for
  another story (navigation), and so is everything in a list after a
  "Related" / "More on this" label;
- an embedded post (a quote block holding a "— Name (@handle) date" line or a
  picture link of a social site) is dropped whole: its text and date are not the
  article's.
"""

from __future__ import annotations

import re

from claims.pipeline import boilerplate_rules as rules
from claims.pipeline.boilerplate import FilterResult, comment_start
from claims.pipeline.html_blocks import Block
from claims.pipeline.records import Dropped

# share of a block's characters inside links above which it is a link, not text
LINK_DENSE = 0.6
# a headline is short; a whole paragraph set as a link (deal pages do it) is still text
TEASER_WORDS = 20
# a paragraph this long seen twice is an extraction artefact; a short line that recurs
# (an interview's question, a section label) is the article's own structure
DUPLICATE_WORDS = 25
_URL = re.compile(r"^(?:https?://|www\.)\S+$")


def _key(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def _is_link_block(block: Block) -> bool:
    """A teaser: a list item, heading or unpunctuated line that is mostly a link."""
    if block.link_density < LINK_DENSE or _URL.match(block.text):
        return False
    if block.kind in ("item", "head"):
        return True
    return len(rules.words(block.text)) <= TEASER_WORDS and not rules.ends_like_sentence(block.text)


def block_reason(block: Block) -> str:
    """The drop reason of one block on its own, or PROSE."""
    reason = rules.specific_reason(block.text)
    if reason is not None:
        return reason
    if _is_link_block(block):
        return "navigation"
    return rules.PROSE


def _drop_embeds(blocks: list[Block], reasons: list[str]) -> None:
    embed_groups = {b.group for b, r in zip(blocks, reasons, strict=True)
                    if r == "embed" and b.quoted and b.group >= 0}
    for i, block in enumerate(blocks):
        if block.quoted and block.group in embed_groups:
            reasons[i] = "embed"
    # an embed outside a quote block: its text is the line just above the attribution
    for i, block in enumerate(blocks):
        if (reasons[i] == "embed" and not block.quoted and i > 0
                and rules.EMBED_ATTRIBUTION.search(block.text)
                and reasons[i - 1] == rules.PROSE and rules.EMBED_LINK.search(blocks[i - 1].text)):
            reasons[i - 1] = "embed"


def _drop_related_lists(blocks: list[Block], reasons: list[str]) -> None:
    """After a "Related"/"More on ..." label, the list or headline run under it is navigation."""
    in_list = False
    for i, block in enumerate(blocks):
        text = block.text
        if reasons[i] == "navigation" and (
            rules.RELATED.match(text) or (text.endswith(":") and len(rules.words(text)) <= 6)
        ):
            in_list = True
            continue
        if not in_list:
            continue
        if reasons[i] == rules.PROSE and (
            block.kind == "p" and rules.ends_like_sentence(text) and block.link_density < 0.3
        ):
            in_list = False
        elif reasons[i] == rules.PROSE:
            reasons[i] = "navigation"


_BARE_LABEL = re.compile(r"^\s*(?:comments?|discussion|reader\s+comments)\s*[:.]?\s*$", re.I)


def _is_thread(texts: list[str], start: int) -> bool:
    """Is the comment label at ``start`` the head of a thread (not a sub-head "Discussion")?

    A bare label in an article's own structure is common; it starts a thread only when
    reply stamps ("2 days ago", "Reply", "Ann says:") follow it closely, or nothing
    but short lines does.
    """
    if not _BARE_LABEL.match(texts[start]):
        return True
    after = texts[start + 1:start + 8]
    if any(rules.THREAD_MARK.match(t) for t in after):
        return True
    return all(len(rules.words(t)) <= 12 for t in after)


def filter_blocks(blocks: list[Block], *, title: str = "") -> FilterResult:
    """Kept paragraphs and dropped furniture of one article's blocks."""
    reasons = [block_reason(b) for b in blocks]
    texts = [b.text for b in blocks]
    _drop_embeds(blocks, reasons)
    _drop_related_lists(blocks, reasons)
    cut = comment_start(texts, reasons)
    if cut is not None and _is_thread(texts, cut):
        reasons[cut:] = ["comments"] * (len(blocks) - cut)
    elif cut is not None:
        reasons[cut] = "comments"  # the widget label alone

    result = FilterResult(paragraphs=[], title=title)
    title_key = _key(title)
    seen: set[str] = set()
    for block, reason in zip(blocks, reasons, strict=True):
        key = _key(block.text)
        if reason == rules.PROSE:
            repeated = key in seen and len(rules.words(block.text)) >= DUPLICATE_WORDS
            if key and (repeated or key == title_key):
                result.dropped.append(Dropped(text=block.text, reason="other"))
                continue
            seen.add(key)
            result.paragraphs.append(block.text)
            continue
        if reason == "byline" and not result.author:
            result.author = rules.byline_name(block.text) or ""
        result.dropped.append(Dropped(text=block.text, reason=reason))
    return result
