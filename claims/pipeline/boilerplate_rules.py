"""Line-level rules for the plain-text boilerplate filter (see boilerplate.py).

Each rule looks at one unit (a line, or a wrapped paragraph) of a pasted page and
says what kind of boilerplate it is, or that it looks like prose or a heading.
The rules are about the shape of page furniture (short lines without sentence
punctuation, currency counters, call-to-action phrasing, caption credits,
comment-widget labels), not about any particular site.
"""

from __future__ import annotations

import re

from claims.pipeline.pubdate import BARE_DATE_LABEL, parse_dateline

REASONS = frozenset(
    {
        "navigation", "donation", "call_to_action", "share", "byline", "caption",
        "comments", "footer", "counter", "dateline", "embed", "promo", "correction", "other",
    }
)
PROSE = "prose"
HEADING = "heading"

_I = re.I
_THREE_LETTERS = re.compile(r"[^\W\d_][\W\d_]*[^\W\d_][\W\d_]*[^\W\d_]")
# Cheap pre-check before the caption patterns: every one of them needs one of these.
_CAPTION_HINTS = (
    "photo", "image", "picture", "pic", "credit", "courtesy", "source", "pictured", "getty",
    "shutterstock", "alamy", "istock", "wikimedia", "/", "video", "footage", "screenshot",
    "illustration", "graphic", "caption", "day, ",
)


_FOOTER_HINTS = (
    "\u00a9", "\u24d2", "\u24b8", "(c)", "copyright", "rights reserved", "privacy", "terms", "cookie", "powered by",
    "protected", "expressed", "appeared", "published", "posted", "republished", "all content",
)


def _maybe_footer(text: str) -> bool:
    low = text.lower()
    return any(hint in low for hint in _FOOTER_HINTS)


def _maybe_caption(text: str) -> bool:
    low = text.lower()
    return any(hint in low for hint in _CAPTION_HINTS)

# --- counters and donation drives -------------------------------------------------------
_CURRENCY = r"[$€£¥₽₹]"
CURRENCY_COUNTER = re.compile(
    rf"^\s*(?:{_CURRENCY}\s*[\d.,]+[kKmM]?|[\d.,]+[kKmM]?\s*{_CURRENCY})"
    rf"(?:\s*(?:/|of|raised|goal|-|–)?\s*(?:{_CURRENCY}\s*[\d.,]+[kKmM]?|[\d.,]+[kKmM]?\s*"
    rf"{_CURRENCY}))*\s*(?:raised|goal|donated|target)?\s*$",
    _I,
)
DAYS_LEFT = re.compile(r"\b\d+\s+(?:days?|hours?)\s+(?:left|remaining|to go)\b", _I)
NUMBER_COUNTER = re.compile(
    r"^\s*[\d\s.,:/%()xX+-]*\d[\d\s.,:/%()xX+-]*"
    r"(?:\s+(?:votes?|likes?|shares?|views?|reads?|comments?|responses?|replies|points?|"
    r"stars?|ratings?|followers?|subscribers?))*\s*$",
    _I,
)
DONATION_PHRASE = re.compile(
    r"\b(?:patreon|paypal|subscribestar|buy\s+me\s+a\s+coffee|ko-fi|crowdfund\w*|"
    r"reader[- ]funded|become\s+a\s+(?:patron|sustaining\s+member)|donation\s+(?:goal|drive))\b"
    r"|(?:^|[.!?]\s+)(?:please\s+)?(?:donate\b|(?:make|send)\s+a\s+(?:donation|contribution)|"
    r"support\s+(?:us|our\s+work|independent\s+\w+|this\s+(?:site|website|blog|channel))|"
    r"help\s+us\s+(?:grow|keep|continue|survive|stay|remain)|contribute\s+(?:now|today)|"
    r"become\s+an?\s+(?:[\w'-]+\s+){0,3}(?:member|supporter|subscriber|patron)\b|"
    r"fund\s+our\s+\w+|help\s+(?:us\s+)?keep\s+(?:the\s+|our\s+)?[\w\s]{0,30}"
    r"(?:independent|free|alive|going|running))",
    _I,
)
# "Support SouthFront", "... news free. Support the Harbour Ledger" (last sentence of the line)
SUPPORT_NAME = re.compile(
    r"(?:^|[.!?]\s+)\s*[Ss]upport\s+(?:the\s+)?[A-Z][\w.-]*(?:\s+[A-Z][\w.-]*){0,2}[.!]?\s*$"
)
# A button label after a sentence: "Get the morning brief. Subscribe"
TRAILING_BUTTON = re.compile(
    r"[.!?:]\s+(?:subscribe|sign\s+up|donate|join(?:\s+now)?|register|read\s+more|"
    r"learn\s+more|download|log\s*in)\s*[.!]?\s*$",
    _I,
)
# "... 12 issues for 20 euros. Click here for more information."
CLICK_HERE_LAST = re.compile(r"[.!?]\s+(?:click|tap)\s+here\b[^.!?]{0,60}[.!]?\s*$", _I)

