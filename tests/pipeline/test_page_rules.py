"""HTML news pages we wrote ourselves: what the block cleaner keeps and what it drops.

Each page is a made-up article with one kind of furniture that main-text extraction
lets through (teasers, embeds, promos, editorial notes), or one kind of article text
the plain-text filter used to lose (list items, sub-heads, schedule lines, CJK prose).
"""

from claims.pipeline.clean import clean_document, paragraphs
from claims.pipeline.html_blocks import Block
from claims.pipeline.page_rules import block_reason, filter_blocks

BODY = (
    "<p>The river authority in Lowmere opened its new flood barrier on Tuesday after four "
    "years of building work, the mayor's office said in a statement.</p>"
    "<p>The barrier, which cost about 41 million euros, can be raised in twelve minutes and "
    "is meant to protect some 9,000 homes along the lower bank of the river.</p>"
    "<p>Engineers tested the gates twice during the autumn storms, and both tests went as "
    "planned, according to the authority's chief engineer, Ilse Marten.</p>"
    "<p>Residents who lost property in the floods of past winters said they were relieved, "
    "though several asked why the work had taken so long to finish.</p>"
)


def page(extra: str = "", *, before: str = "", title: str = "Lowmere opens its flood barrier") -> str:
    return (
        f"<html><head><title>{title}</title></head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>{title}</h1>{before}{BODY}{extra}</article>"
        "<footer>All rights reserved.</footer></body></html>"
    )


def dropped(result) -> dict[str, str]:
    return {d.text: d.reason for d in result.dropped}


def test_list_items_and_subheads_are_kept():
    extra = (
        "<h2>What the barrier protects</h2>"
        "<p>The authority listed the districts covered by the new gates:</p>"
        "<ul><li>Old harbour quarter</li><li>Mill street and the market</li>"
        "<li>The western allotments</li></ul>"
        "<p>A second barrier further upstream is still being planned by the regional council.</p>"
    )
    result = clean_document(page(extra), fmt="html")
    kept = paragraphs(result)
    assert "What the barrier protects" in kept
    for item in ("Old harbour quarter", "Mill street and the market", "The western allotments"):
        assert item in kept
    assert not any(p.startswith("- ") for p in kept)  # list markers are not text


def test_schedule_lines_split_by_line_breaks_are_kept():
    extra = (
        "<p>Open days at the barrier:<br>Saturday 10:00 guided walk<br>"
        "Sunday 14:00 gate demonstration</p>"
    )
    kept = paragraphs(clean_document(page(extra), fmt="html"))
    assert "Saturday 10:00 guided walk" in kept
    assert "Sunday 14:00 gate demonstration" in kept


def test_chinese_and_japanese_prose_is_kept():
    zh = "".join(
        f"<p>{s}</p>" for s in (
            "洛梅尔市的防洪闸门于周二正式启用，工程历时四年。市政府在声明中表示，闸门可在十二分钟内升起。",
            "工程总造价约四千一百万欧元，旨在保护河流下游约九千户居民。工程师在秋季风暴期间进行了两次测试。",
            "当地居民表示松了一口气，但也有人质疑工程为何耗时如此之久。市长表示将公布详细的审计报告。",
        )
    )
    result = clean_document(f"<html><body><article><h1>防洪闸门启用</h1>{zh}</article></body></html>",
                            fmt="html")
    assert any(p.startswith("洛梅尔市的防洪闸门") for p in paragraphs(result))
    assert len(paragraphs(result)) == 3
    ja = "".join(
        f"<p>{s}</p>" for s in (
            "ロウメア市の防潮水門が火曜日に完成した。工事には四年かかったと市は発表した。",
            "水門は十二分で閉じることができ、下流の約九千世帯を守る。技師は秋の嵐の間に二回試験を行った。",
            "住民の多くは安心したと話したが、工事が長引いた理由を問う声もあった。",
        )
    )
    result = clean_document(f"<html><body><article><h1>防潮水門が完成</h1>{ja}</article></body></html>",
                            fmt="html")
    assert len(paragraphs(result)) == 3
    assert paragraphs(result)[2].startswith("住民の多くは")


