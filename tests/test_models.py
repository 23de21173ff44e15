"""Database constraints of the data model: the database refuses what must never exist."""

import numpy as np
import pytest
from django.db import IntegrityError, connection, transaction

from claims.models import Article, Claim, Contradiction, Match, Verdict
from tests.factories import (
    ArticleFactory,
    ClaimFactory,
    ClaimFlagFactory,
    ContradictionFactory,
    MatchFactory,
    ReferencePassageFactory,
    SourceFactory,
    VerdictFactory,
    VerificationRunFactory,
    unit_vector,
)

pytestmark = pytest.mark.django_db


def refused(**kwargs):
    """Context: the block must raise IntegrityError, inside its own savepoint."""
    return pytest.raises(IntegrityError, **kwargs)


class TestFactories:
    def test_every_factory_saves_a_valid_row(self):
        flag = ClaimFlagFactory()
        match = MatchFactory()
        claim_match = MatchFactory(to_claim=True)
        verdict = VerdictFactory(cited_matches=[match])
        contradiction = ContradictionFactory()
        run = VerificationRunFactory()
        for obj in (flag, match, claim_match, verdict, contradiction, run):
            assert obj.pk is not None
        assert list(verdict.cited_matches.all()) == [match]
        assert claim_match.passage is None and claim_match.other_claim is not None
        assert contradiction.claim_id < contradiction.other_claim_id

    def test_contradiction_factory_orders_a_reversed_pair(self):
        low, high = ClaimFactory(), ClaimFactory()
        c = ContradictionFactory(
            claim=high, other_claim=low, value_claim="2016", value_other="2017"
        )
        assert (c.claim_id, c.other_claim_id) == (low.pk, high.pk)
        # the values travel with their claims
        assert (c.value_claim, c.value_other) == ("2017", "2016")


class TestArticle:
    def test_duplicate_content_hash_refused(self):
        first = ArticleFactory()
        with refused(), transaction.atomic():
            ArticleFactory(content_hash=first.content_hash, source=SourceFactory())
        assert Article.objects.filter(content_hash=first.content_hash).count() == 1

    def test_different_content_is_stored(self):
        a, b = ArticleFactory(), ArticleFactory()
        assert a.content_hash != b.content_hash
        assert Article.objects.count() == 2


class TestClaim:
    def test_span_must_be_ordered(self):
        with refused(), transaction.atomic():
            ClaimFactory(start=10, end=9)

    def test_empty_span_allowed(self):
        assert ClaimFactory(start=5, end=5).pk

    @pytest.mark.parametrize("score", [-0.01, 1.01, 7.0])
    def test_checkworthiness_outside_0_1_refused(self, score):
        with refused(), transaction.atomic():
            ClaimFactory(checkworthiness=score)

    @pytest.mark.parametrize("score", [0.0, 0.5, 1.0])
    def test_checkworthiness_bounds_allowed(self, score):
        assert ClaimFactory(checkworthiness=score).checkworthiness == score

    def test_position_unique_within_article(self):
        claim = ClaimFactory(position=3)
        with refused(), transaction.atomic():
            ClaimFactory(article=claim.article, position=3)
        assert ClaimFactory(position=3).pk  # another article may reuse it


class TestEmbeddingField:
    def test_round_trips_384_float32(self):
        vec = unit_vector(42)
        claim = ClaimFactory(embedding=vec)
        got = Claim.objects.get(pk=claim.pk).embedding
        assert isinstance(got, np.ndarray)
        assert got.dtype == np.float32
        assert got.shape == (384,)
        np.testing.assert_allclose(got, vec, rtol=1e-6)

    def test_round_trips_on_the_configured_backend(self):
        # SQLite stores the raw float32 bytes; PostgreSQL a vector(384).
        claim = ClaimFactory(embedding=np.arange(384, dtype=np.float32) / 384)
        with connection.cursor() as cur:
            cur.execute("SELECT embedding FROM claims_claim WHERE id = %s", [claim.pk])
            raw = cur.fetchone()[0]
        if connection.vendor == "sqlite":
            assert isinstance(raw, bytes) and len(raw) == 384 * 4
        got = Claim.objects.get(pk=claim.pk).embedding
        assert got[383] == pytest.approx(383 / 384)

    def test_null_stays_null(self):
        claim = ClaimFactory(embedding=None)
        assert Claim.objects.get(pk=claim.pk).embedding is None

    @pytest.mark.parametrize("dim", [383, 385, 768])
    def test_wrong_dimensions_rejected(self, dim):
        with pytest.raises(ValueError, match=f"expected 384 dimensions, got {dim}"):
            with transaction.atomic():
                ClaimFactory(embedding=np.ones(dim, dtype=np.float32))
        assert not Claim.objects.exists()
        assert not Article.objects.exists()

    def test_reference_passage_embedding_round_trips(self):
        passage = ReferencePassageFactory(embedded=True)
        got = type(passage).objects.get(pk=passage.pk).embedding
        np.testing.assert_allclose(got, passage.embedding, rtol=1e-6)
        assert np.linalg.norm(got) == pytest.approx(1.0, abs=1e-5)


