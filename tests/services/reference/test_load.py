import json

import pytest

from claims.models import ReferencePassage
from claims.pipeline.errors import InputError
from claims.services.reference import reference_load

GOOD = [
    {"text": "The ministers met in Moscow on 20 December 2016.", "title": "Moscow meeting",
     "source": "Our notes", "url": "https://example.org/a", "published": "2016-12-20"},
    {"text": "Talks in Astana opened on 23 January 2017.", "title": "Astana",
     "source": "Our notes", "url": "", "published": "2017-01-23"},
    {"text": "The port handled 1.2 million tonnes in 2019.", "title": "", "source": "",
     "url": "", "published": ""},
]


@pytest.fixture(autouse=True)
def no_embedding(monkeypatch):
    # loading is what is tested here; embedding has its own tests
    monkeypatch.setattr(
        "claims.services.embeddings.passages_embed_enqueue", lambda **kw: None
    )


def write_jsonl(path, rows, bad_line_at=None):
    lines = [json.dumps(r) for r in rows]
    if bad_line_at is not None:
        lines.insert(bad_line_at - 1, '{"text": "broken", ')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.django_db
def test_loads_jsonl(tmp_path):
    result = reference_load(path=write_jsonl(tmp_path / "c.jsonl", GOOD))
    assert result.created == 3 and result.duplicates == 0
    p = ReferencePassage.objects.get(title="Moscow meeting")
    assert str(p.published) == "2016-12-20" and p.content_hash


@pytest.mark.django_db
def test_malformed_row_loads_nothing_and_names_line(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD, bad_line_at=3)
    with pytest.raises(InputError) as err:
        reference_load(path=path)
    assert "line 3" in str(err.value) and "nothing was loaded" in str(err.value)
    assert ReferencePassage.objects.count() == 0


@pytest.mark.django_db
def test_skip_bad_loads_good_rows(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD, bad_line_at=2)
    result = reference_load(path=path, skip_bad=True)
    assert result.created == 3
    assert result.skipped and result.skipped[0].startswith("line 2:")