def test_related_story_teasers_are_dropped():
    extra = (
        "<h3>Related stories</h3><ul>"
        "<li><a href='/a'>Storm season ends early on the coast</a></li>"
        "<li><a href='/b'>Council votes on new ferry timetable</a></li></ul>"
    )
    result = clean_document(page(extra), fmt="html")
    assert "Storm season ends early on the coast" not in result.text
    assert "Council votes on new ferry timetable" not in result.text
    # (main-text extraction may already have cut the list; the block rule must too)
    blocks = [
        Block(text="The barrier opened on Tuesday, the mayor's office said.", kind="p"),
        Block(text="More on this story:", kind="p"),
        Block(text="Storm season ends early on the coast", kind="item", group=1),
        Block(text="Council votes on new ferry timetable", kind="item", group=1),
    ]
    why = {d.text: d.reason for d in filter_blocks(blocks).dropped}
    assert why["Storm season ends early on the coast"] == "navigation"
    assert why["Council votes on new ferry timetable"] == "navigation"


def test_link_dense_blocks_are_teasers_but_a_printed_url_is_not():
    teaser = Block(text="Storm season ends early on the coast", kind="item", link_chars=36)
    assert block_reason(teaser) == "navigation"
    url = Block(text="https://example.org/report.pdf", kind="p", link_chars=30)
    assert block_reason(url) == "prose"
    sentence = Block(text="The council published the full audit, which runs to 80 pages.",
                     kind="p", link_chars=20)
    assert block_reason(sentence) == "prose"


def test_social_embed_with_its_date_is_dropped_whole():
    extra = (
        "<blockquote class='twitter-tweet'><p>Gates are up and the river is calm tonight "
        "<a href='https://t.co/x'>pic.twitter.com/AbCdEf12</a></p>&mdash; Lowmere River Watch "
        "(@lowmerewatch) <a href='https://twitter.com/x'>March 3, 2031</a></blockquote>"
        "<p>The authority said the gates would stay open until the spring thaw.</p>"
    )
    result = clean_document(page(extra), fmt="html")
    assert "Gates are up" not in result.text
    assert "@lowmerewatch" not in result.text
    assert "2031" not in result.text
    assert "embed" in dropped(result).values()
    assert "The authority said the gates would stay open until the spring thaw." in paragraphs(result)


def test_newsletter_and_podcast_promos_are_dropped():
    extra = (
        "<p>Sign up for our Morning Tide newsletter to get the day's top stories.</p>"
        "<h4>The River Hour Podcast</h4>"
        "<p>Listen to the latest episode on Apple Podcasts or Spotify.</p>"
    )
    result = clean_document(page(extra), fmt="html")
    why = dropped(result)
    assert why["Sign up for our Morning Tide newsletter to get the day's top stories."] in (
        "promo", "call_to_action")
    assert why["The River Hour Podcast"] == "promo"
    assert why["Listen to the latest episode on Apple Podcasts or Spotify."] == "promo"
    assert "newsletter" not in result.text.lower()


def test_adapted_from_and_correction_notes_are_dropped_with_a_reason():
    extra = (
        "<p>This article has been adapted from its original source.</p>"
        "<p>Correction: An earlier version of this story gave the wrong cost for the barrier.</p>"
        "<p>Updated at 4:10 p.m. with comments from residents.</p>"
    )
    result = clean_document(page(extra), fmt="html")
    why = dropped(result)
    assert why["This article has been adapted from its original source."] == "footer"
    assert why["Correction: An earlier version of this story gave the wrong cost for the barrier."] \
        == "correction"
    assert why["Updated at 4:10 p.m. with comments from residents."] == "correction"
    assert "adapted" not in result.text and "Correction" not in result.text


