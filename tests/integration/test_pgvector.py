"""pgvector on the real PostgreSQL: the extension, the HNSW index, and that the planner uses it."""

import numpy as np
import pytest
from django.db import DataError, connection

from claims.models import Claim
from tests.factories import ArticleFactory, ClaimFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

N_CLAIMS = 2000  # the planner picks HNSW for ORDER BY <=> LIMIT k well below this
N_TOPICS = 40
DIM = 384


def vector_literal(vec) -> str:
    return "[" + ",".join(f"{x:.7g}" for x in vec) + "]"


def random_unit_vectors(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    vecs = rng.standard_normal((n, DIM)).astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


def topic_vectors(n: int, seed: int) -> np.ndarray:
    """Unit vectors around N_TOPICS centres, like sentence embeddings of claims about a
    few dozen events (uniform random 384-d vectors are all nearly equidistant, which
    is nothing like real embeddings and the worst case for any ANN index)."""
    rng = np.random.default_rng(seed)
    centres = random_unit_vectors(N_TOPICS, seed + 1)
    vecs = centres[rng.integers(0, N_TOPICS, n)] + 0.06 * rng.standard_normal((n, DIM))
    vecs = vecs.astype(np.float32)
    return vecs / np.linalg.norm(vecs, axis=1, keepdims=True)


@pytest.fixture
def many_claims():
    article = ArticleFactory()
    vecs = topic_vectors(N_CLAIMS, seed=7)
    Claim.objects.bulk_create(
        (
            Claim(
                article=article,
                position=i,
                text=f"claim {i}",
                sentence=f"claim {i}",
                start=0,
                end=9,
                checkworthiness=0.5,
                embedding=vecs[i],
                embedding_model="test-random",
            )
            for i in range(N_CLAIMS)
        ),
        batch_size=500,
    )
    with connection.cursor() as cur:
        cur.execute("ANALYZE claims_claim")
    ids = list(
        Claim.objects.filter(article=article).order_by("position").values_list("id", flat=True)
    )
    return ids, vecs


def test_extension_is_installed():
    with connection.cursor() as cur:
        cur.execute("SELECT extversion FROM pg_extension WHERE extname = 'vector'")
        row = cur.fetchone()
    assert row is not None, "the vector extension is missing from the test database"
    major, minor = (int(p) for p in row[0].split(".")[:2])
    assert (major, minor) >= (0, 5), f"HNSW needs pgvector >= 0.5, found {row[0]}"


def test_embedding_columns_are_vectors():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT table_name, udt_name FROM information_schema.columns "
            "WHERE column_name = 'embedding' AND table_name IN "
            "('claims_claim', 'claims_referencepassage') ORDER BY table_name"
        )
        assert cur.fetchall() == [("claims_claim", "vector"), ("claims_referencepassage", "vector")]
        cur.execute(
            "SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
            "WHERE attrelid = 'claims_claim'::regclass AND attname = 'embedding'"
        )
        assert cur.fetchone()[0] == "vector(384)"


def test_hnsw_indexes_exist():
    with connection.cursor() as cur:
        cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes "
            "WHERE indexname IN ('claims_claim_embedding_hnsw', 'claims_ref_embedding_hnsw') "
            "ORDER BY indexname"
        )
        rows = dict(cur.fetchall())
    assert set(rows) == {"claims_claim_embedding_hnsw", "claims_ref_embedding_hnsw"}
    for definition in rows.values():
        assert "USING hnsw (embedding vector_cosine_ops)" in definition
        # migration 0010: the denser graph (0002 built m=16, ef_construction=64)
        assert "m='32'" in definition and "ef_construction='128'" in definition, definition


def test_wrong_dimensions_refused_by_the_database():
    claim = ClaimFactory()
    with pytest.raises(DataError, match="expected 384 dimensions"):
        with connection.cursor() as cur:
            cur.execute(
                "UPDATE claims_claim SET embedding = %s::vector WHERE id = %s",
                [vector_literal(np.ones(3)), claim.pk],
            )


def test_orm_round_trip_through_vector_column():
    vec = random_unit_vectors(1, seed=1)[0]
    claim = ClaimFactory(embedding=vec)
    got = Claim.objects.get(pk=claim.pk).embedding
    assert got.dtype == np.float32 and got.shape == (DIM,)
    np.testing.assert_allclose(got, vec, rtol=1e-6)


def test_nearest_neighbour_search_uses_the_hnsw_index(many_claims):
    ids, vecs = many_claims
    sql = "SELECT id FROM claims_claim ORDER BY embedding <=> %s::vector LIMIT 10"
    with connection.cursor() as cur:
        cur.execute("SHOW enable_seqscan")
        assert cur.fetchone()[0] == "on"  # the planner's own choice, not a forced one
        cur.execute("EXPLAIN " + sql, [vector_literal(vecs[1234])])
        plan = "\n".join(row[0] for row in cur.fetchall())
        assert "Index Scan using claims_claim_embedding_hnsw" in plan, plan

        self_hits, recalls = 0, []
        for probe in range(0, N_CLAIMS, 100):
            cur.execute(sql, [vector_literal(vecs[probe])])
            found = [row[0] for row in cur.fetchall()]
            assert len(found) == 10
            self_hits += found[0] == ids[probe]  # a vector's nearest neighbour is itself
            exact = {ids[i] for i in np.argsort(-(vecs @ vecs[probe]))[:10]}  # brute force
            recalls.append(len(exact & set(found)) / 10)
    print(f"HNSW self-hits {self_hits}/20, mean recall@10 {np.mean(recalls):.2f}")
    assert self_hits == 20
    assert np.mean(recalls) >= 0.9, recalls


def test_a_verdict_passage_is_not_a_candidate_for_its_own_article():
    from claims import vector_search
    from claims.pipeline import embed
    from tests.factories import ReferencePassageFactory, VerdictFactory

    vecs = random_unit_vectors(2, seed=3)
    verdict = VerdictFactory()
    mine = ReferencePassageFactory(
        text="The quay was lengthened by 40 metres in 2018.", from_verdict=verdict,
        embedding=vecs[0], embedding_model=embed.model_version(),
    )
    corpus = ReferencePassageFactory(
        text="The quay was lengthened in 2018.", embedding=vecs[1],
        embedding_model=embed.model_version(),
    )
    own_article = verdict.claim.article_id
    for exclude, expected in ((own_article, {corpus.pk}), (None, {mine.pk, corpus.pk})):
        dense, lexical = vector_search.search(
            vector_search.PASSAGES, text="quay lengthened 2018", vector=vecs[0], k=5,
            exclude_article=exclude,
        )
        assert {i for i, _ in dense} == expected
        assert {i for i, _ in lexical} == expected


def test_verdicts_are_published_and_re_pointed_on_postgres(reviewer):
    """verdict_reference_sync locks the passage row (FOR UPDATE OF) on the real database."""
    from claims.models import ReferencePassage
    from claims.services.verdicts import verdict_record

    user = reviewer
    claim = ClaimFactory(text="The quay was lengthened by 40 metres in 2018.")
    first = verdict_record(claim_id=claim.pk, user=user, label="supported",
                           rationale="Port report, p. 4.", expected_version=0)
    second = verdict_record(claim_id=claim.pk, user=user, label="refuted",
                            rationale="The report says 30 metres.", expected_version=1)
    rows = list(ReferencePassage.objects.filter(from_verdict__claim=claim))
    assert len(rows) == 1 and rows[0].from_verdict_id == second.pk != first.pk