# --- captions ---------------------------------------------------------------------------
CAPTION = re.compile(
    r"\((?:[A-Z][\w.&-]*\s+){0,3}(?:photo|photograph|image|picture|pic|video|footage|"
    r"screenshot|illustration|graphic)s?\s*(?:/|:|by|credit|courtesy)[^)]*\)"
    r"|\(\s*(?:photo\s+|image\s+|picture\s+)?(?:credit|credits|courtesy|source|pictured|"
    r"file\s+photo|photo|image)\s*:[^)]*\)"
    r"|\bIMAGE\s*:\s"
    r"|^\s*(?:photo|image|picture|caption|credit|photo\s+credit|image\s+credit|"
    r"image\s+source|file\s+photo|pictured|top\s+image|featured\s+image|main\s+image)s?"
    r"\s*(?::|by\b|-|–)"
    r"|\b(?:getty\s+images|shutterstock|afp\s+via\s+getty|alamy|istock(?:photo)?|"
    r"wikimedia\s+commons|sputnik/|/reuters|/tass\b|/afp\b|/ap\b|/epa\b)",
    _I,
)
# AP-style caption sentence: "... in Moscow, Russia, Tuesday, April 8, 2014."
AP_CAPTION_DATE = re.compile(
    r",\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),\s+"
    r"(?:jan|feb|march|april|may|june|july|aug|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2},\s+"
    r"(?:19|20)\d{2}\s*\.",
    _I,
)

