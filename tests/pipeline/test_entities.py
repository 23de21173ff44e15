"""Rule-based entities: gazetteers, title cues, sentence-initial words."""

from claims.pipeline.entities import extract_entities


def ents(text, **kw):
    return [(e.text, e.label) for e in extract_entities(text, **kw)]


def test_people_places_nationalities_orgs():
    got = ents(
        "Norwegian Trade Minister Ingrid Solberg met Chilean officials in Santiago, Chile, "
        "and the Ministry of Fisheries said NATO was not involved."
    )
    assert ("Norwegian", "NORP") in got
    assert ("Ingrid Solberg", "PERSON") in got
    assert ("Chilean", "NORP") in got
    assert ("Chile", "GPE") in got
    assert ("Ministry of Fisheries", "ORG") in got
    assert ("NATO", "ORG") in got
    assert not any(t.startswith(("Trade", "Minister")) for t, _ in got)


def test_sentence_initial_common_words_are_not_entities():
    got = ents("Meanwhile the harbour froze. Following the storm, Peru closed its ports.")
    assert ("Meanwhile", "OTHER") not in got and not any(t == "Following" for t, _ in got)
    assert ("Peru", "GPE") in got


def test_possessive_splits_and_is_stripped():
    got = ents("Kenya’s National Water Agency raised prices.")
    assert got == [("Kenya", "GPE"), ("National Water Agency", "ORG")]


def test_coordinated_places_are_separate():
    assert ents("Trade between Lima and Quito grew.") == [("Lima", "OTHER"), ("Quito", "OTHER")]


def test_known_people_make_a_surname_a_person():
    assert ents("Later, Solberg denied it.") == [("Solberg", "OTHER")]
    got = ents("Later, Solberg denied it.", known_people={"Ingrid Solberg"})
    assert got == [("Solberg", "PERSON")]


def test_offsets():
    text = "The Egyptian envoy Omar Farid flew to Cairo."
    for e in extract_entities(text):
        assert text[e.start : e.end] == e.text
