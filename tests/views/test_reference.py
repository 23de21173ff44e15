"""/reference/: moderators browse, search and upload reference passages through the
service ``load_reference`` uses: same line-numbered errors, all or nothing unless
"skip bad rows", duplicates set aside, a re-verification started."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from claims.models import ReferencePassage, VerificationRun
from claims.services.reference import passage_hash
from tests.factories import ClaimFactory, ReferencePassageFactory

URL = "/reference/"

# our own words
ROWS = [
    {"text": "The Gullrock lighthouse lamp was automated in 1986.", "title": "Gullrock light",
     "source": "Coast Almanac", "url": "https://almanac.example/gullrock",
     "published": "2020-04-01"},
    {"text": "The Tarnby to Osk ferry first sailed in 1962.", "title": "Tarnby ferry",
     "source": "Coast Almanac"},
]


def jsonl(rows, extra_lines=()):
    lines = [json.dumps(r) for r in rows] + list(extra_lines)
    return SimpleUploadedFile("corpus.jsonl", "\n".join(lines).encode(),
                              content_type="application/json")


@pytest.mark.django_db
def test_permissions(client, outsider, reviewer, moderator):
    assert client.get(URL).status_code == 302
    for user in (outsider, reviewer):
        client.force_login(user)
        assert client.get(URL).status_code == 403
        assert client.post(URL, {"file": jsonl(ROWS)}).status_code == 403
    assert not ReferencePassage.objects.exists()
    client.force_login(moderator)
    assert client.get(URL).status_code == 200


@pytest.mark.django_db
def test_list_and_search(moderator_client):
    ReferencePassageFactory(text="Wheat prices rose in the spring.", title="Grain")
    ReferencePassageFactory(text="The pier was rebuilt in 1999.", title="Harbour history")
    resp = moderator_client.get(URL, {"q": "pier rebuilt"})
    assert [p.title for p in resp.context["page"]] == ["Harbour history"]
    assert len(resp.context["page"]) == 1
    assert len(moderator_client.get(URL).context["page"]) == 2


@pytest.mark.django_db
def test_upload_adds_and_sets_duplicates_aside(moderator_client):
    text = "The Tarnby to Osk ferry first sailed in 1962."
    ReferencePassageFactory(text=text, content_hash=passage_hash(text))
    resp = moderator_client.post(URL, {"file": jsonl(ROWS), "reverify": ""})
    assert resp.status_code == 200
    html = resp.content.decode()
    assert ReferencePassage.objects.count() == 2
    assert "1 passage added" in html and "1 set aside as duplicate" in html
    assert "Gullrock light" in html and "already loaded" in html


@pytest.mark.django_db
def test_bad_row_changes_nothing_and_names_its_line(moderator_client):
    resp = moderator_client.post(URL, {"file": jsonl(ROWS, ['{"title": "no text here"}'])})
    assert resp.status_code == 400
    html = resp.content.decode()
    assert not ReferencePassage.objects.exists()
    assert "line 3: empty text" in html and "nothing was loaded" in html
    assert "Skip bad rows" in html and "--skip-bad" not in html


@pytest.mark.django_db
def test_skip_bad_rows_loads_the_good_ones(moderator_client):
    resp = moderator_client.post(
        URL, {"file": jsonl(ROWS, ["{not json"]), "skip_bad": "on"})
    assert resp.status_code == 200
    assert ReferencePassage.objects.count() == 2
    assert "line 3: not valid JSON" in resp.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("name,data,message", [
    ("corpus.jsonl", b"\x00\x01\x02binary" * 50, "binary"),
    ("corpus.jsonl", b"", "empty"),
    ("corpus.pdf", b"text", "expected a .jsonl or .csv file"),
    ("corpus.csv", b"words,more\nx,y\n", "the CSV header must have"),
])
def test_bad_files_change_nothing(moderator_client, name, data, message):
    resp = moderator_client.post(URL, {"file": SimpleUploadedFile(name, data)})
    assert resp.status_code == 400
    assert message in resp.content.decode()
    assert not ReferencePassage.objects.exists()


@pytest.mark.django_db
def test_upload_starts_a_reverification(moderator_client):
    ClaimFactory()  # matched never: stale
    resp = moderator_client.post(URL, {"file": jsonl(ROWS), "reverify": "on"})
    run = VerificationRun.objects.get(kind=VerificationRun.Kind.REVERIFY)
    assert resp.context["run"] == run
    assert f'id="run-{run.pk}"' in resp.content.decode()


@pytest.mark.django_db
def test_csv_upload(moderator_client):
    csv = "text,title,source,url,published\nThe old mill closed in 1931.,Mill,Valley Almanac,,\n"
    resp = moderator_client.post(URL, {"file": SimpleUploadedFile("c.csv", csv.encode())})
    assert resp.status_code == 200
    assert ReferencePassage.objects.get().title == "Mill"


@pytest.mark.django_db
def test_top_bar_links_reference_for_moderators_only(client, reviewer, moderator):
    client.force_login(reviewer)
    assert f'href="{URL}"' not in client.get("/articles/").content.decode()
    client.force_login(moderator)
    assert f'href="{URL}"' in client.get("/articles/").content.decode()
