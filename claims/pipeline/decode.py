"""Turn uploaded bytes into text, refusing what is not a text page.

``decode_bytes`` raises :class:`InputError` (shown to the user as-is) for empty,
too large, binary or undecodable input. Order of attempts:

1. a byte-order mark (UTF-8, UTF-16, UTF-32);
2. strict UTF-8 (by far the most common);
3. cp1252, only when every byte decodes and the result looks like Western text
   (accented letters are a minority of the letters);
4. charset-normalizer, only when it recognises a language in the result
   (coherence), because on short text it guesses confidently and wrongly.

``detect_format`` says whether a text is HTML, Markdown or plain text.
"""

from __future__ import annotations

import codecs
import re

from claims.pipeline.errors import InputError

_MAGIC = (
    (b"\x89PNG", "PNG image"),
    (b"%PDF", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or Office document)"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"\x1f\x8b", "gzip archive"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"\xd0\xcf\x11\xe0", "Office document"),
)
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Control bytes other than tab, newline, vertical tab, form feed, carriage return, escape.
_CONTROL = frozenset(set(range(0x00, 0x09)) | {0x0E, 0x0F} | set(range(0x10, 0x1B)) | {0x1C,
                     0x1D, 0x1E, 0x1F, 0x7F})
_CONTROL_RATIO = 0.05
_CP1252_HIGH_LETTER_RATIO = 0.3


def _human_size(n: int) -> str:
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.1f} MB"
    if n >= 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n} bytes"


def _check_binary(data: bytes) -> None:
    for magic, kind in _MAGIC:
        if data.startswith(magic) and (magic != b"MZ" or b"\x00" in data[:512]):
            raise InputError(f"This looks like a binary file ({kind}), not a text or HTML page.")
    head = data[:8192]
    if b"\x00" in head:
        raise InputError("This looks like a binary file (it contains NUL bytes), not text.")
    controls = sum(1 for b in head if b in _CONTROL)
    if controls / len(head) > _CONTROL_RATIO:
        raise InputError("This looks like a binary file (too many control characters), not text.")


def _plausible_cp1252(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return True
    high = sum(1 for c in letters if ord(c) > 0x7F)
    return high / len(letters) < _CP1252_HIGH_LETTER_RATIO


def _charset_normalizer(data: bytes) -> str | None:
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - it ships with requests
        return None
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > 0.2 or best.coherence < 0.1:
        return None
    return str(best)


def _bom_less_utf16(data: bytes) -> str | None:
    """UTF-16 without a byte-order mark: ASCII-range text leaves every other byte NUL."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) / len(zeros) > 0.9:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            if "\x00" not in text:
                return text
    return None


def _decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"The file starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (byte {exc.start})."
                ) from exc
    bom_less = _bom_less_utf16(data)
    if bom_less is not None:
        return bom_less
    _check_binary(data)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_cp1252(text):
        return text
    detected = _charset_normalizer(data)
    if detected is not None:
        return detected
    raise InputError(
        "Unknown encoding: the file is not UTF-8, UTF-16 or Windows-1252 text and no other "
        "encoding could be recognised. Save it as UTF-8 and try again."
    )


def decode_bytes(data: bytes, *, max_bytes: int) -> str:
    """Decode an uploaded page to text or raise InputError saying why not."""
    if len(data) > max_bytes:
        raise InputError(
            f"The file is too large: {_human_size(len(data))} (limit {_human_size(max_bytes)})."
        )
    if not data or not data.strip():
        raise InputError("The file is empty.")
    text = _decode(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise InputError("The file is empty (only whitespace).")
    controls = sum(1 for c in text[:8192] if ord(c) in _CONTROL)
    if controls / max(1, len(text[:8192])) > _CONTROL_RATIO:
        raise InputError("This looks like a binary file (too many control characters), not text.")
    return text


_HTML_STRONG = re.compile(r"<!doctype\s+html|<html[\s>]|<body[\s>]|<head[\s>]", re.I)
_HTML_TAG = re.compile(
    r"<(?:p|div|span|a|br|h[1-6]|li|ul|ol|table|tr|td|article|section|script|style|meta|link|"
    r"img|strong|em|b|i|blockquote|header|footer|nav|main|title)\b[^<>]*>",
    re.I,
)
_MD_SIGNALS = (
    re.compile(r"^#{1,6}\s+\S", re.M),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"(\*\*|__)[^*_\n]+\1"),
    re.compile(r"^\s{0,3}[-*+]\s+\S", re.M),
    re.compile(r"^\s{0,3}>\s+\S", re.M),
    re.compile(r"^```", re.M),
    re.compile(r"^\s{0,3}\d+\.\s+\S", re.M),
)
_EXT_FORMAT = {
    "html": "html", "htm": "html", "xhtml": "html", "shtml": "html",
    "md": "markdown", "markdown": "markdown", "mdown": "markdown", "mkd": "markdown",
}


def detect_format(text: str, filename: str | None = None) -> str:
    """'html', 'markdown' or 'text', from the file extension if telling, else the content."""
    if filename and "." in filename:
        fmt = _EXT_FORMAT.get(filename.rsplit(".", 1)[1].lower())
        if fmt:
            return fmt
    head = text[:20000]
    if _HTML_STRONG.search(head) or len(_HTML_TAG.findall(head)) >= 3:
        return "html"
    if sum(1 for rx in _MD_SIGNALS if rx.search(head)) >= 2:
        return "markdown"
    return "text"
