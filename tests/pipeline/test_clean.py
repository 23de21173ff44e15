"""clean_document on pages we wrote ourselves, with the same kinds of mess as real pastes."""

import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from claims.pipeline.boilerplate import REASONS, filter_text
from claims.pipeline.clean import clean_document, paragraphs
from claims.pipeline.decode import decode_bytes, detect_format

BLOG_PAGE = """Thursday, October 7, 2021

Harbour Workers End Three-Week Strike In Northport

Dockers return as wage deal is signed


The dockers' union in Northport signed a wage agreement on Wednesday, ending a strike that had idled the harbour for three weeks.
Cargo ships began unloading again this morning.

The union leader, Mara Velde, said: \u201cThis is a fair deal. Our members can go home proud.\u201d

Now, the hard part.

Posted by Ed Harlan at 9:14 AM
Labels: harbour, strikes, Northport

No comments:
"""


def reasons(result):
    return {d.text: d.reason for d in result.dropped}


def test_blog_page_header_date_title_and_comments():
    result = clean_document(BLOG_PAGE, fmt="text")
    assert result.published == date(2021, 10, 7)
    assert result.title == "Harbour Workers End Three-Week Strike In Northport"
    kept = paragraphs(result)
    assert kept[0].startswith("The dockers' union in Northport signed")
    assert "Cargo ships began unloading again this morning." in kept
    assert "Now, the hard part." in kept  # short one-sentence prose is kept
    assert any(p.startswith("The union leader, Mara Velde, said:") for p in kept)
    why = reasons(result)
    assert why["Thursday, October 7, 2021"] == "dateline"
    assert why["Posted by Ed Harlan at 9:14 AM"] == "byline"
    assert why["Labels: harbour, strikes, Northport"] == "navigation"
    assert why["No comments:"] == "comments"
    assert result.author == "Ed Harlan"
    assert "Thursday, October 7" not in result.text
    assert "Labels" not in result.text


DONATION_PAGE = """0 $
1,200 $
2,500 $
300 $
12 DAYS LEFT IN OUR WINTER DRIVE

Rail Link Between Two Capitals Reopens

Support Northwire

Rail Link Between Two Capitals Reopens

Transport minister Ola Brandt. IMAGE: Staff photographer/Northwire press office

The rail link between the two capitals reopened on Monday after eleven years, the transport ministry said.

\u201cWe expect two trains a day at first and six by the summer,\u201d Brandt told reporters at the station.

MORE ON THIS TOPIC:

Support Northwire

Subscribe
Notify of
guest
4 Comments
Oldest
Newest Most Voted
Inline Feedbacks
View all comments
Gravel Fan

What a load of rubbish, the trains will be late every single day and you idiots will cheer anyway.

hash
hashed
OldRoads

You are a clown and so is everyone who reads this site. Nothing will change.

Would love your thoughts, please comment.
"""


def test_donation_counters_captions_and_comment_thread():
    result = clean_document(DONATION_PAGE, fmt="text")
    assert result.title == "Rail Link Between Two Capitals Reopens"
    assert paragraphs(result) == [
        "The rail link between the two capitals reopened on Monday after eleven years, "
        "the transport ministry said.",
        "\u201cWe expect two trains a day at first and six by the summer,\u201d Brandt told "
        "reporters at the station.",
    ]
    why = reasons(result)
    for counter in ("0 $", "1,200 $", "2,500 $", "300 $", "12 DAYS LEFT IN OUR WINTER DRIVE"):
        assert why[counter] == "donation"
    assert why["Support Northwire"] == "donation"
    assert why["Transport minister Ola Brandt. IMAGE: Staff photographer/Northwire press office"] \
        == "caption"
    assert why["MORE ON THIS TOPIC:"] == "navigation"
    assert why["Notify of"] == "comments"
    assert why["What a load of rubbish, the trains will be late every single day and you idiots "
               "will cheer anyway."] == "comments"
    assert "clown" not in result.text
    assert "rubbish" not in result.text


