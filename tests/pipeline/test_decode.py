import codecs

import pytest

from claims.pipeline.decode import decode_bytes, detect_format
from claims.pipeline.errors import InputError

LIMIT = 1_000_000


def test_utf8_text_is_returned_unchanged():
    text = "Ministers met in Gen\u00e8ve on Friday \u2014 \u201cit went well,\u201d one said."
    assert decode_bytes(text.encode("utf-8"), max_bytes=LIMIT) == text


def test_utf8_bom_is_removed():
    data = codecs.BOM_UTF8 + b"The council voted on Tuesday."
    assert decode_bytes(data, max_bytes=LIMIT) == "The council voted on Tuesday."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom(encoding):
    text = "The port reopened on 3 May after a week of strikes."
    bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
    assert decode_bytes(bom + text.encode(encoding), max_bytes=LIMIT) == text


def test_cp1252_smart_quotes_and_accents():
    text = "The caf\u00e9 owner said \u201cwe will reopen\u201d \u2013 on Monday \u2026 maybe."
    assert decode_bytes(text.encode("cp1252"), max_bytes=LIMIT) == text


def test_cyrillic_cp1251_is_not_read_as_cp1252():
    text = (
        "\u041c\u0438\u043d\u0438\u0441\u0442\u0440 \u0438\u043d\u043e\u0441\u0442\u0440\u0430"
        "\u043d\u043d\u044b\u0445 \u0434\u0435\u043b \u043f\u0440\u043e\u0432\u0451\u043b "
        "\u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u044b \u0441 \u043a\u043e\u043b"
        "\u043b\u0435\u0433\u0430\u043c\u0438 \u0438\u0437 \u0422\u0443\u0440\u0446\u0438\u0438 "
        "\u0438 \u0418\u0440\u0430\u043d\u0430. \u0421\u0442\u043e\u0440\u043e\u043d\u044b "
        "\u043e\u0431\u0441\u0443\u0434\u0438\u043b\u0438 \u043f\u043e\u043b\u043e\u0436\u0435"
        "\u043d\u0438\u0435 \u0432 \u0421\u0438\u0440\u0438\u0438."
    )
    assert decode_bytes(text.encode("cp1251"), max_bytes=LIMIT) == text


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "])
def test_empty_input_is_refused(data):
    with pytest.raises(InputError, match="empty"):
        decode_bytes(data, max_bytes=LIMIT)


def test_png_is_refused_as_binary():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256))
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_bytes(png, max_bytes=LIMIT)


def test_pdf_and_zip_are_refused_as_binary():
    for data in (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", b"PK\x03\x04\x14\x00\x06\x00rest"):
        with pytest.raises(InputError, match="looks like a binary file"):
            decode_bytes(data, max_bytes=LIMIT)


def test_control_character_soup_is_refused_as_binary():
    data = bytes([1, 2, 3, 4, 5, 6, 65, 66]) * 50
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_bytes(data, max_bytes=LIMIT)


def test_invalid_utf8_that_is_not_cp1252_is_unknown_encoding():
    # 0x81, 0x8d, 0x8f, 0x90, 0x9d are undefined in cp1252; 0xc3 0x28 is invalid UTF-8.
    data = b"Some text \x81\x8d\x8f\x90\x9d \xc3\x28 more \xff\xfe\xfd"
    with pytest.raises(InputError, match="Unknown encoding"):
        decode_bytes(data, max_bytes=LIMIT)


def test_too_large_says_size_and_limit():
    with pytest.raises(InputError) as info:
        decode_bytes(b"a" * 3 * 1024 * 1024, max_bytes=2 * 1024 * 1024)
    assert "3.0 MB" in str(info.value)
    assert "2.0 MB" in str(info.value)


def test_exactly_at_limit_is_accepted():
    assert decode_bytes(b"x" * 100, max_bytes=100) == "x" * 100


@pytest.mark.parametrize(
    ("text", "filename", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", None, "html"),
        ("<div><p>One</p><p>Two</p><a href='x'>three</a></div>", None, "html"),
        ("# Heading\n\nSome text with a [link](http://example.org).\n", None, "markdown"),
        ("Plain words.\n\nMore plain words, with a < /div> left over.\n", None, "text"),
        ("Plain words.", "page.HTML", "html"),
        ("Plain words.", "notes.md", "markdown"),
        ("<p>a</p><p>b</p><p>c</p>", "paste.txt", "html"),
    ],
)
def test_detect_format(text, filename, expected):
    assert detect_format(text, filename) == expected


def test_utf16_without_bom_is_read_not_refused_as_binary():
    text = "The ferry left Oster at 9 a.m. on Sunday, 3 March."
    assert decode_bytes(text.encode("utf-16-le"), max_bytes=LIMIT) == text
    assert decode_bytes(text.encode("utf-16-be"), max_bytes=LIMIT) == text


def test_nul_padded_binary_is_still_refused():
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_bytes(b"\x00\x01\x00\x02" * 100 + b"\x00\x00", max_bytes=LIMIT)
