"""API representations. Read serializers expect the selectors' joins (no query per row)."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from claims.models import (
    Article,
    Claim,
    ClaimFlag,
    Contradiction,
    Match,
    ReferencePassage,
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
            "is_current", "cited_matches", "created_at",
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
            "published_origin", "input_format", "status", "created_at", "claims",
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
    class Meta:
        model = ReferencePassage
        fields = ["id", "title", "text", "source", "url", "published"]
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

    class Meta:
        model = Claim
        fields = [
            "id", "article", "article_title", "source", "position", "text", "sentence",
            "status", "checkworthiness", "conflict_count", "version", "flags", "verdict",
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

    class Meta:
        model = Claim
        fields = [
            "id", "article", "position", "text", "sentence", "start", "end", "attribution",
            "status", "checkworthiness", "version", "dates", "numbers", "entities",
            "embedding_model", "matched_at", "flags", "matches", "current_verdict", "verdicts",
            "contradictions",
        ]
        read_only_fields = fields

    @extend_schema_field(VerdictSerializer(allow_null=True))
    def get_current_verdict(self, claim):
        verdict = _current(claim.verdicts.all())
        return VerdictSerializer(verdict).data if verdict else None


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