CAPTION_PAGE = """in ,

Coastal States Agree On Fishing Quotas

Fisheries minister Tom Reyes speaks to reporters during a visit to the port in Lisbon, Portugal, Friday, June 3, 2016. Reyes said the quotas would be reviewed every year. (AP Photo/Ana Lima)

Five coastal states agreed on Saturday to cut cod quotas by a fifth, after two days of talks.

The agreement still needs approval by each national parliament.

0 0 vote
Article Rating
Help us grow. Support The Harbour Post on Patreon!

The statements, views and opinions expressed in this column are solely those of the author and do not necessarily represent those of The Harbour Post.

What do you think?

Notify of
Inline Feedbacks
View all comments

Why fishing towns are shrinking

The quiet return of the sardine
"""


def test_captions_rating_widgets_disclaimer_and_related_links():
    result = clean_document(CAPTION_PAGE, fmt="text")
    assert result.title == "Coastal States Agree On Fishing Quotas"
    assert paragraphs(result) == [
        "Five coastal states agreed on Saturday to cut cod quotas by a fifth, after two days "
        "of talks.",
        "The agreement still needs approval by each national parliament.",
    ]
    by_reason = {}
    for d in result.dropped:
        by_reason.setdefault(d.reason, []).append(d.text)
    assert any("(AP Photo/Ana Lima)" in t for t in by_reason["caption"])
    assert "0 0 vote" in by_reason["counter"]
    assert "Help us grow. Support The Harbour Post on Patreon!" in by_reason["donation"]
    assert any(t.startswith("The statements, views and opinions") for t in by_reason["footer"])
    assert "What do you think?" in by_reason["call_to_action"]
    assert "Why fishing towns are shrinking" in by_reason["comments"]
    assert by_reason["other"] == ["in ,"]


def test_ap_style_caption_without_credit_marker_is_a_caption():
    text = (
        "Grain Deal Signed\n\n"
        "Trade minister Lea Moss signs the agreement in Ankara, Turkey, Tuesday, April 8, 2014. "
        "Moss said the deal would last a decade.\n\n"
        "The grain deal was signed on Friday by four countries, officials said.\n"
    )
    result = clean_document(text, fmt="text")
    assert paragraphs(result) == [
        "The grain deal was signed on Friday by four countries, officials said.",
    ]
    assert [d.reason for d in result.dropped] == ["caption"]


NEWS_SITE_PAGE = """Connect with us

News

Ferry Operator Cuts Winter Timetable

Published

on

The ferry operator will run two crossings a day instead of five from November, it said on Monday.

Advertisement

Passenger numbers fell by a third last winter, according to the company\u2019s annual report.

IRATE COMMUTERS queue at the terminal on Monday. (credit: SAM HOLT / HARBOUR NEWS)IRATE COMMUTERS queue at the terminal on Monday. (credit: SAM HOLT / HARBOUR NEWS)

Advertisement
Click to comment

Leave a Reply

Your email address will not be published. Required fields are marked *

< /div>
error: Content is protected !!
"""


def test_widget_labels_dateline_fragments_and_leave_a_reply():
    result = clean_document(NEWS_SITE_PAGE, fmt="text")
    assert result.title == "Ferry Operator Cuts Winter Timetable"
    assert paragraphs(result) == [
        "The ferry operator will run two crossings a day instead of five from November, it "
        "said on Monday.",
        "Passenger numbers fell by a third last winter, according to the company\u2019s annual "
        "report.",
    ]
    why = reasons(result)
    assert why["Connect with us"] == "call_to_action"
    assert why["News"] == "navigation"
    assert why["Published"] == "dateline"
    assert why["Click to comment"] == "comments"
    assert why["error: Content is protected !!"] == "comments"
    assert any(d.reason == "caption" and "credit:" in d.text for d in result.dropped)


