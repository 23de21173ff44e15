"""factory_boy factories, one per model in ``claims.models`` (plus users).

Defaults satisfy every database constraint, so ``XFactory()`` always saves:
articles get distinct content hashes, claim spans are ordered, a ``Match``
points at exactly one target, a ``Contradiction`` between two claims is stored
with the lower claim id first.
"""

import datetime as dt
import hashlib

import factory
import numpy as np
from django.conf import settings
from django.contrib.auth import get_user_model
from factory.django import DjangoModelFactory

from claims import models

DEFAULT_PASSWORD = "correct-horse-battery-staple"


def unit_vector(seed: int | None = None, dim: int | None = None) -> np.ndarray:
    """A random float32 vector of norm 1 (cosine-ready), reproducible by seed."""
    rng = np.random.default_rng(seed)
    vec = rng.standard_normal(dim or settings.EMBEDDING_DIM).astype(np.float32)
    return vec / np.linalg.norm(vec)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class UserFactory(DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    password = factory.django.Password(DEFAULT_PASSWORD)


class SourceFactory(DjangoModelFactory):
    class Meta:
        model = models.Source
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Example Outlet {n}")
    kind = models.Source.Kind.NEWS
    url = factory.LazyAttribute(lambda s: f"https://{s.name.lower().replace(' ', '-')}.example")


class ArticleFactory(DjangoModelFactory):
    class Meta:
        model = models.Article

    source = factory.SubFactory(SourceFactory)
    title = factory.Sequence(lambda n: f"Talks resume in Astana, round {n}")
    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    published = factory.Faker("date_between", start_date="-3y", end_date="today")
    published_origin = models.Article.DateOrigin.GIVEN
    raw_text = factory.Sequence(
        lambda n: f"<p>Delegations met in Astana on Friday (story {n}).</p><nav>Home</nav>"
    )
    cleaned_text = factory.Sequence(lambda n: f"Delegations met in Astana on Friday (story {n}).")
    content_hash = factory.LazyAttribute(lambda a: sha256(a.cleaned_text))


class ClaimFactory(DjangoModelFactory):
    class Meta:
        model = models.Claim

    article = factory.SubFactory(ArticleFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Delegations met in Astana on 15 December 2017 ({n}).")
    sentence = factory.LazyAttribute(lambda c: c.text)
    start = 0
    end = factory.LazyAttribute(lambda c: c.start + len(c.sentence))
    checkworthiness = 0.7
    embedding = None

    class Params:
        embedded = factory.Trait(
            embedding=factory.Sequence(unit_vector),
            embedding_model=settings.EMBEDDING_MODEL,
            embedded_at=factory.Faker("date_time_this_year", tzinfo=dt.UTC),
        )


class ClaimFlagFactory(DjangoModelFactory):
    class Meta:
        model = models.ClaimFlag

    claim = factory.SubFactory(ClaimFactory)
    code = "weekday_mismatch"
    message = factory.Sequence(lambda n: f"Saturday 17 December 2017 was a Sunday ({n})")


class ReferencePassageFactory(DjangoModelFactory):
    class Meta:
        model = models.ReferencePassage

    text = factory.Sequence(lambda n: f"The Astana process began in January 2017 (passage {n}).")
    title = factory.Sequence(lambda n: f"Astana process, part {n}")
    source = "Reference Encyclopedia"
    url = factory.Sequence(lambda n: f"https://reference.example/{n}")
    external_id = factory.Sequence(lambda n: f"ref-{n}")
    content_hash = factory.LazyAttribute(lambda p: sha256(p.text))
    embedding = None

    class Params:
        embedded = factory.Trait(
            embedding=factory.Sequence(lambda n: unit_vector(10_000 + n)),
            embedding_model=settings.EMBEDDING_MODEL,
        )


class MatchFactory(DjangoModelFactory):
    """A claim -> reference passage match; ``to_claim=True`` matches another claim."""

    class Meta:
        model = models.Match

    claim = factory.SubFactory(ClaimFactory)
    passage = factory.SubFactory(ReferencePassageFactory)
    other_claim = None
    score = 0.82
    rank = 1
    method = models.Match.Method.HYBRID
    stance = models.Match.Stance.RELATED

    class Params:
        to_claim = factory.Trait(passage=None, other_claim=factory.SubFactory(ClaimFactory))


class VerdictFactory(DjangoModelFactory):
    class Meta:
        model = models.Verdict
        skip_postgeneration_save = True

    claim = factory.SubFactory(ClaimFactory)
    label = models.Verdict.Label.SUPPORTED
    kind = models.Verdict.Kind.REVIEW
    rationale = "The reference passage gives the same date."
    reviewer = factory.SubFactory(UserFactory)
    is_current = True

    @factory.post_generation
    def cited_matches(self, create, extracted, **kwargs):
        if create and extracted:
            self.cited_matches.set(extracted)


class ContradictionFactory(DjangoModelFactory):
    """A claim-vs-claim contradiction, stored with ``claim_id < other_claim_id``.

    Pass ``passage=...`` together with ``other_claim=None`` for a claim-vs-passage one.
    """

    class Meta:
        model = models.Contradiction

    claim = factory.SubFactory(ClaimFactory)
    other_claim = factory.SubFactory(ClaimFactory)
    passage = None
    kind = models.Contradiction.Kind.DATE
    value_claim = "2017"
    value_other = "2016"
    detail = "Astana talks since 2017 vs since 2016"
    confidence = 0.8

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        claim, other = kwargs.get("claim"), kwargs.get("other_claim")
        if claim is not None and other is not None and claim.pk > other.pk:
            kwargs["claim"], kwargs["other_claim"] = other, claim
            kwargs["value_claim"], kwargs["value_other"] = (
                kwargs.get("value_other", ""),
                kwargs.get("value_claim", ""),
            )
        obj = super()._create(model_class, *args, **kwargs)
        # as the services do: the stored Claim.conflict_count follows the rows
        from claims.services.contradictions import claim_conflict_counts_refresh

        claim_conflict_counts_refresh(claim_ids=[obj.claim_id, obj.other_claim_id])
        return obj


class VerificationRunFactory(DjangoModelFactory):
    class Meta:
        model = models.VerificationRun

    kind = models.VerificationRun.Kind.VERIFY
    status = models.VerificationRun.Status.QUEUED
    total = 3
