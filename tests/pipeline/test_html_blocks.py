"""trafilatura's main-text tree -> typed blocks (built by hand here, in trafilatura's tags)."""

from lxml import etree

from claims.pipeline.html_blocks import blocks_from_body


def body(xml: str):
    return etree.fromstring(f"<body>{xml}</body>")


def test_kinds_lines_and_order():
    blocks = blocks_from_body(body(
        "<head rend='h2'>Gate times</head>"
        "<p>Open days:<lb/>Saturday 10:00 walk<lb/>Sunday  14:00 demo</p>"
        "<list rend='ul'><item>Old harbour</item><item>Mill street</item></list>"
    ))
    assert [(b.kind, b.text) for b in blocks] == [
        ("head", "Gate times"),
        ("p", "Open days:"),
        ("p", "Saturday 10:00 walk"),
        ("p", "Sunday 14:00 demo"),
        ("item", "Old harbour"),
        ("item", "Mill street"),
    ]
    assert blocks[-1].group == blocks[-2].group >= 0


def test_link_share_is_measured():
    blocks = blocks_from_body(body(
        "<p><ref target='/a'>Storm season ends early</ref></p>"
        "<p>The council <ref target='/r'>published</ref> its audit on Monday.</p>"
    ))
    assert blocks[0].link_density == 1.0
    assert 0 < blocks[1].link_density < 0.3


def test_quote_text_and_its_trailing_attribution_share_a_group():
    blocks = blocks_from_body(body(
        "<quote><p>Gates are up tonight</p>&#8212; River Watch (@rw) "
        "<ref target='/s'>March 3, 2031</ref></quote><p>After the quote.</p>"
    ))
    assert [b.text for b in blocks] == [
        "Gates are up tonight", "\u2014 River Watch (@rw) March 3, 2031", "After the quote."]
    assert blocks[0].quoted and blocks[1].quoted and not blocks[2].quoted
    assert blocks[0].group == blocks[1].group


def test_empty_body():
    assert blocks_from_body(None) == []
    assert blocks_from_body(body("")) == []


def test_a_link_left_between_paragraphs_is_joined_back_into_its_sentence():
    blocks = blocks_from_body(body(
        "<p>The engineer said the authority will </p><ref target='/x'>raise the gates twice a "
        "year</ref><p>, starting in the spring.</p><p>A new paragraph starts here.</p>"
    ))
    assert [b.text for b in blocks] == [
        "The engineer said the authority will raise the gates twice a year, starting in the spring.",
        "A new paragraph starts here.",
    ]
    assert 0 < blocks[0].link_density < 0.6


def test_a_table_row_is_one_block_with_its_link_share():
    blocks = blocks_from_body(body(
        "<table><row><cell>1</cell><cell>Ann Lee</cell><cell>5040</cell></row>"
        "<row><cell><ref target='/a'>Next race</ref></cell></row></table>"
    ))
    assert [(b.kind, b.text) for b in blocks] == [("cell", "1 Ann Lee 5040"), ("cell", "Next race")]
    assert blocks[0].link_density == 0 and blocks[1].link_density == 1.0