def test_breadcrumb_menu_run_and_repeated_title():
    text = (
        "Home World Politics Business Sport Opinion\n\n"
        "Home Breaking News Mayor Wins Second Term\n\n"
        "Mayor Wins Second Term\n\n"
        "Weather\nTraffic\nEvents\nJobs\n\n"
        "The mayor won a second term on Sunday with 54 percent of the vote.\n\n"
        "Early Edition\n\n"
        "Turnout was 61 percent, the election board said.\n\n"
        "Share this:\nFacebook\nTwitter\nWhatsApp\n\n"
        "Mayor Wins Second Term\n\n"
        "\u00a9 2024 City Chronicle. All rights reserved.\n"
    )
    result = clean_document(text, fmt="text")
    assert result.title == "Mayor Wins Second Term"
    assert paragraphs(result) == [
        "The mayor won a second term on Sunday with 54 percent of the vote.",
        "Turnout was 61 percent, the election board said.",
    ]
    why = reasons(result)
    assert why["Home World Politics Business Sport Opinion"] == "navigation"
    assert why["Home Breaking News Mayor Wins Second Term"] == "navigation"
    assert why["Weather"] == "navigation"
    assert why["Jobs"] == "navigation"
    assert why["Share this:"] == "share"
    assert why["\u00a9 2024 City Chronicle. All rights reserved."] == "footer"
    assert why["Mayor Wins Second Term"] == "other"  # the repeats


def test_comment_thread_with_usernames_and_timestamps():
    text = (
        "Bridge Closed For Repairs\n\n"
        "The old bridge will be closed for repairs until the end of March, the council said.\n\n"
        "Drivers are advised to use the ring road.\n\n"
        "pat_w\n3 days ago\nTypical. They never fix anything on time, useless lot.\nReply\n\n"
        "Riverside Bob\n2 days ago\nShut up pat, you moan about everything.\nReply\n"
    )
    result = clean_document(text, fmt="text")
    assert paragraphs(result) == [
        "The old bridge will be closed for repairs until the end of March, the council said.",
        "Drivers are advised to use the ring road.",
    ]
    why = reasons(result)
    assert why["pat_w"] == "comments"
    assert why["Shut up pat, you moan about everything."] == "comments"


def test_comments_label_before_any_prose_does_not_swallow_the_article():
    text = (
        "Budget Passes After Late Vote\n\n12 Comments\n\n"
        "The city budget passed late on Thursday by a single vote.\n\n"
        "It includes money for two new schools.\n"
    )
    result = clean_document(text, fmt="text")
    assert len(paragraphs(result)) == 2
    assert reasons(result)["12 Comments"] in {"comments", "counter"}


def test_prose_mentioning_support_and_donations_is_kept():
    text = (
        "Aid Pledged\n\n"
        "Three countries pledged to support our region with food aid, the governor said.\n\n"
        "The charity donated $5 million to the fund on Monday.\n\n"
        "By the end of the year, prices had risen by 8 percent.\n"
    )
    result = clean_document(text, fmt="text")
    assert paragraphs(result) == [
        "Three countries pledged to support our region with food aid, the governor said.",
        "The charity donated $5 million to the fund on Monday.",
        "By the end of the year, prices had risen by 8 percent.",
    ]


def test_wording_and_punctuation_are_kept_whitespace_normalised():
    text = (
        "Talks Resume\n\n"
        "The envoy\u2019s   visit \u2014 the first\u00a0since 2019 \u2014 was \u201cuseful,\u201d"
        " he said.\u00a0 \n"
    )
    result = clean_document(text, fmt="text")
    assert result.text == (
        "The envoy\u2019s visit \u2014 the first since 2019 \u2014 was \u201cuseful,\u201d he said."
    )


def test_hard_wrapped_paragraph_is_joined():
    text = (
        "The committee published its report on Tuesday after a year of hearings\n"
        "and recommended that the agency be split into two smaller bodies with\n"
        "separate budgets.\n\nA vote is expected next month.\n"
    )
    result = clean_document(text, fmt="text")
    assert paragraphs(result)[0].endswith("split into two smaller bodies with separate budgets.")
    assert len(paragraphs(result)) == 2


