"""Reviewer workbench pages. Thin: reads come from selectors, writes from services."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import (
    require_GET,
    require_http_methods,
    require_POST,
    require_safe,
)

from . import selectors
from .broker import broker_status
from .contradiction_words import contradiction_plain
from .evidence_list import METHOD_HELP, STANCE_HELP, evidence_list
from .filters import ClaimQueueFilter
from .forms import (
    LABEL_KEYS,
    AdjudicateForm,
    AssignForm,
    ContradictionResolveForm,
    OverrideForm,
    ReviewModeForm,
    VerdictForm,
)
from .models import Article, Claim, Contradiction, Match, ReviewMode, Verdict
from .pagination import KnownCountPaginator
from .permissions import is_moderator, is_reviewer, moderator_required, reviewer_required
from .selectors import HistoryEntry
from .selectors_front import VerificationState, article_list, schedules
from .services.claim_edit_revert import claim_edit_restore, claim_edit_revert
from .services.contradiction_resolve import contradiction_resolve
from .services.verdict_override import verdict_override
from .services.verdict_record import StaleClaimVersion, verdict_record
from .wording import claim_wording, edit_history

QUEUE_PAGE_SIZE = 25
CONTEXT_CHARS = 320
LABEL_MAP = {key: value for key, value, _ in LABEL_KEYS}


def _event_threshold() -> float:
    return float(getattr(settings, "EVENT_SIMILARITY_THRESHOLD", 0.7))


# --- presentation helpers -----------------------------------------------------


def mark_value(text: str, value: str) -> tuple[SafeString, bool]:
    """``text`` escaped, with the first case-insensitive occurrence of ``value`` in <mark>."""
    if value:
        at = text.lower().find(value.lower())
        if at >= 0:
            end = at + len(value)
            return format_html("{}<mark>{}</mark>{}", text[:at], text[at:end], text[end:]), True
    return escape(text), False


def article_segments(text: str, claims) -> list[dict]:
    """Split ``text`` into plain and highlighted runs from the claims' spans.

    Claims sharing a span share one highlight; an overlapping span is clipped to
    where the previous one ended, so no character is shown twice.
    """
    spans: dict[tuple[int, int], list] = {}
    for claim in claims:
        start, end = max(0, claim.start), min(len(text), claim.end)
        spans.setdefault((start, end), []).append(claim)
    segments: list[dict] = []
    cursor = 0
    for (start, end), group in sorted(spans.items()):
        start = max(start, cursor)
        if end <= start:
            if segments and segments[-1]["claims"]:
                segments[-1]["claims"].extend(group)
            continue
        if start > cursor:
            segments.append({"text": text[cursor:start], "claims": None})
        segments.append({"text": text[start:end], "claims": group, "start": start})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "claims": None})
    for seg in segments:
        if seg["claims"]:
            seg["flagged"] = any(c.flags.all() for c in seg["claims"])
            seg["conflicted"] = any(getattr(c, "conflict_count", 0) for c in seg["claims"])
    return segments


def _side(contradiction: Contradiction, claim_id: int) -> dict:
    """Both sides of a contradiction, oriented so ``mine`` is the claim being viewed."""
    c = contradiction
    if c.claim_id == claim_id:
        mine, my_value, their_value = c.claim, c.value_claim, c.value_other
        other = c.other_claim
    else:
        mine, my_value, their_value = c.other_claim, c.value_other, c.value_claim
        other = c.claim
    mine_html, _ = mark_value(mine.sentence or mine.text, my_value)
    if other is not None:
        theirs_html, found = mark_value(other.text, their_value)
        if not found and other.sentence:
            theirs_html, _ = mark_value(other.sentence, their_value)
        theirs_label = other.article.source.name
        theirs_url = reverse("claims:claim", args=[other.pk])
        theirs_title = str(other.article)
    else:
        theirs_html, _ = mark_value(c.passage.text, their_value)
        theirs_label = "Reference"
        theirs_url = c.passage.url or ""
        theirs_title = c.passage.title or c.passage.source
    plain = contradiction_plain(
        kind=c.kind, mine=my_value, theirs=their_value,
        other_name=theirs_label if other is not None else f"the reference ({theirs_title})",
    )
    return {
        "c": c, "plain": plain, "mine_html": mine_html, "theirs_html": theirs_html, "my_value": my_value,
        "their_value": their_value, "mine_label": mine.article.source.name,
        "theirs_label": theirs_label, "theirs_url": theirs_url, "theirs_title": theirs_title,
    }


def _sentence_in_context(claim: Claim) -> dict:
    text = claim.article.cleaned_text or ""
    start, end = max(0, claim.start), min(len(text), claim.end)
    if end <= start:
        return {"before": "", "sentence": claim.sentence, "after": ""}
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    return {
        "before": ("…" if lo else "") + text[lo:start],
        "sentence": text[start:end],
        "after": text[end:hi] + ("…" if hi < len(text) else ""),
    }


def status_only_count(flt, counts: dict[str, int]) -> int | None:
    """The number of rows ``flt`` selects when its only filter is the status tab (the
    tab's figure from ``counts``), else None: the paginator then counts itself."""
    if not flt.is_valid():
        return None
    data = flt.form.cleaned_data
    if any(v not in (None, "") for k, v in data.items() if k not in ("status", "sort")):
        return None
    return counts.get(data.get("status") or "open")


# --- pages --------------------------------------------------------------------


@require_GET
@reviewer_required
def queue(request):
    flt = ClaimQueueFilter(request.GET, queryset=selectors.claim_queue(), request=request)
    claims = flt.qs if flt.is_valid() else selectors.claim_queue().none()
    counts = selectors.claim_status_counts()
    paginator = KnownCountPaginator(
        claims, QUEUE_PAGE_SIZE, known_count=status_only_count(flt, counts)
    )
    page = paginator.get_page(request.GET.get("page"))
    article = flt.form.cleaned_data.get("article") if flt.is_valid() else None
    return render(request, "claims/queue.html", {
        "filter": flt,
        "page": page,
        "counts": counts,
        "status_tabs": [("open", "Open")] + list(Claim.Status.choices) + [("all", "All")],
        "current_status": flt.form.cleaned_data.get("status") if flt.is_valid() else "open",
        "current_sort": request.GET.get("sort") or "-worthiness",
        "article": article,
        "label_keys": LABEL_KEYS,
        "label_map": LABEL_MAP,
        "active_runs": list(selectors.verification_runs(active_only=True)[:3]),
        "cw_threshold": selectors.checkworthy_threshold(),
        "is_moderator": is_moderator(request.user),
    })


@require_GET
@reviewer_required
def article_detail(request, pk: int):
    try:
        article = selectors.article_with_claims(pk=pk)
    except Article.DoesNotExist:
        raise Http404("No such article") from None
    claims = list(article.claims.all())
    figures = article_list().filter(pk=pk).first()  # the list's figures and state
    dropped = [d for d in (article.dropped or []) if isinstance(d, dict)]
    reasons: dict[str, int] = {}
    for d in dropped:
        reasons[d.get("reason") or "unspecified"] = reasons.get(d.get("reason") or "unspecified", 0) + 1
    return render(request, "claims/article.html", {
        "article": article,
        "claims": claims,
        "segments": article_segments(article.cleaned_text or "", claims),
        "dropped": dropped,
        "dropped_reasons": sorted(reasons.items(), key=lambda kv: -kv[1]),
        "flagged_count": sum(1 for c in claims if c.flags.all()),
        "figures": figures,
        "state_label": VerificationState.LABELS.get(figures.state, "") if figures else "",
        "runs": list(article.runs.all()[:5]),
        "last_matched": max((c.matched_at for c in claims if c.matched_at), default=None),
        **(_article_moderation_context(article) if is_moderator(request.user) else {}),
    })


def _article_moderation_context(article: Article) -> dict:
    assignments = selectors.article_assignments(article_id=article.pk)
    return {
        "can_moderate": True,
        "assignments": assignments,
        "assign_form": AssignForm(reviewers=selectors.assignable_reviewers(), current=assignments),
        "mode_form": ReviewModeForm(initial={"review_mode": article.review_mode}),
    }


def blind_round(claim: Claim, verdicts: list[Verdict], user) -> dict:
    """What the two-reviewer mode shows ``user`` on this claim.

    ``verdicts`` are the ones ``user`` may see (``selectors.claim_detail(viewer=)``),
    so another reviewer's sealed first review is not among them; ``claim.open_round``
    still says that one exists.
    """
    double = claim.effective_review_mode == ReviewMode.DOUBLE
    mine = next((v for v in verdicts if v.sealed and v.reviewer_id == user.pk), None)
    dispute = None
    if claim.status == Claim.Status.DISPUTED:
        by_id = {v.pk: v for v in verdicts}
        second = max(
            (v for v in verdicts if v.kind == Verdict.Kind.SECOND_REVIEW and not v.is_current),
            key=lambda v: (v.created_at, v.pk), default=None,
        )
        if second is not None and second.first_review_id in by_id:
            first = by_id[second.first_review_id]
            dispute = {
                "first": first, "second": second,
                "reviewer_ids": {first.reviewer_id, second.reviewer_id},
            }
    return {
        "double": double,
        "mine": mine,  # the viewer's own sealed first review
        "waiting_for_me": bool(claim.open_round) and mine is None,
        "dispute": dispute,
        "can_review": mine is None and dispute is None,
        "can_adjudicate": dispute is not None and is_moderator(user)
        and user.pk not in dispute["reviewer_ids"],
    }


def _claim_context(request, claim: Claim, *, verdict_form=None, stale=None) -> dict:
    matches = list(claim.matches.all())
    evidence = evidence_list(matches, claim.text)
    verdicts = list(claim.verdicts.all())
    current = next((v for v in verdicts if v.is_current), None)
    moderator = is_moderator(request.user)
    if verdict_form is None:
        initial = {"version": claim.version}
        label = request.GET.get("label")
        if label in {value for _, value, _ in LABEL_KEYS}:
            initial["label"] = label
        verdict_form = VerdictForm(initial=initial, matches=evidence.citable)
        if "label" in initial:  # picked from the queue: the rationale is next
            verdict_form.fields["rationale"].widget.attrs["autofocus"] = True
    contradictions = [_side(c, claim.pk) for c in selectors.claim_contradictions(claim_id=claim.pk)]
    return {
        "claim": claim,
        "context": _sentence_in_context(claim),
        "matches": matches,
        "evidence": evidence,
        "method_help": [(Match.Method(k).label, v.split(": ", 1)[-1]) for k, v in METHOD_HELP.items()],
        "stance_help": [(Match.Stance(k).label, v.split(": ", 1)[-1]) for k, v in STANCE_HELP.items()],
        "passages": [m for m in matches if m.passage_id],
        "other_claims": [m for m in matches if m.other_claim_id],
        "verdicts": verdicts,
        "current": current,
        "form": verdict_form,
        "label_keys": LABEL_KEYS,
        "label_map": LABEL_MAP,
        "stale": stale,
        "contradictions": contradictions,
        "open_contradictions": sum(1 for s in contradictions if s["c"].status == "suspected"),
        "resolve_form": ContradictionResolveForm(),
        "history": _history(claim, request.user),
        "wording": claim_wording(claim),
        "can_edit_wording": is_reviewer(request.user),
        "can_override": moderator,
        "blind": blind_round(claim, verdicts, request.user),
        "adjudicate_form": AdjudicateForm(initial={"version": claim.version}),
        **(_moderation_context(claim) if moderator else {}),
    }


def _history(claim: Claim, viewer) -> list[HistoryEntry]:
    """Verdict and contradiction history, with the reverts of the machine's edits."""
    entries = selectors.claim_history(claim_id=claim.pk, viewer=viewer)
    edits = [HistoryEntry(e["when"], e["who"], "edit", e["action"], e)
             for e in edit_history(claim) if e["when"]]
    if not edits:
        return entries
    return sorted(entries + edits, key=lambda e: e.when, reverse=True)


def _moderation_context(claim: Claim) -> dict:
    assignments = selectors.claim_assignments(claim=claim)
    return {
        "assignments": assignments,
        "assign_form": AssignForm(
            reviewers=selectors.assignable_reviewers(),
            current=[a for a in assignments if a.claim_id],
        ),
        "mode_form": ReviewModeForm(
            initial={"review_mode": claim.review_mode},
            inherit_label=f"As the article ({claim.article.get_review_mode_display().lower()})",
        ),
    }


def _load_claim(pk: int, viewer) -> Claim:
    try:
        return selectors.claim_detail(pk=pk, viewer=viewer)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None


def _citable(claim: Claim) -> list:
    """The matches a verdict may cite: the ones the page lists above the floor."""
    return evidence_list(claim.matches.all(), claim.text).citable


@require_GET
@reviewer_required
def claim_detail(request, pk: int):
    claim = _load_claim(pk, request.user)
    return render(request, "claims/claim.html", _claim_context(request, claim))


@require_POST
@reviewer_required
def claim_verdict(request, pk: int):
    claim = _load_claim(pk, request.user)
    form = VerdictForm(request.POST, matches=_citable(claim))
    if form.is_valid():
        data = form.cleaned_data
        try:
            verdict = verdict_record(
                claim_id=claim.pk, user=request.user, label=data["label"],
                rationale=data["rationale"], cited_match_ids=data["cited_matches"],
                expected_version=data["version"],
            )
        except StaleClaimVersion as exc:
            claim = _load_claim(pk, request.user)  # show what changed
            fresh = request.POST.copy()
            fresh["version"] = str(exc.current)
            form = VerdictForm(fresh, matches=_citable(claim))
            form.is_valid()
            if claim.effective_review_mode == ReviewMode.DOUBLE:
                messages.warning(
                    request,
                    "Another review of this claim was recorded, or an edit of its wording "
                    "reverted, while you were editing it. Nothing was saved; your verdict is kept below. Save again to record it.",
                )
            else:
                messages.warning(
                    request,
                    "This claim changed while you were editing it (someone else saved a "
                    "verdict or reverted an edit of its wording). Nothing was saved; your verdict is kept below. Check the new "
                    "verdict, then save again to replace it.",
                )
            ctx = _claim_context(request, claim, verdict_form=form, stale=exc)
            return render(request, "claims/claim.html", ctx, status=409)
        except ValidationError as exc:
            for msg in exc.messages:
                form.add_error(None, msg)
        else:
            messages.success(request, _recorded_message(verdict))
            return redirect("claims:claim", pk=claim.pk)
    ctx = _claim_context(request, claim, verdict_form=form)
    return render(request, "claims/claim.html", ctx, status=400)


def _wording_change(request, pk: int, service, done: str):
    """POST index (+ version): revert or restore one edit, back to the wording card."""
    claim = get_object_or_404(Claim.objects.only("id"), pk=pk)  # the service re-reads it
    back = redirect(reverse("claims:claim", args=[claim.pk]) + "#wording")
    try:
        index = int(request.POST.get("index", ""))
        version = request.POST.get("version")
        version = int(version) if version not in (None, "") else None
    except ValueError:
        messages.error(request, "Nothing changed: that edit number is not a number.")
        return back
    try:
        claim = service(claim=claim, index=index, user=request.user, expected_version=version)
    except StaleClaimVersion:
        messages.warning(
            request, "Nothing changed: the claim changed since you loaded it (another "
            "reviewer reverted an edit or saved a verdict). Check its wording below, then "
            "try again.",
        )
    except ValidationError as exc:
        messages.error(request, "Nothing changed: " + " ".join(exc.messages))
    else:
        again = ("" if claim.status == Claim.Status.NOT_CHECKWORTHY
                 else " It will be matched again with this wording.")
        messages.success(request, f"{done} The claim now reads: “{claim.text}”{again}")
    return back


@require_POST
@reviewer_required
def claim_edit_revert_view(request, pk: int):
    return _wording_change(request, pk, claim_edit_revert, "Edit reverted.")


@require_POST
@reviewer_required
def claim_edit_restore_view(request, pk: int):
    return _wording_change(request, pk, claim_edit_restore, "Edit restored.")


def _recorded_message(verdict: Verdict) -> str:
    if verdict.sealed:
        return (f"Blind review recorded: {verdict.get_label_display()}. It stays hidden "
                "until a second reviewer has recorded theirs.")
    if verdict.kind == Verdict.Kind.SECOND_REVIEW:
        if verdict.is_current:
            return f"Second review recorded: both reviewers say {verdict.get_label_display()}."
        return ("Second review recorded. The two reviews disagree; a moderator will "
                "adjudicate.")
    return f"Verdict recorded: {verdict.get_label_display()}."


@require_http_methods(["GET", "HEAD", "POST"])
@moderator_required
def claim_override(request, pk: int):
    claim = _load_claim(pk, request.user)
    current = next((v for v in claim.verdicts.all() if v.is_current), None)
    if request.method == "POST":
        form = OverrideForm(request.POST)
        if current is None:
            messages.error(request, "This claim has no current verdict to override.")
        elif form.is_valid():
            try:
                verdict_override(
                    verdict_id=current.pk, user=request.user, label=form.cleaned_data["label"],
                    reason=form.cleaned_data["reason"], kind=form.cleaned_data["kind"],
                )
            except ValidationError as exc:
                for msg in exc.messages:
                    form.add_error(None, msg)
            else:
                messages.success(request, "Verdict overridden.")
                return redirect("claims:claim", pk=claim.pk)
        status = 400
    else:
        form = OverrideForm(initial={"label": current.label} if current else None)
        status = 200
    return render(
        request, "claims/override.html",
        {"claim": claim, "current": current, "form": form}, status=status,
    )


@require_POST
@reviewer_required
def contradiction_decide(request, pk: int):
    contradiction = get_object_or_404(Contradiction.objects.only("id", "claim_id", "other_claim_id"), pk=pk)
    back = request.POST.get("claim")
    sides = {contradiction.claim_id, contradiction.other_claim_id}
    back_id = int(back) if back and back.isdigit() and int(back) in sides else contradiction.claim_id
    form = ContradictionResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose confirm or dismiss.")
        return redirect("claims:claim", pk=back_id)
    try:
        c = contradiction_resolve(
            contradiction_id=pk, user=request.user, decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Contradiction {c.get_status_display().lower()}.")
    if request.POST.get("back") == "event":
        return redirect(reverse("claims:event", args=[back_id]) + "#contradictions")
    return redirect(reverse("claims:claim", args=[back_id]) + "#contradictions")


@require_GET
@reviewer_required
def event_detail(request, claim_id: int):
    try:
        threshold = float(request.GET.get("min", _event_threshold()))
    except ValueError:
        threshold = _event_threshold()
    threshold = min(max(threshold, 0.0), 1.0)
    try:
        claim, versions = selectors.claim_event(claim_id=claim_id, threshold=threshold)
    except Claim.DoesNotExist:
        raise Http404("No such claim") from None
    # the same contradictions and evidence as the claim page, whatever the threshold
    contradictions = [_side(c, claim.pk) for c in selectors.claim_contradictions(claim_id=claim.pk)]
    passages = list(selectors.matches_shown().filter(claim_id=claim.pk, passage__isnull=False))
    return render(request, "claims/event.html", {
        "claim": claim, "versions": versions, "threshold": threshold,
        "conflicting": sum(1 for v in versions if any(
            c.status != "dismissed" for c in v.contradictions)),
        "corroborating": sum(1 for v in versions if v.stance == "support"),
        "contradictions": contradictions,
        "open_contradictions": sum(1 for s in contradictions if s["c"].status == "suspected"),
        "evidence": evidence_list(passages, claim.text),
        "can_override": is_moderator(request.user),
        "back_to": "event",
    })


@require_GET
@reviewer_required
def run_list(request):
    page = Paginator(selectors.verification_runs(), 50).get_page(request.GET.get("page"))
    return render(request, "claims/runs.html", {
        "page": page, "queue": broker_status(), "schedules": schedules(),
        "embedded": settings.CELERY_TASK_ALWAYS_EAGER, "can_run_now": is_moderator(request.user),
    })


@require_GET
@reviewer_required
def run_progress(request, pk: int):
    run = get_object_or_404(selectors.verification_runs(), pk=pk)
    return render(
        request, "claims/_run_progress.html", {"run": run, "compact": bool(request.GET.get("compact"))}
    )


@csrf_exempt  # it writes nothing: a probe's POST/PUT gets 405, not a CSRF 403
@require_safe
def healthz(request):
    # the web app is up (and serving reads) even when the task queue is not
    queue = broker_status()
    return JsonResponse({"ok": True, "queue": "ok" if queue.ok else "unavailable"})