# --- footer, byline, navigation, sharing, calls to action -------------------------------
FOOTER = re.compile(
    r"[©\u24d2\u24b8]|\(c\)\s*(?:19|20)\d{2}|\bcopyright\b|all\s+rights\s+reserved|privacy\s+policy|"
    r"terms\s+(?:of|and)\s+(?:use|service|conditions)|cookie\s+(?:policy|settings)|"
    r"^\s*(?:proudly\s+)?powered\s+by\b|content\s+is\s+protected|"
    r"(?:views|opinions)\b.{0,40}\bexpressed\b.{0,80}\b(?:solely|necessarily|do\s+not|"
    r"does\s+not|are\s+those)\b|"
    r"\b(?:this|the)\s+(?:article|story|post|piece)\s+(?:was\s+)?(?:originally\s+|first\s+)?"
    r"(?:appeared|published|posted)\s+(?:on|in|at|by)\b|republished\s+(?:with|from|under)\b|"
    r"\ball\s+content\s+(?:on|of)\s+this\s+site\b",
    _I,
)
BYLINE = re.compile(
    r"^\s*(?:by|written\s+by|posted\s+by|author|authors|reported\s+by|words\s+by|"
    r"story\s+by|published\s+by|contributed\s+by)\s*:?\s+(?P<name>[^\n]{2,80}?)\s*$",
    _I,
)
BYLINE_TRAIL = re.compile(
    r"\s+(?:at|on|-|–|\||·)\s+.*$|\s*[,|·–-]\s*(?:staff|reporter|correspondent|editor|"
    r"contributor|writer).*$",
    _I,
)
LABELS = re.compile(
    r"^\s*(?:labels|tags|tagged(?:\s+with)?|filed\s+under|categories|category|topics|"
    r"posted\s+in|keywords|sections?)\s*:", _I
)
RELATED = re.compile(
    r"^\s*(?:related(?:\s+(?:articles|stories|posts|news|content|coverage|reading|topics))?|"
    r"read\s+(?:more|also|next)|see\s+also|also\s+read|more\s+(?:on|from|about|in)\b.*|"
    r"more\s+(?:stories|news|articles|headlines)|you\s+(?:may|might)\s+(?:also\s+)?"
    r"(?:like|enjoy|be\s+interested(?:\s+in)?)|recommended(?:\s+for\s+you)?|"
    r"most\s+(?:popular|read|viewed|shared)|trending(?:\s+now)?|popular\s+(?:posts|stories)|"
    r"latest\s+(?:news|posts|stories|articles)|don'?t\s+miss|editor'?s\s+picks?|"
    r"further\s+reading|previous\s+(?:post|article)|next\s+(?:post|article))\s*[:.!]*\s*$",
    _I,
)
READ_MORE_LINK = re.compile(
    r"^\s*(?:read\s+(?:more|also|next)|see\s+also|also\s+read|related|watch|listen)\s*[:>»|-]",
    _I,
)
_SHARE_WORDS = frozenset(
    """share shares shared sharing this article story post on via to with tweet twitter x
    facebook whatsapp telegram email e-mail print linkedin reddit pinterest pin it vk
    messenger copy link flipboard tumblr mix gab truth social buffer more save bookmark send
    by f in ✉""".split()
)
SHARE_START = re.compile(r"^\s*(?:share|tweet|pin\s+it|email\s+this|print\s+this)\b", _I)
SHARE_ANY = re.compile(
    r"share\s+(?:to|on|via|with)\s+(?:twitter|facebook|pinterest|whatsapp|telegram|linkedin|"
    r"reddit|email|x|vk)\b|blogthis!",
    _I,
)
CALL_TO_ACTION = re.compile(
    r"^\s*(?:connect\s+with\s+us|follow\s+(?:us|me)|subscribe|sign\s+(?:up|in)|log\s*in|"
    r"register\b|join\s+(?:us|our|the\s+newsletter)|get\s+(?:the|our)\s+(?:newsletter|app|"
    r"latest)|newsletter|click\s+(?:here|to|the)|tap\s+(?:here|to)|read\s+(?:more|the\s+full)|"
    r"continue\s+reading|download\s+(?:the|our)|like\s+us\s+on|find\s+us\s+on|"
    r"what\s+do\s+you\s+think|what\s+are\s+your\s+thoughts|tell\s+us\s+what|"
    r"let\s+us\s+know|have\s+your\s+say|would\s+love\s+your\s+thoughts|thanks?\s+(?:you\s+)?"
    r"for\s+reading|article\s+rating|rate\s+this|listen\s+to\s+(?:this|the)\s+article|"
    r"watch\s+(?:now|live|the\s+video)|enable\s+javascript|please\s+(?:enable|disable|"
    r"whitelist|turn\s+off)|we\s+use\s+cookies|accept\s+(?:all\s+)?cookies|skip\s+to\s+"
    r"(?:content|main)|back\s+to\s+top|scroll\s+(?:down|to))",
    _I,
)
AD_LABEL = re.compile(
    r"^\s*(?:advertisement|advertising|sponsored(?:\s+content)?|promoted(?:\s+content)?|"
    r"paid\s+(?:content|post)|ad|ads|partner\s+content|scroll\s+to\s+continue.*)\s*[:.]?\s*$",
    _I,
)
BREADCRUMB_SEP = re.compile(r"\s(?:»|›|>|/|\||::|→|·|•)\s")
# "Regions > Middle East": a single separator between short labels
SHORT_CRUMB = re.compile(
    r"^\s*[\w&'-]+(?:\s+[\w&'-]+){0,2}\s(?:»|›|>|→)\s[\w&'-]+(?:\s+[\w&'-]+){0,2}\s*$"
)
BREADCRUMB_HOME = re.compile(r"^\s*home\s*(?:[»›>/|:→-]|\s+[A-Z])", _I)
_NAV_WORDS = frozenset(
    """home news world politics business sport sports opinion about contact login subscribe
    search menu video videos culture tech technology science health entertainment lifestyle
    podcasts podcast archive archives economy analysis editorial breaking latest local
    national international travel weather markets shop donate blog blogs events photos
    gallery features columns columnists""".split()
)
MARKUP_DEBRIS = re.compile(r"^\s*<\s*/?\s*[A-Za-z!][^<>]*>\s*$|^\s*[{}\[\]<>/\\|#*=_~`^-]+\s*$")