def test_dropped_reasons_come_from_the_fixed_set():
    for page in (BLOG_PAGE, DONATION_PAGE, CAPTION_PAGE, NEWS_SITE_PAGE):
        for d in clean_document(page, fmt="text").dropped:
            assert d.reason in REASONS


HTML_PAGE = """<!doctype html><html><head><title>Ministers meet in Geneva | Daily Example</title>
<meta property="article:published_time" content="2021-03-19T10:00:00Z">
<meta name="author" content="Jane Roe">
<script>var tracker = "SECRET_SCRIPT_TEXT"; alert(1);</script>
<style>.x{color:red} /* STYLE_TEXT */</style></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article><h1>Ministers meet in Geneva</h1>
<p>The foreign ministers of three countries met in Geneva on Friday to discuss a ceasefire,
officials said.</p>
<p onclick="stealCookies()">The talks lasted four hours and ended without a joint statement,
according to a spokesman.</p>
<p>Read more: <a href="javascript:alert('x')">Why the talks matter</a></p>
<figure><img src="a.jpg" onerror="alert(2)">
<figcaption>Delegates arrive at the venue. (AP Photo/John Smith)</figcaption></figure>
<p>A second round is planned for next month in Vienna, the host government said on Saturday.</p>
<script>document.write("INLINE_SCRIPT_TEXT")</script>
</article>
<div class="comments"><h3>3 Comments</h3><p>Great article, thanks for sharing it with us all.</p></div>
<footer>&copy; 2021 Daily Example. All rights reserved.</footer></body></html>"""


def test_html_page_text_metadata_and_no_active_content():
    result = clean_document(HTML_PAGE)
    assert result.format == "html"
    assert result.title == "Ministers meet in Geneva"
    assert result.published == date(2021, 3, 19)
    assert result.author == "Jane Roe"
    kept = paragraphs(result)
    assert kept[0].startswith("The foreign ministers of three countries met in Geneva")
    assert any(p.startswith("A second round is planned") for p in kept)
    for bad in ("SECRET_SCRIPT_TEXT", "INLINE_SCRIPT_TEXT", "STYLE_TEXT", "color:red",
                "onclick", "stealCookies", "javascript:", "alert(", "AP Photo",
                "Great article", "All rights reserved", "Read more"):
        assert bad not in result.text


def test_tiny_html_fragment_falls_back_without_script_text():
    html = ("<div><p>The ferry sank near the harbour on Monday, the coastguard said.</p>"
            "<script>alert('FRAGMENT_SCRIPT')</script><style>p{}</style>"
            "<a href=\"javascript:void(0)\" onclick=\"x()\">Share</a></div>")
    result = clean_document(html, fmt="html")
    assert "ferry sank near the harbour" in result.text
    assert "FRAGMENT_SCRIPT" not in result.text
    assert "javascript" not in result.text


def test_markdown_page():
    md = (
        "# Port Strike Ends\n\n"
        "The port strike ended on **Wednesday**, the [union](https://example.org) said.\n\n"
        "![Dockers at the gate](dock.jpg)\n\n"
        "- Read more: [Why ports matter](https://example.org/ports)\n\n"
        "Cargo ships began unloading again on Thursday morning.\n"
    )
    result = clean_document(md)
    assert result.format == "markdown"
    assert result.title == "Port Strike Ends"
    assert paragraphs(result) == [
        "The port strike ended on Wednesday, the union said.",
        "Cargo ships began unloading again on Thursday morning.",
    ]


