"""The data model. Statuses are TextChoices; invariants are database constraints."""

from django.conf import settings
from django.db import models
from django.db.models import CheckConstraint, F, Q, UniqueConstraint
from simple_history.models import HistoricalRecords

from claims.fields import EmbeddingField


class Source(models.Model):
    class Kind(models.TextChoices):
        NEWS = "news", "News outlet"
        REFERENCE = "reference", "Reference corpus"
        FACTCHECK = "factcheck", "Fact-check archive"

    name = models.CharField(max_length=200, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class ReviewMode(models.TextChoices):
    """How many blind reviews a claim needs before its verdict is settled."""

    SINGLE = "single", "One reviewer"
    DOUBLE = "double", "Two blind reviewers"


class Article(models.Model):
    class Status(models.TextChoices):
        INGESTED = "ingested", "Ingested"
        EXTRACTED = "extracted", "Claims extracted"
        MATCHED = "matched", "Matched"
        FAILED = "failed", "Failed"

    class Format(models.TextChoices):
        TEXT = "text", "Plain text"
        HTML = "html", "HTML"
        MARKDOWN = "markdown", "Markdown"

    class DateOrigin(models.TextChoices):
        GIVEN = "given", "Given by the user"
        FOUND = "found", "Found in the page"
        UNKNOWN = "unknown", "Unknown"

    source = models.ForeignKey(Source, on_delete=models.PROTECT, related_name="articles")
    title = models.CharField(max_length=500, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    author = models.CharField(max_length=300, blank=True)
    published = models.DateField(null=True, blank=True)
    published_origin = models.CharField(
        max_length=10, choices=DateOrigin.choices, default=DateOrigin.UNKNOWN
    )
    input_format = models.CharField(max_length=10, choices=Format.choices, default=Format.TEXT)
    raw_text = models.TextField(help_text="The document as the user gave it (decoded).")
    cleaned_text = models.TextField(help_text="Prose kept by the cleaner; claim spans index into it.")
    dropped = models.JSONField(
        default=list, blank=True, help_text="What the cleaner removed: [{text, reason}]"
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.INGESTED)
    review_mode = models.CharField(
        max_length=8, choices=ReviewMode.choices, default=ReviewMode.SINGLE,
        help_text="Claims without their own mode inherit this one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status"]), models.Index(fields=["published"])]

    def __str__(self):
        return self.title or f"Article {self.pk}"


