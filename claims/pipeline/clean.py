"""The ``clean`` step: a raw page (HTML, Markdown or pasted text) -> CleanResult.

- HTML: trafilatura extracts the main text (``EXTRACTION_OPTIONS``: precision mode,
  no comments, links and tables kept) and the metadata (title, author, date); the
  publication date comes from htmldate with the original (not the last-modified)
  date preferred. Script, style and other non-content elements are never read.
  trafilatura's tree is read as typed blocks (``html_blocks``: paragraph lines,
  sub-heads, list items, table rows, quotes, with their link share); a body split
  across sibling containers is made whole (``split_body``); then ``page_rules``
  drops what extraction lets through (captions, donation and share lines, teasers,
  embeds, promos, corrections notes, comment threads) and keeps every other block
  whatever its shape: a sub-head, a list item or CJK prose is article text. Pages
  where trafilatura finds nothing go through the plain-text filter instead.
- Markdown: rendered with markdown-it, block text taken back out (links -> their text,
  images and code dropped), then the text path.
- Text: the boilerplate filter in ``boilerplate.py``; publication date from a dated
  header line (``pubdate.py``).

CleanResult.text is the kept paragraphs joined by a blank line. Paragraph wording and
punctuation are kept exactly; only whitespace inside a paragraph is normalised.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from claims.pipeline.boilerplate import filter_text, normalize_line
from claims.pipeline.decode import detect_format
from claims.pipeline.errors import InputError
from claims.pipeline.html_blocks import Block, blocks_from_body
from claims.pipeline.page_rules import filter_blocks
from claims.pipeline.records import CleanResult
from claims.pipeline.split_body import is_paragraph, missing_parts

FORMATS = ("html", "markdown", "text")
# Elements whose text is never content (removed before any text is read).
_NON_CONTENT = (
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "form", "button", "select", "textarea", "input", "head",
)
_BLOCKS = (
    "p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td", "th",
    "dd", "dt", "figcaption", "section", "article", "header", "footer", "br", "tr",
)


def clean_document(raw: str, *, fmt: str = "auto") -> CleanResult:
    """Clean one page; ``fmt`` is 'html', 'markdown', 'text' or 'auto' (detected)."""
    raw = _LONE_SURROGATE.sub("\ufffd", raw)  # not encodable: no database would store it
    if fmt == "auto":
        fmt = detect_format(raw)
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; expected one of {FORMATS} or 'auto'")
    if fmt == "html":
        return _clean_html(raw)
    if fmt == "markdown":
        return _clean_text(markdown_to_text(raw), fmt="markdown")
    return _clean_text(raw, fmt="text")


def _clean_text(text: str, *, fmt: str) -> CleanResult:
    filtered = filter_text(text)
    return CleanResult(
        text="\n\n".join(filtered.paragraphs),
        title=filtered.title,
        published=filtered.published,
        author=filtered.author,
        format=fmt,
        dropped=filtered.dropped,
    )


# --- Markdown -----------------------------------------------------------------------------


def markdown_to_text(source: str) -> str:
    """Block text of a Markdown document, one block per paragraph, markup removed."""
    from markdown_it import MarkdownIt

    tokens = MarkdownIt("commonmark").parse(source)
    blocks: list[str] = []
    for token in tokens:
        if token.type != "inline" or not token.children:
            continue
        parts: list[str] = []
        for child in token.children:
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
            elif child.type == "html_inline":
                continue
            # image tokens carry alt text as children: dropped with the image
        text = "".join(parts).strip()
        if text:
            blocks.append(text)
    return "\n\n".join(blocks)


# --- HTML ---------------------------------------------------------------------------------


def _to_date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _html_date(raw: str) -> date | None:
    from htmldate import find_date

    try:
        found = find_date(raw, original_date=True, extensive_search=False)
    except (ValueError, TypeError):
        return None
    return _to_date(found)


def _fallback_html_text(raw: str) -> tuple[str, str]:
    """Text of block elements when trafilatura finds no main text (tiny or odd pages)."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(raw)
    except Exception:  # lxml raises several kinds on junk input  # noqa: BLE001
        return "", ""
    title = normalize_line(tree.findtext(".//title") or "")
    for bad in tree.xpath("|".join(f"//{tag}" for tag in _NON_CONTENT)):
        bad.drop_tree()
    for block in tree.iter(*_BLOCKS):
        block.tail = "\n\n" + (block.tail or "")
        if block.tag != "br":
            block.text = "\n\n" + (block.text or "")
    return tree.text_content(), title


_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Characters XML (and so lxml) cannot hold: C0 controls other than tab/newline/CR,
# lone surrogates and the two non-characters. They are never content.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


# trafilatura's options. favor_precision: on the dev half of the real-news benchmark it
# lets through fewer teasers and widgets than the balanced mode for about the same
# recall; links kept so teasers can be told by their link share; tables in (one block
# per row: a results table is the article's content; link rows of a layout table go as
# teasers); comments out (the comment thread is never content).
EXTRACTION_OPTIONS = {
    "favor_precision": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": True,
    "with_metadata": True,
    "deduplicate": False,
    "date_extraction_params": {"original_date": True, "extensive_search": True},
}


def _with_split_parts(tree, blocks: list[Block]) -> list[Block]:
    """Add the parts of a body split across sibling containers that extraction missed."""
    before, after = missing_parts(tree, [b.text for b in blocks])
    if not before and not after:
        return blocks
    last = max((i for i, b in enumerate(blocks) if is_paragraph(b.text)), default=len(blocks) - 1)
    return ([Block(text=t, kind="p") for t in before] + blocks[:last + 1]
            + [Block(text=t, kind="p") for t in after] + blocks[last + 1:])


def _clean_html(raw: str) -> CleanResult:
    import trafilatura
    from trafilatura.utils import load_html

    raw = _NOT_XML.sub("", raw)
    try:
        # parsed once: trafilatura works on its own copy, split_body reads the original
        tree = load_html(raw)
        doc = trafilatura.bare_extraction(tree if tree is not None else raw, **EXTRACTION_OPTIONS)
    except Exception as exc:  # trafilatura raises assorted errors on malformed markup  # noqa: BLE001
        raise InputError(f"Could not read this HTML page ({type(exc).__name__}).") from exc
    title = normalize_line(getattr(doc, "title", None) or "")
    author = normalize_line(getattr(doc, "author", None) or "")
    published = _to_date(getattr(doc, "date", None))
    blocks = blocks_from_body(getattr(doc, "body", None))
    if published is None:
        published = _html_date(raw)
    if blocks:
        blocks = _with_split_parts(tree, blocks) if tree is not None else blocks
        filtered = filter_blocks(blocks, title=title)
    else:
        text, fallback_title = _fallback_html_text(raw)
        title = title or fallback_title
        filtered = filter_text(text, unwrap=False, find_date=published is None, known_title=title)
    return CleanResult(
        text="\n\n".join(filtered.paragraphs),
        title=title or filtered.title,
        published=published or filtered.published,
        author=author or filtered.author,
        format="html",
        dropped=list(filtered.dropped),
    )


def paragraphs(result: CleanResult) -> list[str]:
    """The kept paragraphs of a CleanResult."""
    return [p for p in re.split(r"\n\n", result.text) if p]