def test_filter_text_is_usable_on_its_own():
    result = filter_text("Title Of A Page\n\nA real sentence is here, and it is kept.\n")
    assert result.title == "Title Of A Page"
    assert result.paragraphs == ["A real sentence is here, and it is kept."]


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_property_clean_never_crashes_on_text(text):
    result = clean_document(text, fmt="text")
    for para in paragraphs(result):
        assert para == para.strip()
        assert "\n" not in para
        assert set(para) - {" "} <= set(text)  # nothing invented, only whitespace changed
    for d in result.dropped:
        assert d.reason in REASONS


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/ab p=\"' \n.Script")), max_size=300))
def test_property_clean_never_crashes_on_tag_soup(text):
    clean_document(text)


WORDPRESS_PAGE = """Skip to content
Menu
Search

World
Port Authority Announces New Tariffs
By Jane Doe
March 5, 2021 | 5 min read
Share on Facebook Share on Twitter

The port authority announced new tariffs on Thursday, raising fees for ships by 12 percent.

What changes for shippers

Shipping companies will pay the new fees from April 1, the authority said in a statement
\u201cWe had no choice,\u201d the authority\u2019s chief executive said

Photo: Harbour Authority

Analysts expect costs to be passed on to consumers within a few months.

Tags: ports, tariffs, shipping

Related Posts
Shipping rates climb again
Why ports are getting busier for the third year running

John Smith says:
March 5, 2021 at 10:15 am
This is a disgrace, the authority is run by crooks.
Reply
Mary K says:
March 6, 2021 at 8:02 am
Calm down John.
Reply
"""


def test_wordpress_page_sentences_without_full_stop_and_says_thread():
    result = clean_document(WORDPRESS_PAGE, fmt="text")
    assert result.title == "Port Authority Announces New Tariffs"
    assert result.author == "Jane Doe"
    assert result.published == date(2021, 3, 5)
    assert paragraphs(result) == [
        "The port authority announced new tariffs on Thursday, raising fees for ships by 12 "
        "percent.",
        "Shipping companies will pay the new fees from April 1, the authority said in a statement",
        "\u201cWe had no choice,\u201d the authority\u2019s chief executive said",
        "Analysts expect costs to be passed on to consumers within a few months.",
    ]
    why = reasons(result)
    assert why["What changes for shippers"] == "other"  # a sub-heading, not a claim
    assert why["Share on Facebook Share on Twitter"] == "share"
    assert why["Photo: Harbour Authority"] == "caption"
    assert why["Why ports are getting busier for the third year running"] == "navigation"
    assert why["John Smith says:"] == "comments"
    assert why["Calm down John."] == "comments"


def test_one_line_claim_without_full_stop_is_kept():
    result = clean_document("Iran and Russia signed a grain treaty on Friday\n", fmt="text")
    assert result.text == "Iran and Russia signed a grain treaty on Friday"


# --- the project's own sample pages (data/sample, written by us) as an oracle -------------

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample"


def _sample_clean(cache: dict, file: str):
    if file not in cache:
        raw = decode_bytes((SAMPLE / file).read_bytes(), max_bytes=10_000_000)
        cache[file] = clean_document(raw, fmt=detect_format(raw, file))
    return cache[file]


def test_sample_pages_titles_dates_and_planted_phrases():
    manifest = SAMPLE / "articles.json"
    planted_path = SAMPLE / "planted.json"
    if not manifest.is_file() or not planted_path.is_file():
        pytest.skip(f"sample data not found under {SAMPLE}")
    cache: dict = {}
    for entry in json.loads(manifest.read_text(encoding="utf-8")):
        result = _sample_clean(cache, entry["file"])
        assert result.title == entry["title"], entry["file"]
        assert str(result.published) == entry["published"], entry["file"]
    planted = json.loads(planted_path.read_text(encoding="utf-8"))
    checked = 0
    for section, entries in planted.items():
        if not isinstance(entries, list):
            continue
        for entry in entries:
            items = [entry] if "file" in entry else [
                v for v in entry.values() if isinstance(v, dict) and "file" in v
            ]
            for item in items:
                phrase = item.get("phrase")
                if not phrase:
                    continue
                text = _sample_clean(cache, item["file"]).text
                must_be_kept = section != "clutter" and item.get("where", "body") == "body"
                assert (phrase in text) == must_be_kept, (section, item["file"], phrase)
                checked += 1
    assert checked > 50


