"""drf-spectacular settings for the API schema.

Several models have a ``status`` or ``kind`` with different choices; these names keep
the generated enums apart (without them spectacular warns and makes up hashed names).
Used by the schema view (``custom_settings``) and meant for SPECTACULAR_SETTINGS too:

    python manage.py spectacular --custom-settings claims.api.schema.SCHEMA_SETTINGS ...
"""

ENUM_NAME_OVERRIDES = {
    "ArticleStatusEnum": "claims.models.Article.Status",
    "ClaimStatusEnum": "claims.models.Claim.Status",
    "ContradictionStatusEnum": "claims.models.Contradiction.Status",
    "RunStatusEnum": "claims.models.VerificationRun.Status",
    "VerdictKindEnum": "claims.models.Verdict.Kind",
    "ContradictionKindEnum": "claims.models.Contradiction.Kind",
    "RunKindEnum": "claims.models.VerificationRun.Kind",
    "MatchKindEnum": "claims.api.serializers.MATCH_KINDS",
    "ContradictionDecisionEnum": "claims.api.serializers.DECISIONS",
    "OverrideKindEnum": "claims.api.serializers.OVERRIDE_KINDS",
}

SCHEMA_SETTINGS = {"ENUM_NAME_OVERRIDES": ENUM_NAME_OVERRIDES}
