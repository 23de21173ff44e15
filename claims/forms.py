"""Forms for the reviewer workbench: verdicts, contradiction decisions, overrides."""

from django import forms

from .models import Verdict

# keyboard shortcuts 1-5 pick these, in this order
LABEL_KEYS = [
    (str(i), value, label) for i, (value, label) in enumerate(Verdict.Label.choices, start=1)
]


def _match_label(match) -> str:
    if match.passage_id:
        return f"Reference: {match.passage.title or match.passage.text[:80]}"
    return f"{match.other_claim.article.source.name}: {match.other_claim.text[:80]}"


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
