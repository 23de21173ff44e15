"""Forms for the reviewer workbench: verdicts, contradiction decisions, overrides."""

from django import forms

from claims.evidence_list import match_name
from claims.models import ReviewMode, Verdict

# keyboard shortcuts 1-5 pick these, in this order
LABEL_KEYS = [
    (str(i), value, label) for i, (value, label) in enumerate(Verdict.Label.choices, start=1)
]


def _match_label(match) -> str:
    """The source and the first words, cut at a word (evidence_list.match_name)."""
    return f"{match_name(match, limit=80)} ({match.score:.2f})"


class VerdictForm(forms.Form):
    label = forms.ChoiceField(choices=Verdict.Label.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Why? Cite what you checked."}),
        max_length=5000,
    )
    cited_matches = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.CheckboxSelectMultiple, label="Cited evidence"
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, matches=(), **kwargs):
        """``matches``: the claim's already-loaded matches (no query here)."""
        super().__init__(*args, **kwargs)
        self.fields["cited_matches"].choices = [(m.pk, _match_label(m)) for m in matches]

    def clean_rationale(self):
        value = self.cleaned_data["rationale"].strip()
        if not value:
            raise forms.ValidationError("Write a rationale.")
        return value


class ContradictionResolveForm(forms.Form):
    decision = forms.ChoiceField(choices=[("confirm", "Confirm"), ("dismiss", "Dismiss")])
    note = forms.CharField(
        required=False, max_length=2000,
        widget=forms.TextInput(attrs={"placeholder": "Note (optional)"}),
    )


class OverrideForm(forms.Form):
    label = forms.ChoiceField(choices=Verdict.Label.choices, label="New verdict")
    kind = forms.ChoiceField(
        choices=[(Verdict.Kind.OVERRIDE, "Override"), (Verdict.Kind.ADJUDICATION, "Adjudication")],
        initial=Verdict.Kind.OVERRIDE,
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        help_text="Required. Stored as the new verdict's rationale and in the audit history.",
    )

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("An override needs a reason.")
        return value


class AdjudicateForm(forms.Form):
    """A moderator settles a claim whose two blind reviews disagree."""

    label = forms.ChoiceField(choices=Verdict.Label.choices, label="Final verdict")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=5000,
        help_text="Required. Stored as the adjudication's rationale and in the audit history.",
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)

    def clean_reason(self):
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise forms.ValidationError("An adjudication needs a reason.")
        return value


class ReviewModeForm(forms.Form):
    review_mode = forms.ChoiceField(label="Review mode")

    def __init__(self, *args, inherit_label: str | None = None, **kwargs):
        """``inherit_label``: offer "follow the article" (claims) with this text."""
        super().__init__(*args, **kwargs)
        choices = list(ReviewMode.choices)
        if inherit_label is not None:
            choices = [("", inherit_label)] + choices
        self.fields["review_mode"].choices = choices


class AssignForm(forms.Form):
    reviewer = forms.ModelChoiceField(queryset=None, label="Reviewer")
    replace = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Replacing",
    )

    def __init__(self, *args, reviewers, current=(), **kwargs):
        """``reviewers``: the users one may pick; ``current``: the item's active assignments."""
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].queryset = reviewers
        self.fields["replace"].choices = [("", "— nobody (add)")] + [
            (a.pk, a.reviewer.get_username()) for a in current
        ]
