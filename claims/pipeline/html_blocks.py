"""trafilatura's main-text tree -> typed text blocks (paragraph lines, headings, list items).

trafilatura's plain-text output loses what kind of block each line was; the cleaner
needs it: a sub-head or a list item is article text even without a full stop, a
list of links after the body is a list of teasers, and the lines of one embedded
post (a quote block ending "— Name (@handle) November 18, 2019") go together.

Each Block carries its text (whitespace-normalised), its kind (``p``, ``head``,
``item``, ``quote``, ``code``, ``cell`` - one table row, its cells joined by a space), how much of it is link text, and the id
of the list or quote element it sits in (``group``), so page-level rules can act
on a whole list or a whole embed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SPACES = re.compile(r"\s+")
_INLINE = frozenset({"hi", "ref", "del", "span", "b", "i", "em", "strong", "sub", "sup", "u"})
_KINDS = {"p": "p", "head": "head", "item": "item", "quote": "quote", "code": "code",
          "cell": "cell", "row": "cell"}


@dataclass
class Block:
    text: str
    kind: str  # p | head | item | quote | code | cell
    link_chars: int = 0  # characters of ``text`` inside links
    group: int = -1  # id of the enclosing list or quote element, -1 when none
    quoted: bool = False  # inside a quote element
    loose: bool = False  # inline text between blocks (a link trafilatura left outside its <p>)

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


class _Line:
    __slots__ = ("parts", "link")

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.link = 0


def _inline(elem, lines: list[_Line], in_link: bool) -> None:
    """Text of ``elem`` and its inline children into ``lines`` (a <lb> starts a new line)."""
    if elem.tag == "lb":
        lines.append(_Line())
    elif elem.text:
        lines[-1].parts.append(elem.text)
        if in_link:
            lines[-1].link += len(_SPACES.sub(" ", elem.text).strip())
    for child in elem:
        if child.tag in _KINDS or child.tag in _CONTAINER_KIND:
            continue  # a nested block: walked on its own
        _inline(child, lines, in_link or child.tag == "ref")
        if child.tail:
            lines[-1].parts.append(child.tail)
            if in_link:
                lines[-1].link += len(_SPACES.sub(" ", child.tail).strip())


def _norm(parts: list[str]) -> str:
    return _SPACES.sub(" ", "".join(parts)).strip()


_CONTAINER_KIND = {"list": "item", "quote": "quote", "table": "cell"}
_SKIP = frozenset({"graphic"})


def blocks_from_body(body) -> list[Block]:
    """The blocks of trafilatura's ``Document.body`` in reading order.

    Every element's own inline content (its text, inline children and their tails, up
    to the next block child) is one block per line; block children are walked in turn.
    """
    out: list[Block] = []
    groups = [0]

    def flush(lines: list[_Line], kind: str, group: int, quoted: bool, loose: bool) -> None:
        for line in lines:
            text = _norm(line.parts)
            if text:
                out.append(Block(text=text, kind=kind, link_chars=min(line.link, len(text)),
                                 group=group, quoted=quoted, loose=loose))

    def walk(elem, kind: str, group: int, quoted: bool) -> None:
        in_link = elem.tag == "ref"
        loose = elem.tag not in _KINDS and elem.tag not in _CONTAINER_KIND
        lines = [_Line()]
        if elem.text:
            lines[-1].parts.append(elem.text)
        for child in elem:
            tag = child.tag
            if not isinstance(tag, str):
                pass  # a comment or processing instruction: only its tail is text
            elif tag == "row":
                flush(lines, kind, group, quoted, loose)
                lines = [_Line()]
                cells = [_norm(list(c.itertext())) for c in child if isinstance(c.tag, str)]
                text = " ".join(c for c in cells if c)
                links = sum(len(_norm(list(r.itertext()))) for r in child.iter("ref"))
                if text:
                    out.append(Block(text=text, kind="cell", link_chars=min(links, len(text)),
                                     group=group, quoted=quoted))
            elif tag in _SKIP:
                pass
            elif tag in _KINDS or tag in _CONTAINER_KIND or tag not in _INLINE and tag != "lb":
                flush(lines, kind, group, quoted, loose)
                lines = [_Line()]
                if tag in _CONTAINER_KIND:
                    groups[0] += 1
                    walk(child, _CONTAINER_KIND[tag], groups[0], quoted or tag == "quote")
                else:
                    walk(child, _KINDS.get(tag, kind), group, quoted)
            else:
                _inline(child, lines, in_link or tag == "ref")
            if child.tail:
                lines[-1].parts.append(child.tail)
                if in_link:
                    lines[-1].link += len(_SPACES.sub(" ", child.tail).strip())
        flush(lines, kind, group, quoted, loose)

    if body is not None:
        walk(body, "p", -1, False)
    return _mend_split_sentences(out)


_CONTINUES = re.compile(r"^[,.;:!?)\]\u2019\u201d%]|^[a-z]")


def _mend_split_sentences(blocks: list[Block]) -> list[Block]:
    """Join a loose inline run back into the paragraph it was cut out of.

    "... Apple will </p><ref>move to new keyboards</ref><p>, including ..." : the run
    joins the paragraph before it when that one stops mid-sentence, and the paragraph
    after it joins too when it starts with punctuation or a lower-case word.
    """
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        joinable = (prev is not None and prev.kind == block.kind == "p"
                    and prev.quoted == block.quoted and prev.group == block.group)
        if joinable and (
            (block.loose and not _ends_sentence(prev.text))
            or (prev.loose and _CONTINUES.match(block.text))
        ):
            sep = "" if _CONTINUES.match(block.text) and not block.text[:1].isalpha() else " "
            out[-1] = Block(text=f"{prev.text}{sep}{block.text}", kind="p",
                            link_chars=prev.link_chars + block.link_chars, group=prev.group,
                            quoted=prev.quoted, loose=block.loose)
            continue
        out.append(block)
    return out


def _ends_sentence(text: str) -> bool:
    return bool(re.search(r"[.!?:\u3002\uff01\uff1f][\"'\u201d\u2019)\]]*$", text))
