"""API representations. Read serializers expect the selectors' joins (no query per row)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.agreement import Agreement
from claims.models import (
    Article,
    Assignment,
    Claim,
    ClaimFlag,
    Contradiction,
    Match,
    ReferencePassage,
    ReviewMode,
    Verdict,
    VerificationRun,
)

MATCH_KINDS = [("passage", "Reference passage"), ("claim", "Another source's claim")]
DECISIONS = [
    (Contradiction.Status.CONFIRMED.value, Contradiction.Status.CONFIRMED.label),
    (Contradiction.Status.DISMISSED.value, Contradiction.Status.DISMISSED.label),
]
OVERRIDE_KINDS = [
    (Verdict.Kind.OVERRIDE.value, Verdict.Kind.OVERRIDE.label),
    (Verdict.Kind.ADJUDICATION.value, Verdict.Kind.ADJUDICATION.label),
]


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send as `Authorization: Token <token>`.")
    expires_at = serializers.DateTimeField(help_text="Refused from then on (401).")
    expires_in = serializers.IntegerField(help_text="Seconds until `expires_at`.")


class DuplicateArticleSerializer(serializers.Serializer):
    detail = serializers.CharField()
    article_id = serializers.IntegerField(help_text="The article already stored.")


class StaleVersionSerializer(serializers.Serializer):
    detail = serializers.CharField()
    current_version = serializers.IntegerField(allow_null=True)


class FlagSerializer(serializers.ModelSerializer):
    class Meta:
        model = ClaimFlag
        fields = ["code", "message"]


class VerdictSerializer(serializers.ModelSerializer):
    label_display = serializers.CharField(source="get_label_display", read_only=True)
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)
    cited_matches = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Verdict
        fields = [
            "id", "claim", "label", "label_display", "kind", "rationale", "reviewer",
            "is_current", "sealed", "first_review", "cited_matches", "created_at",
        ]
        read_only_fields = fields


class VerdictBriefSerializer(serializers.ModelSerializer):
    label_display = serializers.CharField(source="get_label_display", read_only=True)
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)

    class Meta:
        model = Verdict
        fields = ["id", "label", "label_display", "kind", "reviewer", "created_at"]
        read_only_fields = fields


def _current(verdicts):
    return next((v for v in verdicts if v.is_current), None)


class ClaimInArticleSerializer(serializers.ModelSerializer):
    """A claim as listed under its article (``article_with_claims`` shape)."""

    flags = FlagSerializer(many=True, read_only=True)
    conflict_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Claim
        fields = [
            "id", "position", "text", "sentence", "start", "end", "attribution", "status",
            "checkworthiness", "conflict_count", "flags",
        ]
        read_only_fields = fields


class RunBriefSerializer(serializers.ModelSerializer):
    progress = serializers.FloatField(read_only=True)

    class Meta:
        model = VerificationRun
        fields = ["id", "kind", "status", "phase", "total", "done", "failed", "progress"]
        read_only_fields = fields


class ArticleSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)
    source_id = serializers.IntegerField(read_only=True)
    claims = ClaimInArticleSerializer(many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id", "title", "url", "author", "source", "source_id", "published",
            "published_origin", "input_format", "status", "review_mode", "created_at", "claims",
        ]
        read_only_fields = fields


class ArticleDetailSerializer(ArticleSerializer):
    runs = RunBriefSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = ArticleSerializer.Meta.fields + ["cleaned_text", "dropped", "runs"]
        read_only_fields = fields


class ArticleIngestSerializer(serializers.Serializer):
    """Either ``text`` (pasted text, HTML or Markdown) or ``url`` alone (fetched)."""

    text = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False,
        help_text="The document. Without it, `url` is fetched.",
    )
    source = serializers.CharField(required=False, allow_blank=True, max_length=200)
    title = serializers.CharField(required=False, allow_blank=True, max_length=500)
    published = serializers.DateField(required=False, allow_null=True)
    url = serializers.URLField(required=False, allow_blank=True, max_length=2000)

    def validate(self, attrs):
        if "text" not in attrs and not attrs.get("url"):
            raise serializers.ValidationError("Send the article as `text`, or a `url` to fetch.")
        return attrs


class PassageBriefSerializer(serializers.ModelSerializer):
    verdict_claim = serializers.IntegerField(
        source="from_verdict.claim_id", read_only=True, allow_null=True, default=None,
        help_text="set when the passage is an earlier verdict: the claim it settled",
    )
    verdict_label = serializers.CharField(
        source="from_verdict.label", read_only=True, allow_null=True, default=None
    )
    verdict_claim_status = serializers.CharField(
        source="from_verdict.claim.status", read_only=True, allow_null=True, default=None,
        help_text="that claim's status now: 'disputed' while a later blind re-review "
        "disagrees (the verdict stands until a moderator adjudicates)",
    )

    class Meta:
        model = ReferencePassage
        fields = ["id", "title", "text", "source", "url", "published", "verdict_claim",
                  "verdict_label", "verdict_claim_status"]
        read_only_fields = fields


class OtherClaimSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="article.source.name", read_only=True)

    class Meta:
        model = Claim
        fields = ["id", "text", "article", "source", "status"]
        read_only_fields = fields


class MatchSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField()
    passage = PassageBriefSerializer(read_only=True, allow_null=True)
    other_claim = OtherClaimSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Match
        fields = [
            "id", "claim", "kind", "score", "rank", "method", "stance", "model_version",
            "passage", "other_claim", "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.ChoiceField(choices=MATCH_KINDS))
    def get_kind(self, match) -> str:
        return "passage" if match.passage_id else "claim"


class ContradictionSerializer(serializers.ModelSerializer):
    resolved_by = serializers.CharField(
        source="resolved_by.get_username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Contradiction
        fields = [
            "id", "claim", "other_claim", "passage", "kind", "value_claim", "value_other",
            "detail", "confidence", "status", "note", "resolved_by", "resolved_at", "created_at",
        ]
        read_only_fields = fields


class ContradictionUpdateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=DECISIONS)
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ClaimListSerializer(serializers.ModelSerializer):
    """A queue row (``selectors.claim_queue`` shape)."""

    article_title = serializers.CharField(source="article.title", read_only=True)
    source = serializers.CharField(source="article.source.name", read_only=True)
    flags = FlagSerializer(many=True, read_only=True)
    conflict_count = serializers.IntegerField(read_only=True)
    verdict = serializers.SerializerMethodField()
    review_mode = serializers.ChoiceField(
        choices=ReviewMode.choices, source="effective_review_mode", read_only=True,
        help_text="The claim's own mode, else its article's.",
    )
    awaiting_second_review = serializers.BooleanField(
        source="open_round", read_only=True,
        help_text="A first blind review is recorded (hidden) and a second one is needed.",
    )

    class Meta:
        model = Claim
        fields = [
            "id", "article", "article_title", "source", "position", "text", "sentence",
            "status", "checkworthiness", "conflict_count", "version", "review_mode",
            "awaiting_second_review", "flags", "verdict",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictBriefSerializer(allow_null=True))
    def get_verdict(self, claim):
        verdict = _current(getattr(claim, "current_verdicts", ()))
        return VerdictBriefSerializer(verdict).data if verdict else None


class ArticleBriefSerializer(serializers.ModelSerializer):
    source = serializers.CharField(source="source.name", read_only=True)

    class Meta:
        model = Article
        fields = ["id", "title", "url", "source", "published"]
        read_only_fields = fields


class AssignmentSerializer(serializers.ModelSerializer):
    reviewer = serializers.CharField(source="reviewer.get_username", read_only=True)
    reviewer_id = serializers.IntegerField(read_only=True)
    assigned_by = serializers.CharField(source="assigned_by.get_username", read_only=True)
    ended_by = serializers.CharField(
        source="ended_by.get_username", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = Assignment
        fields = [
            "id", "claim", "article", "reviewer", "reviewer_id", "assigned_by", "assigned_at",
            "is_active", "ended_at", "ended_by",
        ]
        read_only_fields = fields


class AssignmentCreateSerializer(serializers.Serializer):
    """Exactly one of ``claim`` and ``article``. In single-review mode the item's
    current reviewer is replaced; in two-reviewer mode a second one is added, and
    ``replace`` (an active assignment id) says whom a third would replace."""

    claim = serializers.IntegerField(required=False, allow_null=True, default=None)
    article = serializers.IntegerField(required=False, allow_null=True, default=None)
    reviewer = serializers.IntegerField(help_text="User id of a reviewer.")
    replace = serializers.IntegerField(required=False, allow_null=True, default=None)


class ReviewModeSerializer(serializers.Serializer):
    review_mode = serializers.ChoiceField(
        choices=[("", "Follow the article")] + list(ReviewMode.choices), allow_blank=True,
        help_text="`single` or `double`; for a claim, empty follows its article.",
    )


class AdjudicateSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=Verdict.Label.choices)
    reason = serializers.CharField(max_length=5000)
    version = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None,
        help_text="Optional: the claim's version as read; a stale one gets 409.",
    )


class AgreementFiguresSerializer(serializers.Serializer):
    items = serializers.IntegerField()
    observed = serializers.FloatField(allow_null=True)
    kappa = serializers.FloatField(allow_null=True, help_text="null when undefined.")
    undefined_reason = serializers.CharField()


class PairAgreementSerializer(serializers.Serializer):
    reviewers = serializers.ListField(child=serializers.CharField())
    agreement = AgreementFiguresSerializer()


class AgreementReportSerializer(serializers.Serializer):
    overall = AgreementFiguresSerializer()
    pairs = PairAgreementSerializer(many=True)


def agreement_data(overall: Agreement, pairs) -> dict:
    return AgreementReportSerializer({"overall": overall, "pairs": pairs}).data


class ClaimDetailSerializer(serializers.ModelSerializer):
    """A claim with everything a reviewer sees (``selectors.claim_detail`` shape).

    ``contradictions`` are those on either side of the pair; ``version`` is what a
    verdict POST must send back.
    """

    article = ArticleBriefSerializer(read_only=True)
    flags = FlagSerializer(many=True, read_only=True)
    matches = MatchSerializer(many=True, read_only=True)
    verdicts = VerdictSerializer(many=True, read_only=True)
    current_verdict = serializers.SerializerMethodField()
    contradictions = ContradictionSerializer(
        many=True, read_only=True, source="api_contradictions"
    )
    review_mode = serializers.ChoiceField(
        choices=ReviewMode.choices, source="effective_review_mode", read_only=True
    )
    awaiting_second_review = serializers.BooleanField(source="open_round", read_only=True)
    assignments = AssignmentSerializer(many=True, read_only=True, source="api_assignments")

    class Meta:
        model = Claim
        fields = [
            "id", "article", "position", "text", "sentence", "start", "end", "attribution",
            "status", "checkworthiness", "version", "review_mode", "awaiting_second_review",
            "dates", "numbers", "entities", "edits", "annotations", "edits_reverted",
            "embedding_model", "matched_at", "flags", "matches",
            "current_verdict", "verdicts", "contradictions", "assignments",
        ]
        read_only_fields = fields
        extra_kwargs = {
            "sentence": {"help_text": "The source sentence, verbatim: `text` is this sentence "
                         "with `edits` applied."},
            "edits": {"help_text": "The machine's edits of `sentence`, in sentence order: "
                      "{start, end, original, replacement, reason}. POST revert-edit with an "
                      "index into this list to undo one."},
            "annotations": {"help_text": "Guesses shown beside the words, not written into "
                            "`text`: {start, end, text, kind, value, display, confidence}."},
            "edits_reverted": {"help_text": "Edits reviewers undid: the edit with reverted_by, "
                               "reverted_at (and restored_by, restored_at once put back)."},
        }

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_current_verdict(self, claim):
        verdict = _current(claim.verdicts.all())
        return VerdictSerializer(verdict).data if verdict else None


class EditRevertSerializer(serializers.Serializer):
    index = serializers.IntegerField(
        min_value=0, help_text="Which edit: an index into the claim's `edits` (revert-edit) "
        "or `edits_reverted` (restore-edit).",
    )
    version = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None,
        help_text="Optional: the claim's version as read; a stale one gets 409.",
    )


class VerdictCreateSerializer(serializers.Serializer):
    claim = serializers.PrimaryKeyRelatedField(queryset=Claim.objects.only("id"))
    label = serializers.ChoiceField(choices=Verdict.Label.choices)
    rationale = serializers.CharField(max_length=5000)
    version = serializers.IntegerField(
        min_value=0, help_text="The claim's `version` as read; a stale one gets 409."
    )
    cited_matches = serializers.ListField(
        child=serializers.IntegerField(min_value=1), required=False, default=list,
        help_text="Ids of this claim's matches cited as evidence.",
    )


class VerdictOverrideSerializer(serializers.Serializer):
    label = serializers.ChoiceField(choices=Verdict.Label.choices)
    reason = serializers.CharField(max_length=5000)
    kind = serializers.ChoiceField(
        choices=OVERRIDE_KINDS, default=Verdict.Kind.OVERRIDE.value
    )
    version = serializers.IntegerField(
        min_value=0, required=False, allow_null=True, default=None,
        help_text="Optional: the claim's version as read; a stale one gets 409.",
    )


class RunSerializer(serializers.ModelSerializer):
    progress = serializers.FloatField(read_only=True)

    class Meta:
        model = VerificationRun
        fields = [
            "id", "kind", "status", "phase", "article", "total", "done", "failed", "progress",
            "errors", "created_at", "started_at", "finished_at",
        ]
        read_only_fields = fields
