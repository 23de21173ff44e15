"""Inter-reviewer agreement (Cohen's kappa) over two-reviewer blind rounds.

Kappa comes from scikit-learn (``sklearn.metrics.cohen_kappa_score``, already a
dependency): a maintained, tested implementation rather than our own arithmetic.

Definitions used on the agreement page:

* an **item** is one blind round: a first review and the second review recorded
  blind to it (``Verdict.first_review``);
* **observed agreement** is the share of items whose two labels are equal;
* **kappa** is Cohen's kappa of the two label lists. It is symmetric in the two
  raters, so a pair's reviewers may appear in either order;
* **overall** pools every item, with the first and the second review as the two
  rater slots;
* when both raters used one and the same label for every item, chance agreement
  is 1 and kappa is 0/0: reported as ``None`` ("undefined"), never as 1 or 0;
  with no items both figures are ``None``.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sklearn.metrics import cohen_kappa_score


@dataclass(frozen=True)
class Agreement:
    items: int
    observed: float | None
    kappa: float | None

    @property
    def undefined_reason(self) -> str:
        if self.items == 0:
            return "no items"
        if self.kappa is None:
            return "both reviewers used a single, identical label: chance agreement is 1"
        return ""


@dataclass(frozen=True)
class PairAgreement:
    reviewers: tuple[str, str]
    agreement: Agreement


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> Agreement:
    """Agreement between rater A (first of each pair) and rater B (second)."""
    items = len(pairs)
    if items == 0:
        return Agreement(0, None, None)
    a = [p[0] for p in pairs]
    b = [p[1] for p in pairs]
    observed = sum(x == y for x, y in pairs) / items
    if len(set(a) | set(b)) == 1:
        return Agreement(items, observed, None)
    return Agreement(items, observed, float(cohen_kappa_score(a, b)))


def agreement_report(
    rounds: Iterable[tuple[int, str, str, int, str, str]],
) -> tuple[Agreement, list[PairAgreement]]:
    """Overall and per-pair agreement from rounds given as
    ``(first_reviewer_id, first_name, first_label, second_reviewer_id, second_name,
    second_label)``. Pairs are unordered and listed by most items first."""
    overall: list[tuple[str, str]] = []
    by_pair: dict[tuple[int, int], list[tuple[str, str]]] = {}
    names: dict[int, str] = {}
    for a_id, a_name, a_label, b_id, b_name, b_label in rounds:
        overall.append((a_label, b_label))
        names[a_id], names[b_id] = a_name, b_name
        if a_id <= b_id:
            by_pair.setdefault((a_id, b_id), []).append((a_label, b_label))
        else:
            by_pair.setdefault((b_id, a_id), []).append((b_label, a_label))
    per_pair = [
        PairAgreement((names[x], names[y]), cohen_kappa(labels))
        for (x, y), labels in by_pair.items()
    ]
    per_pair.sort(key=lambda p: (-p.agreement.items, p.reviewers))
    return cohen_kappa(overall), per_pair
