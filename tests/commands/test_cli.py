"""The command-line contract: exit codes, messages, nothing written on bad input."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from claims.models import Article, ReferencePassage

ARTICLE = """Wednesday, 8 March 2023

Port Meridian terminal handles record grain volume

The grain terminal in Port Meridian handled 1.6 million tonnes of wheat in February, the harbour authority said on Tuesday.
Officials said that the terminal employs 420 people.
"""


@pytest.fixture
def article_file(tmp_path):
    p = tmp_path / "port.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


@pytest.mark.django_db
def test_ingest_then_duplicate(article_file, capsys):
    call_command("ingest", str(article_file), "--source", "Harbour Ledger", "--no-verify")
    out = capsys.readouterr().out
    assert "article" in out and "claims" in out
    with pytest.raises(CommandError, match="1 of 1 document"):
        call_command("ingest", str(article_file), "--source", "Harbour Ledger", "--no-verify")
    assert "Duplicate" in capsys.readouterr().err
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_ingest_published_and_title(article_file):
    call_command("ingest", str(article_file), "--published", "2023-03-09", "--title", "T",
                 "--no-verify")
    a = Article.objects.get()
    assert a.published.isoformat() == "2023-03-09" and a.title == "T"


@pytest.mark.django_db
def test_ingest_bad_date_and_missing_file(tmp_path):
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("ingest", "x.txt", "--published", "09/03/2023")
    with pytest.raises(CommandError, match="no such file"):
        call_command("ingest", str(tmp_path / "missing.txt"))
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_ingest_empty_and_binary_files(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "img.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00")
    with pytest.raises(CommandError, match="2 of 2"):
        call_command("ingest", str(tmp_path / "empty.txt"), str(tmp_path / "img.txt"))
    err = capsys.readouterr().err
    assert "empty" in err and "binary" in err
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_load_reference_bad_row(tmp_path, monkeypatch):
    monkeypatch.setattr(
        "claims.services.embeddings.passages_embed_enqueue", lambda **kw: None
    )
    p = tmp_path / "ref.jsonl"
    p.write_text('{"text": "ok", "title": "", "source": "", "url": "", "published": ""}\n'
                 '{"text": \n', encoding="utf-8")
    with pytest.raises(CommandError, match="line 2"):
        call_command("load_reference", str(p))
    assert ReferencePassage.objects.count() == 0
    call_command("load_reference", str(p), "--skip-bad")
    assert ReferencePassage.objects.count() == 1


@pytest.mark.django_db
def test_load_reference_names_the_rows_it_did_not_store(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(
        "claims.services.embeddings.passages_embed_enqueue", lambda **kw: None
    )
    row = {"title": "", "source": "", "url": "", "published": ""}
    lines = [json.dumps(dict(row, id="a1", text="The quay is 400 metres long."))]
    lines += [json.dumps(dict(row, id=f"b{i}", text="the quay is 400  metres long."))
              for i in range(12)]
    p = tmp_path / "ref.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    call_command("load_reference", str(p))
    out = capsys.readouterr().out
    assert "1 passages loaded, 12 duplicates ignored" in out
    assert "not stored, line 2 (id b0): same text as line 1 (id a1)" in out
    assert "line 13 (id b11)" not in out and "… and 2 more duplicates" in out
    call_command("load_reference", str(p), "--verbosity", "2")
    out = capsys.readouterr().out
    assert "0 passages loaded, 13 duplicates ignored" in out
    kept = ReferencePassage.objects.get().pk
    assert f"line 1 (id a1): id already loaded as passage {kept}" in out
    assert f"line 13 (id b11): same text as passage {kept}, already loaded" in out
    call_command("load_reference", str(p), "--verbosity", "0")
    assert "not stored" not in capsys.readouterr().out


@pytest.mark.django_db
def test_export_json_shape(article_file, tmp_path):
    call_command("ingest", str(article_file), "--source", "Harbour Ledger", "--no-verify")
    out = tmp_path / "out.json"
    call_command("export", "--format", "json", "-o", str(out))
    data = json.loads(out.read_text())
    assert len(data) == 1
    art = data[0]
    assert {"id", "title", "source", "published", "claims"} <= set(art)
    claim = art["claims"][0]
    assert {"id", "text", "sentence", "span", "checkworthiness", "dates", "flags", "matches",
            "verdict", "contradictions"} <= set(claim)
    a = Article.objects.get()
    s, e = claim["span"]
    assert a.cleaned_text[s:e] == claim["sentence"]


@pytest.mark.django_db
def test_export_csv_and_jsonl(article_file, tmp_path):
    call_command("ingest", str(article_file), "--no-verify")
    n = Article.objects.get().claims.count()
    csv_out, jl_out = tmp_path / "c.csv", tmp_path / "c.jsonl"
    call_command("export", "--format", "csv", "-o", str(csv_out))
    call_command("export", "--format", "jsonl", "-o", str(jl_out))
    assert len(csv_out.read_text().strip().splitlines()) == n + 1
    assert len(jl_out.read_text().strip().splitlines()) == n


@pytest.mark.django_db
def test_export_unknown_article_and_dir(tmp_path):
    with pytest.raises(CommandError, match="No article"):
        call_command("export", "--article", "999")
    with pytest.raises(CommandError, match="no such directory"):
        call_command("export", "-o", str(tmp_path / "nope" / "x.json"))
