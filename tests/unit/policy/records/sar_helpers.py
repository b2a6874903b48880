"""Deciding every flagged passage of a subject access reply, for tests that need it done."""

from flexidesk.policy.records.redaction import decide_passage, passages


def decide_all(head, request, *, redact: dict[str, str] | None = None) -> list:
    """Keep every flagged passage except those whose key is in ``redact`` (key: reason)."""
    found = passages(head, request)
    for passage in found:
        reason = (redact or {}).get(passage.key)
        decide_passage(head, request, passage, "redact" if reason else "keep", reason or "")
    return found
