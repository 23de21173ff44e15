"""Flag codes in words, for every page and the admin (the code stays in exports and
the API, where scripts read it)."""

FLAG_LABELS = {
    "weekday_mismatch": "Weekday does not fit the date",
    "date_after_publication": "Date after publication",
    "relative_date_conflict": "“Today”/“yesterday” does not fit the date",
    "invalid_date": "No such date",
    "range_reversed": "Range runs backwards",
}


def flag_label(code: str) -> str:
    """``weekday_mismatch`` -> "Weekday does not fit the date"; an unknown code in words."""
    code = str(code or "")
    if code in FLAG_LABELS:
        return FLAG_LABELS[code]
    words = code.replace("_", " ").strip()
    return words[:1].upper() + words[1:]