class TestMatch:
    def test_needs_a_target(self):
        with refused(), transaction.atomic():
            MatchFactory(passage=None, other_claim=None)

    def test_cannot_have_two_targets(self):
        with refused(), transaction.atomic():
            MatchFactory(other_claim=ClaimFactory())  # passage set by default too

    def test_no_self_match(self):
        claim = ClaimFactory()
        with refused(), transaction.atomic():
            MatchFactory(claim=claim, passage=None, other_claim=claim)

    def test_unique_per_claim_and_passage(self):
        m = MatchFactory()
        with refused(), transaction.atomic():
            MatchFactory(claim=m.claim, passage=m.passage, rank=2)
        assert Match.objects.filter(claim=m.claim).count() == 1

    def test_unique_per_claim_and_other_claim(self):
        m = MatchFactory(to_claim=True)
        with refused(), transaction.atomic():
            MatchFactory(claim=m.claim, passage=None, other_claim=m.other_claim, rank=2)

    def test_same_passage_for_different_claims_allowed(self):
        m = MatchFactory()
        assert MatchFactory(passage=m.passage).pk


class TestContradiction:
    def test_pair_must_be_ordered(self):
        low, high = ClaimFactory(), ClaimFactory()
        assert low.pk < high.pk
        with refused(), transaction.atomic():
            Contradiction.objects.create(claim=high, other_claim=low, kind="date")

    def test_self_pair_refused(self):
        claim = ClaimFactory()
        with refused(), transaction.atomic():
            Contradiction.objects.create(claim=claim, other_claim=claim, kind="date")

    def test_pair_unique_per_kind(self):
        c = ContradictionFactory()
        with refused(), transaction.atomic():
            Contradiction.objects.create(claim=c.claim, other_claim=c.other_claim, kind=c.kind)
        # another kind of disagreement between the same pair is a different row
        assert ContradictionFactory(
            claim=c.claim, other_claim=c.other_claim, kind=Contradiction.Kind.NUMBER
        ).pk

    def test_exactly_one_target(self):
        claim = ClaimFactory()
        with refused(), transaction.atomic():
            Contradiction.objects.create(claim=claim, kind="date")
        passage = ReferencePassageFactory()
        with refused(), transaction.atomic():
            Contradiction.objects.create(
                claim=claim, other_claim=ClaimFactory(), passage=passage, kind="date"
            )
        assert ContradictionFactory(claim=claim, other_claim=None, passage=passage).pk


class TestVerdict:
    def test_only_one_current_verdict_per_claim(self, reviewer, moderator):
        v = VerdictFactory(reviewer=reviewer)
        with refused(), transaction.atomic():
            VerdictFactory(claim=v.claim, reviewer=moderator, kind=Verdict.Kind.OVERRIDE)
        assert Verdict.objects.filter(claim=v.claim, is_current=True).count() == 1

    def test_superseded_verdicts_are_kept(self, reviewer, moderator):
        v = VerdictFactory(reviewer=reviewer)
        Verdict.objects.filter(pk=v.pk).update(is_current=False)
        override = VerdictFactory(
            claim=v.claim, reviewer=moderator, kind=Verdict.Kind.OVERRIDE, label="refuted"
        )
        assert list(v.claim.verdicts.filter(is_current=True)) == [override]
        assert v.claim.verdicts.count() == 2


class TestPersonas:
    def test_groups(self, reviewer, moderator, outsider):
        assert set(reviewer.groups.values_list("name", flat=True)) == {"reviewer"}
        assert set(moderator.groups.values_list("name", flat=True)) == {"reviewer", "moderator"}
        assert not outsider.groups.exists()
        assert moderator.is_staff and not reviewer.is_staff and not outsider.is_staff

    def test_logged_in_clients(self, reviewer_client, reviewer):
        assert int(reviewer_client.session["_auth_user_id"]) == reviewer.pk