class Claim(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "Awaiting matching"
        NEEDS_REVIEW = "needs_review", "Needs review"
        REVIEWED = "reviewed", "Reviewed"
        DISPUTED = "disputed", "Reviewers disagree"
        NOT_CHECKWORTHY = "not_checkworthy", "Not check-worthy"

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="claims")
    position = models.PositiveIntegerField(help_text="Order of the claim within its article.")
    text = models.TextField(help_text="The atomic, self-contained claim.")
    sentence = models.TextField(help_text="The source sentence, verbatim.")
    start = models.PositiveIntegerField(help_text="Sentence start offset in cleaned_text.")
    end = models.PositiveIntegerField(help_text="Sentence end offset in cleaned_text.")
    attribution = models.CharField(max_length=300, blank=True, help_text="Who is said to claim it.")
    checkworthiness = models.FloatField(default=0.0)
    dates = models.JSONField(default=list, blank=True)
    numbers = models.JSONField(default=list, blank=True)
    entities = models.JSONField(default=list, blank=True)
    edits = models.JSONField(
        default=list, blank=True,
        help_text="The machine's edits of the sentence that give the text, in sentence order: "
        "[{start, end, original, replacement, reason}] (claims.pipeline.edits).",
    )
    annotations = models.JSONField(
        default=list, blank=True,
        help_text="Guesses shown beside the words, never written in: "
        "[{start, end, text, kind, value, display, confidence}].",
    )
    edits_reverted = models.JSONField(
        default=list, blank=True,
        help_text="Edits reviewers undid, oldest first: each edit with reverted_by, "
        "reverted_at, and restored_by/restored_at once put back (kept for the record).",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    version = models.PositiveIntegerField(default=0, help_text="Optimistic lock for verdict writes.")
    review_mode = models.CharField(
        max_length=8, choices=ReviewMode.choices, blank=True, default="",
        help_text="Blank: the article's mode.",
    )
    embedding = EmbeddingField(dimensions=settings.EMBEDDING_DIM, null=True, blank=True)
    embedding_model = models.CharField(max_length=200, blank=True)
    embedded_at = models.DateTimeField(null=True, blank=True)
    matched_at = models.DateTimeField(null=True, blank=True)
    conflict_count = models.PositiveIntegerField(
        default=0, editable=False,
        help_text="Open (suspected or confirmed) contradictions on either side of the pair; "
        "kept by services.contradictions.claim_conflict_counts_refresh.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article_id", "position"]
        constraints = [
            UniqueConstraint(fields=["article", "position"], name="claim_unique_position"),
            CheckConstraint(condition=Q(end__gte=F("start")), name="claim_span_ordered"),
            CheckConstraint(
                condition=Q(checkworthiness__gte=0) & Q(checkworthiness__lte=1),
                name="claim_checkworthiness_0_1",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-checkworthiness"]),
            models.Index(fields=["embedding_model"]),
            # the queue sorted by conflicts: walk this index, stop after a page
            models.Index(fields=["-conflict_count", "-checkworthiness", "id"],
                         name="claim_conflicts_order"),
            # the articles list's open-conflict sums (sorted by them): index-only per article
            models.Index(fields=["article", "conflict_count"], name="claim_article_conflicts"),
        ]

    def __str__(self):
        return self.text[:80]

    @property
    def effective_review_mode(self) -> str:
        """The claim's own mode, else its article's (loads the article if not joined)."""
        return self.review_mode or self.article.review_mode

    def get_effective_review_mode_display(self) -> str:
        return ReviewMode(self.effective_review_mode).label

    def clean(self):
        """Recorded edits must fit the sentence and give the text (claims.claim_edits)."""
        from claims.claim_edits import claim_edits_check

        super().clean()
        self.edits, self.annotations = claim_edits_check(
            sentence=self.sentence, text=self.text, edits=self.edits,
            annotations=self.annotations,
        )


class ClaimFlag(models.Model):
    """A mechanical problem found in a claim, e.g. ``weekday_mismatch``."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(max_length=50)
    message = models.CharField(max_length=500)

    class Meta:
        constraints = [UniqueConstraint(fields=["claim", "code", "message"], name="flag_unique")]
        indexes = [models.Index(fields=["code"])]

    def __str__(self):
        return f"{self.code}: {self.message}"


class ReferencePassage(models.Model):
    text = models.TextField()
    title = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=200, blank=True)
    url = models.URLField(max_length=2000, blank=True)
    published = models.DateField(null=True, blank=True)
    external_id = models.CharField(max_length=200, null=True, blank=True, unique=True)
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    from_verdict = models.OneToOneField(
        "Verdict", null=True, blank=True, on_delete=models.CASCADE, related_name="reference"
    )
    embedding = EmbeddingField(dimensions=settings.EMBEDDING_DIM, null=True, blank=True)
    embedding_model = models.CharField(max_length=200, blank=True)
    embedded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["embedding_model"]), models.Index(fields=["created_at"])]

    def __str__(self):
        return self.title or self.text[:80]


class Match(models.Model):
    class Method(models.TextChoices):
        DENSE = "dense", "Embedding"
        LEXICAL = "lexical", "Lexical"
        HYBRID = "hybrid", "Hybrid (fused)"
        RERANKED = "reranked", "Hybrid, re-ranked by the learned model"

    class Stance(models.TextChoices):
        SUPPORT = "support", "Supports"
        CONTRADICT = "contradict", "Contradicts"
        RELATED = "related", "Related"
        UNKNOWN = "unknown", "Unknown"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="matches")
    passage = models.ForeignKey(
        ReferencePassage, null=True, blank=True, on_delete=models.CASCADE, related_name="matches"
    )
    other_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="matched_by"
    )
    score = models.FloatField()
    rank = models.PositiveIntegerField()
    method = models.CharField(max_length=10, choices=Method.choices, default=Method.HYBRID)
    model_version = models.CharField(max_length=200, blank=True)
    stance = models.CharField(max_length=12, choices=Stance.choices, default=Stance.UNKNOWN)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["claim_id", "rank"]
        constraints = [
            CheckConstraint(
                condition=(Q(passage__isnull=False) & Q(other_claim__isnull=True))
                | (Q(passage__isnull=True) & Q(other_claim__isnull=False)),
                name="match_one_target",
            ),
            UniqueConstraint(fields=["claim", "passage"], name="match_unique_passage"),
            UniqueConstraint(fields=["claim", "other_claim"], name="match_unique_claim"),
            CheckConstraint(condition=~Q(claim=F("other_claim")), name="match_not_self"),
        ]

    def __str__(self):
        target = f"passage {self.passage_id}" if self.passage_id else f"claim {self.other_claim_id}"
        return f"claim {self.claim_id} -> {target} ({self.score:.3f})"


class Verdict(models.Model):
    class Label(models.TextChoices):
        SUPPORTED = "supported", "Supported"
        REFUTED = "refuted", "Refuted"
        MISLEADING = "misleading", "Misleading"
        NOT_ENOUGH_EVIDENCE = "not_enough_evidence", "Not enough evidence"
        CONFLICTING = "conflicting", "Conflicting evidence"

    class Kind(models.TextChoices):
        REVIEW = "review", "Review"
        SECOND_REVIEW = "second_review", "Second (blind) review"
        OVERRIDE = "override", "Moderator override"
        ADJUDICATION = "adjudication", "Adjudication"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="verdicts")
    label = models.CharField(max_length=24, choices=Label.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.REVIEW)
    rationale = models.TextField()
    cited_matches = models.ManyToManyField(Match, blank=True, related_name="cited_by")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="verdicts"
    )
    is_current = models.BooleanField(default=True)
    sealed = models.BooleanField(
        default=False,
        help_text="A first blind review awaiting its second: shown only to its author.",
    )
    first_review = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="second_review",
        help_text="For a second (blind) review: the first review it was blind to.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # the claim's settled verdict; blind reviews in an open round are never current
            UniqueConstraint(
                fields=["claim"], condition=Q(is_current=True), name="verdict_one_current"
            ),
            # at most one open blind round per claim
            UniqueConstraint(
                fields=["claim"], condition=Q(sealed=True), name="verdict_one_sealed"
            ),
            CheckConstraint(
                condition=~(Q(sealed=True) & Q(is_current=True)), name="verdict_sealed_not_current"
            ),
            CheckConstraint(
                condition=(Q(kind="second_review") & Q(first_review__isnull=False))
                | (~Q(kind="second_review") & Q(first_review__isnull=True)),
                name="verdict_second_review_has_first",
            ),
        ]
        indexes = [models.Index(fields=["kind"])]

    def __str__(self):
        if self.sealed:  # the label of an open blind round is its author's alone
            return f"Sealed blind review on claim {self.claim_id}"
        return f"{self.get_label_display()} on claim {self.claim_id}"


class Assignment(models.Model):
    """A moderator gives an article (all its claims) or one claim to a reviewer.

    Rows are never edited away: reassigning ends the old row (``is_active`` false,
    ``ended_at``/``ended_by`` set) and adds a new one, so the record of who had what
    stays in the table.
    """

    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="assignments"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assignments_made"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    is_active = models.BooleanField(default=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="assignments_ended",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-assigned_at", "-id"]
        constraints = [
            CheckConstraint(
                condition=(Q(article__isnull=False) & Q(claim__isnull=True))
                | (Q(article__isnull=True) & Q(claim__isnull=False)),
                name="assignment_one_target",
            ),
            CheckConstraint(
                condition=Q(is_active=True) | Q(ended_at__isnull=False),
                name="assignment_ended_has_time",
            ),
            UniqueConstraint(
                fields=["claim", "reviewer"], condition=Q(is_active=True),
                name="assignment_one_active_claim_reviewer",
            ),
            UniqueConstraint(
                fields=["article", "reviewer"], condition=Q(is_active=True),
                name="assignment_one_active_article_reviewer",
            ),
        ]
        indexes = [models.Index(fields=["reviewer", "is_active"])]

    def __str__(self):
        target = f"claim {self.claim_id}" if self.claim_id else f"article {self.article_id}"
        state = "" if self.is_active else " (ended)"
        return f"{target} -> {self.reviewer}{state}"


class Contradiction(models.Model):
    class Kind(models.TextChoices):
        DATE = "date", "Date"
        NUMBER = "number", "Number"
        ENTITY = "entity", "Entity"
        NEGATION = "negation", "Negation"
        OTHER = "other", "Other"

    class Status(models.TextChoices):
        SUSPECTED = "suspected", "Suspected"
        CONFIRMED = "confirmed", "Confirmed"
        DISMISSED = "dismissed", "Dismissed"

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="contradictions")
    other_claim = models.ForeignKey(
        Claim, null=True, blank=True, on_delete=models.CASCADE, related_name="contradicted_by"
    )
    passage = models.ForeignKey(
        ReferencePassage, null=True, blank=True, on_delete=models.CASCADE,
        related_name="contradictions",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value_claim = models.CharField(max_length=200, blank=True, help_text='e.g. "2017"')
    value_other = models.CharField(max_length=200, blank=True, help_text='e.g. "2016"')
    detail = models.TextField(blank=True)
    confidence = models.FloatField(default=0.5)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SUSPECTED)
    note = models.TextField(blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
        related_name="resolved_contradictions",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            CheckConstraint(
                condition=(Q(other_claim__isnull=False) & Q(passage__isnull=True))
                | (Q(other_claim__isnull=True) & Q(passage__isnull=False)),
                name="contradiction_one_target",
            ),
            # pairs are stored once, with the lower claim id first
            CheckConstraint(
                condition=Q(other_claim__isnull=True) | Q(claim__lt=F("other_claim")),
                name="contradiction_pair_ordered",
            ),
            UniqueConstraint(
                fields=["claim", "other_claim", "kind"], name="contradiction_unique_claim_pair"
            ),
            UniqueConstraint(
                fields=["claim", "passage", "kind"], name="contradiction_unique_passage_pair"
            ),
        ]
        indexes = [models.Index(fields=["status"])]

    def __str__(self):
        return f"{self.get_kind_display()} contradiction on claim {self.claim_id}"


class VerificationRun(models.Model):
    class Kind(models.TextChoices):
        VERIFY = "verify", "Embed and match"
        REVERIFY = "reverify", "Scheduled re-verification"
        SWEEP = "sweep", "Contradiction sweep"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        COMPLETE = "complete", "Complete"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    class Phase(models.TextChoices):
        EMBED = "embed", "Embedding"
        MATCH = "match", "Matching"
        DONE = "done", "Done"

    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=8, choices=Phase.choices, default=Phase.EMBED)
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.SET_NULL, related_name="runs"
    )
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    params = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "kind"])]

    def __str__(self):
        return f"{self.get_kind_display()} run {self.pk} ({self.status})"

    @property
    def progress(self) -> float:
        return (self.done + self.failed) / self.total if self.total else 0.0


# --------------------------------------------------------------------------- learned models


class ModelVersion(models.Model):
    """One trained version of a learned model (``manage.py train``), artefact stored in the row.

    The artefact lives in the database, not on one worker's disk, so every worker on every
    host reads the same active version (``claims.model_store``). At most one version per
    kind is active; none active means the artefact shipped in the repository.
    """

    class Kind(models.TextChoices):
        MATCHER = "matcher", "Matcher (re-ranker)"
        STANCE = "stance", "Stance"
        CHECKWORTHY = "checkworthy", "Check-worthiness"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    version = models.PositiveIntegerField(help_text="1, 2, ... per kind; 0 is the shipped artefact.")
    artefact = models.BinaryField(editable=False)
    artefact_sha256 = models.CharField(max_length=64, editable=False)
    metric = models.CharField(max_length=40, help_text="What the figures measure, e.g. roc_auc.")
    score = models.FloatField(help_text="This version on the held-back labels.")
    previous_score = models.FloatField(
        null=True, blank=True, help_text="The model it replaced, on the same held-back labels."
    )
    n_train = models.PositiveIntegerField(default=0)
    n_held_back = models.PositiveIntegerField(default=0)
    figures = models.JSONField(default=dict, blank=True)
    is_active = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [
            UniqueConstraint(fields=["kind", "version"], name="model_version_unique"),
            UniqueConstraint(
                fields=["kind"], condition=Q(is_active=True), name="model_version_one_active"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} v{self.version}{' (active)' if self.is_active else ''}"

    @property
    def tag(self) -> str:
        return f"{self.kind}-v{self.version}-{self.artefact_sha256[:8]}"
