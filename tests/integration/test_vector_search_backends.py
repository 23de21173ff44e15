"""The two candidate-search backends agree on the same PostgreSQL rows.

``vector_search.candidates`` has a pgvector path (dense in the database) and an
in-memory NumPy path (the SQLite default); the lexical side is the same BM25 on
both. Here both run over the same passages on PostgreSQL, so any difference is
the backends', not the data's.
"""

import numpy as np
import pytest
from django.utils import timezone

from claims import vector_search
from claims.pipeline import embed
from claims.services.matching import claims_match
from tests.factories import ClaimFactory, ReferencePassageFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

WORDS = ("quay harbour ferry bridge tunnel port river dock canal pier lock tide "
         "metres 2018 2019 lengthened rebuilt opened closed widened").split()


def _corpus(n=300, seed=7):
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((12, embed.DIMENSIONS))
    vecs = centres[rng.integers(0, 12, n)] + 0.3 * rng.standard_normal((n, embed.DIMENSIONS))
    vecs = (vecs / np.linalg.norm(vecs, axis=1, keepdims=True)).astype(np.float32)
    version = embed.model_version()
    rows = []
    for i in range(n):
        text = " ".join(rng.choice(WORDS, size=rng.integers(4, 12))) + f" item {i}."
        rows.append(ReferencePassageFactory(text=text, title=f"Harbour note {i % 17}",
                                            embedding=vecs[i], embedding_model=version,
                                            embedded_at=timezone.now()))
    return rows, vecs


def test_pgvector_and_numpy_paths_give_the_same_candidates(monkeypatch):
    vector_search.clear_cache()
    rows, vecs = _corpus()
    rng = np.random.default_rng(3)
    queries = [
        vector_search.Query(" ".join(rng.choice(WORDS, size=5)), vecs[i * 13] + 0.1, None)
        for i in range(20)
    ]
    pg = vector_search.candidates(vector_search.PASSAGES, queries, depth=20)
    monkeypatch.setattr(vector_search, "_is_postgres", lambda: False)
    mem = vector_search.candidates(vector_search.PASSAGES, queries, depth=20)
    for a, b in zip(pg, mem, strict=True):
        assert a.lexical_hits() == b.lexical_hits()  # same BM25, same order
        da = dict(a.dense_hits())
        db = dict(b.dense_hits())
        top_a = [i for i, _ in a.dense_hits()[:10]]
        top_b = [i for i, _ in b.dense_hits()[:10]]
        assert len(set(top_a) & set(top_b)) >= 9  # HNSW is approximate
        for i in set(da) & set(db):
            assert da[i] == pytest.approx(db[i], abs=1e-5)
    vector_search.clear_cache()


def test_claims_match_on_postgres_writes_each_claim_once():
    vector_search.clear_cache()
    rows, vecs = _corpus(n=120, seed=9)
    claims = [ClaimFactory(text="The quay was lengthened in 2018", embedding=vecs[i] + 0.05,
                           embedding_model=embed.model_version(), embedded_at=timezone.now())
              for i in range(5)]
    ids = [c.pk for c in claims]
    first = claims_match(claim_ids=ids, k=5)
    again = claims_match(claim_ids=ids, k=5)
    for pk in ids:
        assert [m.passage_id for m in first[pk] if m.passage_id] == [
            m.passage_id for m in again[pk] if m.passage_id]
        assert sum(1 for m in again[pk] if m.passage_id) == 5
    vector_search.clear_cache()