def test_reporting_credits_follow_lines_and_shortcodes_are_dropped():
    extra = (
        "<p>(Reporting by Ann Lee; editing by Cy Moss)</p>"
        "<p>Follow the Lowmere desk on Facebook and Twitter.</p>"
        "<p>[button link='/tips' size='big']Send us your photos[/button]</p>"
    )
    result = clean_document(page(extra), fmt="html")
    assert "Reporting by" not in result.text
    assert "Follow the Lowmere desk" not in result.text
    assert "[button" not in result.text


def test_headline_repeat_and_long_duplicate_dropped_short_repeat_kept():
    long_para = ("Engineers will inspect every gate each month, the authority said, and a public "
                 "report on the inspections will be published twice a year on its website.")
    blocks = [
        Block(text="Lowmere opens its flood barrier", kind="head"),
        Block(text="How long did it take?", kind="head"),
        Block(text="Four years, the authority said.", kind="p"),
        Block(text=long_para, kind="p"),
        Block(text="How long did it take?", kind="head"),
        Block(text="Longer than planned, residents said.", kind="p"),
        Block(text=long_para, kind="p"),
    ]
    result = filter_blocks(blocks, title="Lowmere opens its flood barrier")
    assert result.paragraphs.count("How long did it take?") == 2
    assert result.paragraphs.count(long_para) == 1
    assert "Lowmere opens its flood barrier" not in result.paragraphs


def test_comment_thread_after_the_body_is_dropped():
    extra = (
        "<div class='comments'><h3>3 Comments</h3><p>Rivergirl says:</p>"
        "<p>About time they finished it.</p><p>2 days ago</p><p>Reply</p></div>"
    )
    result = clean_document(page(extra), fmt="html")
    assert "About time they finished it." not in result.text


def test_line_rules_for_furniture_that_main_text_extraction_keeps():
    from claims.pipeline.boilerplate_rules import classify

    assert classify("Correction added March 4, 2031") == "correction"
    assert classify("This story has been updated to include the mayor's reply.") == "correction"
    assert classify("Corrections officers at the county jail went on strike.") == "prose"
    assert classify("\u24d2 Example Media, reproduction prohibited") == "footer"
    assert classify("Get the Gazette at home every week. 12 issues for 20 euros. "
                    "Click here for details.") == "call_to_action"
    assert classify("\u2014 Lowmere River Watch (@lowmerewatch) March 3, 2031") == "embed"
    assert classify("View this post on Instagram") == "embed"
    assert classify("Originally published on Example Science.") == "footer"
    assert classify("5 min read") == "other"


def test_a_discussion_subhead_does_not_cut_the_article():
    para = ("The council will publish the full audit next month, and residents may send their "
            "views to the authority until the end of the year, the mayor said.")
    blocks = [
        Block(text="The barrier opened on Tuesday after four years of work, officials said.",
              kind="p"),
        Block(text="Discussion", kind="head"),
        Block(text=para, kind="p"),
    ]
    assert para in filter_blocks(blocks).paragraphs
    thread = [blocks[0], Block(text="Comments", kind="head"), Block(text="Rivergirl says:", kind="p"),
              Block(text="About time they finished it, honestly, it took them forever.", kind="p"),
              Block(text="2 days ago", kind="p")]
    kept = filter_blocks(thread).paragraphs
    assert kept == [blocks[0].text]


def test_seed_kinds_of_furniture_in_html_stay_out():
    extra = (
        "<p>2,500 $</p><p>Support the Lowmere Ledger</p>"
        "<p>Gate engineers at work on the east bank. (Photo: Ann Lee/Reuters)</p>"
        "<p>Share on Facebook Share on Twitter Email</p>"
        "<p>The authority said the next inspection is due in May.</p>"
    )
    result = clean_document(page(extra), fmt="html")
    kept = paragraphs(result)
    assert "The authority said the next inspection is due in May." in kept
    for junk in ("2,500 $", "Support the Lowmere Ledger", "Photo: Ann Lee", "Share on Facebook"):
        assert junk not in result.text