# --- comment threads --------------------------------------------------------------------
COMMENTS_START = re.compile(
    r"^\s*(?:\d+\s+(?:comments?|responses?|replies|thoughts|reactions)(?:\s+(?:on|to)\b.*)?"
    r"|no\s+comments?(?:\s+yet)?|comments?(?:\s*\(\d+\))?|reader\s+comments|discussion"
    r"|leave\s+a\s+(?:reply|comment|response)\b.*|(?:click|tap)\s+(?:here\s+)?to\s+comment.*"
    r"|notify\s+of\b.*|view\s+all\s+comments|inline\s+feedbacks|load\s+more\s+comments"
    r"|(?:join|start)\s+the\s+(?:discussion|conversation)\b.*"
    r"|(?:add|post|write|submit)\s+(?:a|your)\s+comment\b.*|show\s+(?:all\s+)?comments\b.*"
    r"|your\s+email\s+address\s+will\s+not\s+be\s+published\b.*"
    r"|comments\s+are\s+(?:closed|moderated)\b.*|(?:log|sign)\s*in\s+to\s+(?:leave\s+a\s+)?"
    r"(?:comment|reply)\b.*|be\s+the\s+first\s+to\s+comment\b.*"
    r"|\d+\s+thoughts?\s+on\b.*)\s*[:.!]?\s*$",
    _I,
)
THREAD_MARK = re.compile(
    r"^\s*(?:\d+\s+(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)"
    r"\s+ago|(?:reply|report|like|flag|delete|edit)(?:\s*[↓|·]\s*(?:reply|report|like|flag))*"
    r"\s*↓?|[\w .'-]{2,40}\s+(?:says|said|wrote)\s*:"
    r"|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2},?\s+\d{4}"
    r"\s*(?:at\s+)?\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?"
    r"|\d{1,2}/\d{1,2}/\d{2,4}\s+\d{1,2}:\d{2}\s*(?:[ap]\.?m\.?)?)\s*$",
    _I,
)