@pytest.mark.django_db
def test_reload_is_idempotent(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", GOOD)
    reference_load(path=path)
    again = reference_load(path=path)
    assert again.created == 0 and again.duplicates == 3
    assert ReferencePassage.objects.count() == 3


@pytest.mark.django_db
def test_csv_with_bad_date_and_empty_text(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "text,title,source,url,published\n"
        "A fact we wrote.,T,S,https://example.org/x,2020-01-02\n"
        ",empty,S,,2020-01-02\n"
        "Another fact.,T2,S,,02/01/2020\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        reference_load(path=path)
    msg = str(err.value)
    assert "line 3: empty text" in msg and "line 4:" in msg and "YYYY-MM-DD" in msg
    assert ReferencePassage.objects.count() == 0


@pytest.mark.django_db
def test_csv_wrong_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("body,headline\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 1: the CSV header"):
        reference_load(path=path)


@pytest.mark.django_db
def test_duplicate_ids_in_file(tmp_path):
    rows = [dict(GOOD[0], id="r1"), dict(GOOD[1], id="r1")]
    with pytest.raises(InputError, match="line 2: duplicate id 'r1'"):
        reference_load(path=write_jsonl(tmp_path / "c.jsonl", rows))


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"])
def test_empty_or_binary_file(tmp_path, content):
    path = tmp_path / "c.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError):
        reference_load(path=path)


@pytest.mark.django_db
def test_unknown_extension(tmp_path):
    path = tmp_path / "c.xml"
    path.write_text("<x/>")
    with pytest.raises(InputError, match=".jsonl or .csv"):
        reference_load(path=path)


# --- hostile corpus files: every bad row named by line, nothing half-loaded ----------


def _fails_loading_nothing(path, *expected):
    with pytest.raises(InputError) as err:
        reference_load(path=path)
    msg = str(err.value)
    for part in expected:
        assert part in msg, msg
    assert "Traceback" not in msg
    assert ReferencePassage.objects.count() == 0
    return msg


@pytest.mark.django_db
def test_jsonl_every_kind_of_bad_row_is_named_by_line(tmp_path):
    path = tmp_path / "c.jsonl"
    lines = [
        json.dumps(GOOD[0]),                                  # 1 good
        "[1, 2, 3]",                                          # 2 not an object
        json.dumps({"body": "wrong column", "text": "x"}),    # 3 unknown field
        json.dumps({"text": {"nested": "object"}}),           # 4 wrong type
        json.dumps({"title": "no text"}),                     # 5 missing text
        json.dumps(dict(GOOD[1], url="javascript:alert(1)")),  # 6 not an http url
        "",                                                   # 7 blank: ignored
        json.dumps(dict(GOOD[2], published="2017-02-30")),    # 8 no such date
        '{"text": "unterminated',                             # 9 broken JSON
        "[" * 100_000,                                        # 10 nested too deep
        json.dumps(GOOD[1]),                                  # 11 good
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    msg = _fails_loading_nothing(
        path, "8 bad row(s)", "line 2: a JSON object", "line 3: unknown field(s): body",
        "line 4: field 'text' must be a string", "line 5: empty text",
        "line 6: url 'javascript:alert(1)'", "line 8: published", "line 9: not valid JSON",
        "line 10:",
    )
    assert "line 1:" not in msg and "line 7:" not in msg and "line 11:" not in msg


@pytest.mark.django_db
def test_csv_ragged_rows_and_broken_quotes_are_named_by_line(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text(
        "text,title,source,url,published\n"
        "A fact we wrote.,T,S,https://example.org/x,2020-01-02\n"
        "Too many,cells,in,this,row,extra\n"
        "Too few cells\n"
        '"An unterminated quote,T,S,,2020-01-02\n',
        encoding="utf-8",
    )
    msg = _fails_loading_nothing(path, "2 bad row(s)", "line 3: more cells than header columns",
                                 "line 5: malformed CSV (unexpected end of data)")
    assert "line 2:" not in msg


@pytest.mark.django_db
def test_csv_unknown_and_missing_header_columns(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("title,source,id,secret\nT,S,1,x\n", encoding="utf-8")
    _fails_loading_nothing(path, "line 1: the CSV header", "missing: text", "unknown: secret")


@pytest.mark.django_db
def test_duplicate_id_reports_both_lines_and_loads_nothing(tmp_path):
    rows = [dict(GOOD[0], id="r1"), dict(GOOD[1], id="r2"), dict(GOOD[2], id="r1")]
    _fails_loading_nothing(write_jsonl(tmp_path / "c.jsonl", rows),
                           "line 3: duplicate id 'r1' (first on line 1)")


@pytest.mark.django_db
def test_an_id_already_stored_is_a_duplicate_not_a_second_row(tmp_path):
    reference_load(path=write_jsonl(tmp_path / "a.jsonl", [dict(GOOD[0], id="r1")]))
    again = reference_load(
        path=write_jsonl(tmp_path / "b.jsonl", [dict(GOOD[1], id="r1"), dict(GOOD[2], id="r3")])
    )
    assert (again.created, again.duplicates) == (1, 1)
    assert ReferencePassage.objects.filter(external_id="r1").count() == 1
    first = ReferencePassage.objects.get(external_id="r1")
    assert again.duplicate_lines == [f"line 1 (id r1): id already loaded as passage {first.pk}"]


@pytest.mark.django_db
def test_a_row_refused_for_its_id_does_not_shadow_a_later_copy_of_its_text(tmp_path):
    reference_load(path=write_jsonl(tmp_path / "a.jsonl", [dict(GOOD[0], id="r1")]))
    again = reference_load(
        path=write_jsonl(tmp_path / "b.jsonl", [dict(GOOD[1], id="r1"), dict(GOOD[1], id="r2")])
    )
    assert (again.created, again.duplicates) == (1, 1)
    assert ReferencePassage.objects.get(external_id="r2").text == GOOD[1]["text"]


@pytest.mark.django_db
def test_failure_while_writing_rolls_the_whole_file_back(tmp_path, monkeypatch):
    def boom(**kw):
        raise RuntimeError("broker down")

    monkeypatch.setattr("claims.services.embeddings.passages_embed_enqueue", boom)
    rows = [dict(GOOD[0], text=f"Fact number {i} about the port.") for i in range(1200)]
    with pytest.raises(RuntimeError):
        reference_load(path=write_jsonl(tmp_path / "c.jsonl", rows))
    assert ReferencePassage.objects.count() == 0  # three bulk batches, none kept


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content, message",
    [
        (b"\xff\xfe\x00\xd8" + b"\x00" * 40, "binary|encoding|byte-order"),
        (b'{"text": "caf\x81\x8d\x8f\x90\x9d \xc3\x28"}\n', "Unknown encoding"),
        (b"text\n" + b"\x00\x01\x02\x03" * 50, "binary"),
    ],
)
def test_undecodable_corpus_is_refused(tmp_path, content, message):
    path = tmp_path / "c.jsonl"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        reference_load(path=path)
    assert ReferencePassage.objects.count() == 0


@pytest.mark.django_db
def test_near_duplicate_texts_are_stored_once_keeping_the_first(tmp_path):
    rows = [
        {"text": 'The minister said "we will not sign" on 3 May 2019.', "title": "First copy",
         "source": "crawl A", "url": "", "published": ""},
        {"text": "The port handled 1.2 million tonnes in 2019.", "title": "", "source": "",
         "url": "", "published": ""},
        # the same fact-check again from another crawl: other quotes, case and spacing
        {"text": "the minister said \u2018we will not sign\u2019  on 3 May 2019.",
         "title": "Second copy", "source": "crawl B", "url": "", "published": ""},
    ]
    rows[0]["id"], rows[2]["id"] = "fc-17", "fc-903"
    result = reference_load(path=write_jsonl(tmp_path / "c.jsonl", rows))
    assert result.created == 2 and result.duplicates == 1
    kept = ReferencePassage.objects.get(text__startswith="The minister")
    assert kept.title == "First copy"
    # the dropped row's id is not lost silently: the result names the copy standing for it
    assert result.duplicate_lines == ["line 3 (id fc-903): same text as line 1 (id fc-17)"]
    again = reference_load(path=write_jsonl(tmp_path / "d.jsonl", [rows[2]]))
    assert again.created == 0 and again.duplicates == 1
    assert again.duplicate_lines == [
        f"line 1 (id fc-903): same text as passage {kept.pk}, already loaded"
    ]


@pytest.mark.django_db
def test_hash_migration_rehashes_and_keeps_near_duplicates_already_stored():
    import importlib

    from django.apps import apps

    from claims.pipeline.dedupe import text_hash

    migration = importlib.import_module("claims.migrations.0008_passage_hash_normal_form")
    a = ReferencePassage.objects.create(text='He said "no".', content_hash="old-a")
    b = ReferencePassage.objects.create(text="He said \u201cno\u201d.", content_hash="old-b")
    c = ReferencePassage.objects.create(text="Plain text.", content_hash="old-c")
    migration.rehash(apps, None)
    a.refresh_from_db(), b.refresh_from_db(), c.refresh_from_db()
    assert a.content_hash == text_hash(a.text) == text_hash(b.text)
    assert b.content_hash == "old-b"  # left in place, with a hash of its own
    assert c.content_hash == text_hash("Plain text.")
