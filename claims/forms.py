"""The pages' forms: verdicts, contradiction decisions, overrides, adjudication,
review modes and assignments; adding articles, search, uploading reference passages.
"""

from __future__ import annotations

from django import forms
from django.conf import settings

from claims.evidence_list import match_name
from claims.models import ReviewMode, Verdict
from claims.services.articles import ALLOWED_EXTENSIONS, AddItem

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


MAX_URLS = 50
MAX_FILES = 50


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more uploaded files (the file itself is checked by the ingest service)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={
            "accept": ",".join(ALLOWED_EXTENSIONS), "class": "file-input",
        }))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [f for f in files if f]


class ArticleAddForm(forms.Form):
    text = forms.CharField(
        required=False, strip=False, label="Paste the article",
        widget=forms.Textarea(attrs={
            "rows": 9, "placeholder": "Paste the article's text, or the page's HTML. "
            "A headline on the first line is fine: give it as the title below.",
        }),
    )
    files = MultipleFileField(label="Upload files")
    urls = forms.CharField(
        required=False, label="Fetch from the web",
        widget=forms.Textarea(attrs={
            "rows": 3, "placeholder": "https://… one address per line",
            "spellcheck": "false", "autocomplete": "off",
        }),
    )
    source = forms.CharField(
        required=False, max_length=200, label="Source",
        help_text="The outlet. Left blank: the web site's name for URLs.",
        widget=forms.TextInput(attrs={"placeholder": "e.g. Harbour Ledger", "list": "sources"}),
    )
    title = forms.CharField(
        required=False, max_length=500, label="Title",
        help_text="Used when you add one article.",
    )
    published = forms.DateField(
        required=False, label="Publication date",
        help_text="Left blank: the date found in the page, if any.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_urls(self):
        seen: list[str] = []
        for line in self.cleaned_data["urls"].splitlines():
            url = line.strip()
            if url and url not in seen:
                seen.append(url)
        if len(seen) > MAX_URLS:
            raise forms.ValidationError(f"Give at most {MAX_URLS} URLs at a time.")
        return seen

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > MAX_FILES:
            raise forms.ValidationError(f"Upload at most {MAX_FILES} files at a time.")
        return files

    def clean(self):
        data = super().clean()
        if not self.errors and not (
            (data.get("text") or "").strip() or data.get("files") or data.get("urls")
        ):
            raise forms.ValidationError(
                "Nothing to add: paste an article, choose files or give a URL."
            )
        return data

    def items(self) -> list[AddItem]:
        """What to ingest, in the order the page lists it: pasted text, files, URLs."""
        data = self.cleaned_data
        items = []
        if (data.get("text") or "").strip():
            items.append(AddItem(kind="text", label="Pasted text", text=data["text"]))
        limit = settings.INGEST_MAX_BYTES
        for f in data.get("files") or []:
            size = f.size or 0
            items.append(AddItem(
                kind="file", label=f.name or "unnamed file", size=size,
                data=f.read() if size <= limit else None,
            ))
        for url in data.get("urls") or []:
            items.append(AddItem(kind="url", label=url, url=url))
        return items


class SearchForm(forms.Form):
    MODES = [("words", "Words and phrases"), ("similar", "Similar claims")]

    q = forms.CharField(required=False, max_length=500, strip=True, label="Search")
    mode = forms.ChoiceField(choices=MODES, required=False, label="Mode")

    def clean_mode(self):
        return self.cleaned_data.get("mode") or "words"


class ReferenceUploadForm(forms.Form):
    file = forms.FileField(
        label="Corpus file", help_text="JSONL or CSV with the fields text, title, source, url, "
        "published (and optionally id).",
        widget=forms.ClearableFileInput(attrs={"accept": ".jsonl,.ndjson,.json,.csv"}),
    )
    skip_bad = forms.BooleanField(
        required=False, label="Skip bad rows",
        help_text="Skip bad rows loads the good rows and lists the bad ones; without it, "
        "one bad row means nothing is loaded.",
    )
    reverify = forms.BooleanField(
        required=False, initial=True, label="Re-verify claims against the new passages now",
    )
