import json

import pytest

from claims.models import ReferencePassage
from claims.pipeline.errors import InputError
from claims.services.reference_load import reference_load

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
        "claims.services.verification_start.passages_embed_enqueue", lambda **kw: None
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