# --- embeds, promos, editorial notes ----------------------------------------------------
# The attribution line of an embedded post: "— Ann Example (@annex) March 3, 2020"
EMBED_ATTRIBUTION = re.compile(
    r"^\s*[\u2014\u2013-]\s*[^\n]{0,80}\(@\w{1,30}\)\s+(?:on\s+)?[A-Za-z]{3,9}\.?\s+\d{1,2},?\s+"
    r"\d{4}\s*$"
    r"|^\s*an?\s+(?:post|photo|video)\s+shared\s+by\b.{0,80}\(@\w{1,30}\)"
    r"|^\s*view\s+this\s+(?:post|photo|video)\s+on\s+(?:instagram|facebook|tiktok)\b",
    _I,
)
EMBED_LINK = re.compile(r"\bpic\.twitter\.com/\w+|\binstagram\.com/p/\w+", _I)
PROMO = re.compile(
    r"\b(?:sign\s+up|subscribe|register)\b.{0,60}\b(?:newsletters?|podcasts?|inbox|alerts)\b"
    r"|\bnewsletters?\b.{0,60}\b(?:sign\s+up|subscribe)\b"
    r"|\b(?:listen|subscribe)\s+(?:to|on)\b.{0,80}\b(?:podcasts?|apple\s+podcasts|spotify|"
    r"stitcher|google\s+podcasts)\b"
    r"|\b(?:get|delivered)\b.{0,40}\b(?:in|to)\s+your\s+inbox\b",
    _I,
)
# a short label naming a newsletter or a podcast ("The Morning Wire Newsletter")
PROMO_LABEL = re.compile(r"\b(?:newsletters?|podcasts?)\s*[:.!]?\s*$", _I)
ADAPTED = re.compile(
    r"^\s*(?:this\s+(?:article|story|post|piece|essay|interview)\s+(?:has\s+been|was|is)\s+"
    r"(?:adapted|excerpted|reprinted|republished|reproduced|condensed)\b"
    r"|(?:it\s+was\s+)?(?:originally|first)\s+(?:published|appeared|posted)\s+(?:on|in|at|by)\b"
    r"|read\s+the\s+original\s+(?:article|story|post)\b"
    r"|(?:adapted|excerpted|reprinted)\s+(?:with\s+permission\s+)?from\b)",
    _I,
)
CORRECTION = re.compile(
    r"^\s*\[?\(?\s*(?:correction|clarification|editor['\u2019]?s\s+note|updated?|"
    r"this\s+(?:story|article|post|report)\s+(?:has\s+been|was)\s+(?:updated|corrected|amended)|"
    r"an\s+earlier\s+version\s+of\s+this\s+(?:story|article|post|report))"
    r"(?:\s*(?::|\(|\u2014|\u2013|-|,|\d|on\b|at\b|added\b|appended\b|to\b|"
    r"(?<=report)|(?<=post)|(?<=story)|(?<=article)|(?<=corrected)|(?<=updated)|(?<=amended)))",
    _I,
)
# "Follow the Opinion desk on Facebook and Twitter", "Follow her on Twitter @example"
SOCIAL_FOLLOW = re.compile(
    r"(?:^|[.!?]\s+)follow\s+(?:[\w@.'\u2019-]+\s+){0,6}?(?:on|at|via)\s+(?:facebook|twitter|x|"
    r"instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon)\b",
    _I,
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
CONTACT = re.compile(
    r"\b(?:can|may)\s+be\s+reached\s+(?:at|by|on)\b|\b(?:have|got)\s+a\s+(?:news\s+)?tip\b|"
    r"\b(?:contact|email|e-mail|write\s+to)\s+(?:him|her|them|the\s+author|us)\b",
    _I,
)
# "(Reporting by A and B; Editing by C)", "Additional reporting by D."
CREDITS = re.compile(
    r"^\s*[(\[]?\s*(?:(?:additional\s+)?reporting|writing|editing|edited|compiled|"
    r"research|translation|translated)\s+by\b",
    _I,
)
# a WordPress-style shortcode left in the text: "[button link=...]Send it[/button]"
SHORTCODE = re.compile(r"^\s*\[(\w+)[^\]]*\].*\[/\1\]\s*$|^\s*\[/?\w+(?:\s+\w+=[^\]]*)?\]\s*$")
READING_TIME = re.compile(
    r"^\s*(?:(?:reading\s+time|read\s+time|tempo\s+de\s+leitura|tiempo\s+de\s+lectura|"
    r"temps\s+de\s+lecture|lesezeit)\s*:?\s*)?\d+\s*(?:min(?:ute)?s?|minutos?|minuten)\.?"
    r"(?:\s+(?:read|de\s+leitura|de\s+lectura|lesezeit))?\s*$",
    _I,
)


def editorial_reason(text: str) -> str | None:
    """Embeds, newsletter/podcast promos, corrections and "adapted from" notes."""
    n = len(words(text))
    if SHORTCODE.match(text):
        return "other"
    if n <= 40 and CREDITS.match(text):
        return "byline"
    if n <= 40 and EMAIL.search(text) and (CONTACT.search(text) or SOCIAL_FOLLOW.search(text)):
        return "byline"
    if n <= 25 and SOCIAL_FOLLOW.search(text) and (n <= 12 or SOCIAL_FOLLOW.match(text)):
        return "call_to_action"
    if EMBED_ATTRIBUTION.search(text) or (n <= 60 and EMBED_LINK.search(text)):
        return "embed"
    if n <= 40 and ADAPTED.search(text):
        return "footer"
    if n <= 60 and CORRECTION.match(text):
        return "correction"
    if n <= 30 and PROMO.search(text):
        return "promo"
    if n <= 6 and not ends_like_sentence(text) and PROMO_LABEL.search(text):
        return "promo"
    if n <= 8 and READING_TIME.match(text):
        return "other"
    return None


_TERMINAL = re.compile(
    r"[.!?\u2026\u3002\uff01\uff1f\uff0e][\"'\u201d\u2019)\]»\u300d\u300f\uff09]*\s*$"
    r"|[\"\u201d\u300d\u300f]\s*$"
)
# Han ideographs, kana and Hangul syllables: scripts written without spaces between words
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def cjk_chars(text: str) -> int:
    return len(_CJK.findall(text))


def is_cjk(text: str) -> bool:
    """Mostly Chinese, Japanese or Korean characters."""
    letters = sum(1 for c in text if c.isalpha())
    return letters > 0 and cjk_chars(text) / letters >= 0.5


def words(text: str) -> list[str]:
    return text.split()


def ends_like_sentence(text: str) -> bool:
    """Ends with sentence punctuation (maybe inside closing quotes), or a ':' after prose."""
    if _TERMINAL.search(text):
        return True
    stripped = text.rstrip()
    if stripped.endswith(":"):
        ws = words(stripped)
        return len(ws) >= 3 and any(w[:1].islower() for w in ws)
    return False


def is_menu_line(text: str) -> bool:
    """A run of capitalised menu labels on one line ("Home News World Politics Sport")."""
    ws = [w.strip(".,|»›>/").lower() for w in words(text)]
    ws = [w for w in ws if w]
    return len(ws) >= 4 and sum(1 for w in ws if w in _NAV_WORDS) >= max(2, len(ws) // 2)


def is_breadcrumb(text: str) -> bool:
    if ends_like_sentence(text):
        return False
    if len(BREADCRUMB_SEP.findall(text)) >= 2 or SHORT_CRUMB.match(text):
        return True
    return bool(BREADCRUMB_HOME.match(text)) and len(words(text)) >= 2


def is_share_line(text: str) -> bool:
    ws = [w.strip(".,:;|·•!").lower() for w in words(text)]
    ws = [w for w in ws if w]
    if not ws or len(ws) > 12:
        return False
    if all(w in _SHARE_WORDS for w in ws) and any(w != "more" for w in ws):
        return any(w in {"share", "tweet", "facebook", "twitter", "whatsapp", "telegram",
                         "email", "e-mail", "print", "linkedin", "reddit", "pinterest", "vk"}
                   for w in ws)
    if SHARE_ANY.search(text):
        return True
    return bool(SHARE_START.match(text)) and len(ws) <= 8 and not ends_like_sentence(text)


def is_all_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 4 and sum(1 for c in letters if c.isupper()) / len(letters) > 0.85


def byline_name(text: str) -> str | None:
    """The name in a byline line ("By Jane Doe, Staff Writer" -> "Jane Doe"), else None."""
    match = BYLINE.match(text)
    if not match or len(words(text)) > 14:
        return None
    name = BYLINE_TRAIL.sub("", match.group("name")).strip(" ,.|-–")
    name_words = words(name)
    if not name_words or len(name_words) > 6:
        return None
    if ends_like_sentence(text) and not re.search(r"\d{1,2}:\d{2}", text):
        if sum(1 for w in name_words if w[:1].isupper()) < len(name_words):
            return None  # "By the end of the year, prices rose."
    if not name_words[0][:1].isupper():
        return None
    return name


def specific_reason(text: str) -> str | None:
    """The boilerplate kind a rule recognises in one unit, or None (see ``classify``)."""
    ws = words(text)
    n = len(ws)
    if MARKUP_DEBRIS.match(text):
        return "other"
    if CURRENCY_COUNTER.match(text):
        return "donation"
    if not _THREE_LETTERS.search(text):
        return "counter" if any(c.isdigit() for c in text) else "other"
    if NUMBER_COUNTER.match(text):
        return "counter"
    if n <= 15 and DAYS_LEFT.search(text):
        return "donation"
    if _maybe_caption(text) and (CAPTION.search(text) or AP_CAPTION_DATE.search(text)):
        return "caption"
    if n <= 60 and _maybe_footer(text) and FOOTER.search(text):
        return "footer"
    if n <= 20 and (SUPPORT_NAME.match(text) or DONATION_PHRASE.search(text)):
        return "donation"
    if byline_name(text) is not None:
        return "byline"
    if LABELS.match(text) or (n <= 10 and RELATED.match(text)):
        return "navigation"
    if n <= 25 and READ_MORE_LINK.match(text):
        return "navigation"
    if is_share_line(text):
        return "share"
    if n <= 6 and AD_LABEL.match(text):
        return "other"
    if n <= 15 and (CALL_TO_ACTION.match(text) or TRAILING_BUTTON.search(text)):
        return "call_to_action"
    if n <= 30 and CLICK_HERE_LAST.search(text):
        return "call_to_action"
    if is_breadcrumb(text) or is_menu_line(text):
        return "navigation"
    if BARE_DATE_LABEL.match(text) or parse_dateline(text) is not None:
        return "dateline"
    return editorial_reason(text)


def classify(text: str) -> str:
    """Reason for dropping one unit, or PROSE, or HEADING (a title/sub-heading candidate).

    First the rules that recognise a kind of page furniture (``specific_reason``), then
    the shape of the line: sentence punctuation makes prose; a short line without it is
    a heading candidate (or a menu label, or debris).
    """
    reason = specific_reason(text)
    if reason is not None:
        return reason
    ws = words(text)
    n = len(ws)
    if ends_like_sentence(text):
        if n == 1 and not is_cjk(text):
            return "other"
        return PROSE
    if is_cjk(text) and cjk_chars(text) >= 20:
        return PROSE  # Chinese/Japanese prose has no spaces: count characters, not words
    if n >= 20 or (n >= 8 and re.search(r"[.!?][\"'\u201d\u2019)]*\s+[A-Z\"\u201c]", text)):
        return PROSE  # a real paragraph that lost its final full stop
    if n == 1:
        return "navigation" if text[:1].isupper() else "other"
    if n <= 12 and is_all_caps(text):
        return "other"
    if n <= 2 and text[:1].islower():
        return "other"
    return HEADING
