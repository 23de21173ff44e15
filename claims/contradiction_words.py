"""A contradiction in plain words, for the claim and event pages (the machine's own
reasoning, ``Contradiction.detail``, stays one click away)."""

KIND_WORDS = {
    "date": "dates",
    "number": "numbers",
    "entity": "names",
    "negation": "",
    "other": "details",
}


def contradiction_plain(*, kind: str, mine: str, theirs: str, other_name: str) -> str:
    """'The dates differ: this claim says “2017”, Harbour Ledger says “2016”.'"""
    if kind == "negation":
        return (f"One says it happened and the other that it did not: check which of this "
                f"claim and {other_name} is right.")
    what = KIND_WORDS.get(kind, "details")
    if mine and theirs:
        return f"The {what} differ: this claim says “{mine}”, {other_name} says “{theirs}”."
    return f"The {what} differ between this claim and {other_name}."
