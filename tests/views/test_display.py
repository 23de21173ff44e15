"""Display helpers: claim highlights in an article, marked values.
"""

from claims.views.display import article_segments, mark_value


def test_article_segments_share_and_clip_spans():
    class C:
        def __init__(self, start, end):
            self.start, self.end = start, end
            self.flags = type("F", (), {"all": lambda self: []})()

    text = "Aaaa. Bbbb. Cccc."
    a, b, b2, overlap = C(0, 5), C(6, 11), C(6, 11), C(9, 17)
    segs = article_segments(text, [a, b, b2, overlap])
    assert "".join(s["text"] for s in segs) == text  # nothing lost, nothing doubled
    marked = [s for s in segs if s["claims"]]
    assert [s["text"] for s in marked] == ["Aaaa.", "Bbbb.", " Cccc."]
    assert marked[1]["claims"] == [b, b2]


def test_mark_value_escapes_and_marks():
    html, found = mark_value("<b>since 2016</b>", "2016")
    assert found and html == "&lt;b&gt;since <mark>2016</mark>&lt;/b&gt;"
    html, found = mark_value("since 2016", "1999")
    assert not found and "<mark>" not in html