def test_site_name_section_crumb_and_place_dateline():
    text = (
        "THE VALLEY COURIER\n"
        "News \u00b7 Politics \u00b7 Farming \u00b7 Sport \u00b7 Weather: Oster 4\u00b0C\n"
        "The Valley Courier\n\n"
        "Help keep the Courier independent\n"
        "Become a Valley Courier member\n\n"
        "Regions > Lowlands\n\n"
        "Flood barrier finished two years late and over budget\n\n"
        "By Ida Marsh\n"
        "Oster, 14 February 2019\n\n"
        "The flood barrier on the lower river was finished on Wednesday, two years late.\n\n"
        "It cost 40 million euros, twice the first estimate, the regional council said.\n\n"
        "Want more local news? Get the Courier briefing every morning. Subscribe\n"
    )
    result = clean_document(text, fmt="text")
    assert result.title == "Flood barrier finished two years late and over budget"
    assert result.published == date(2019, 2, 14)
    assert result.author == "Ida Marsh"
    assert paragraphs(result) == [
        "The flood barrier on the lower river was finished on Wednesday, two years late.",
        "It cost 40 million euros, twice the first estimate, the regional council said.",
    ]
    why = reasons(result)
    assert why["Regions > Lowlands"] == "navigation"
    assert why["Oster, 14 February 2019"] == "dateline"
    assert why["Help keep the Courier independent"] == "donation"
    assert why["Become a Valley Courier member"] == "donation"
    assert why["Want more local news? Get the Courier briefing every morning. Subscribe"] \
        == "call_to_action"
    assert why["News \u00b7 Politics \u00b7 Farming \u00b7 Sport \u00b7 Weather: Oster 4\u00b0C"] \
        == "navigation"


def test_menu_bar_is_not_joined_to_the_date_line_below_it():
    text = (
        "Home | World | Region | Business | Ports & Shipping | Opinion | Log in\n"
        "Monday, June 3, 2019\n\n"
        "Lock Gates Replaced\n\n"
        "The lock gates at the canal entrance were replaced over the weekend, officials said.\n"
    )
    result = clean_document(text, fmt="text")
    assert result.published == date(2019, 6, 3)
    assert reasons(result)["Monday, June 3, 2019"] == "dateline"


CJK_PASTE = """防洪闸门启用

洛梅尔市的防洪闸门于周二正式启用，工程历时四年。市政府在声明中表示，闸门可在十二分钟内升起。

工程总造价约四千一百万欧元，旨在保护河流下游约九千户居民

分享到微博
"""


def test_pasted_chinese_prose_is_kept_even_without_a_final_full_stop():
    kept = paragraphs(clean_document(CJK_PASTE, fmt="text"))
    assert any(p.startswith("洛梅尔市的防洪闸门") for p in kept)
    assert any(p.startswith("工程总造价") for p in kept)  # long CJK line, no 。 at the end
    assert "分享到微博" not in kept


LIST_PASTE = """The river authority listed the districts that the new gates protect from now on:

- Old harbour quarter
- Mill street and the market

A second barrier upstream is still being planned by the regional council.
"""


def test_pasted_bulleted_items_inside_the_body_are_kept():
    kept = paragraphs(clean_document(LIST_PASTE, fmt="text"))
    assert "- Old harbour quarter" in kept
    assert "- Mill street and the market" in kept


def test_powered_by_inside_a_sentence_is_not_a_footer():
    text = ("The ferry is powered by a 300 kW electric motor and two battery packs, "
            "the operator said on Monday.\n\nPowered by ExampleCMS\n")
    result = clean_document(text, fmt="text")
    assert paragraphs(result)[0].startswith("The ferry is powered by")
    assert reasons(result)["Powered by ExampleCMS"] == "footer"
