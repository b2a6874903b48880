"""The generic entry points: snapshot a document's params from the database, render params to PDF.

``render`` is a pure function of its params: the same params give byte-identical PDFs, so a
reprint from ``IssuedDocument.params`` matches the stored hash of what the family received.
"""

from __future__ import annotations

import json

from flexidesk.documents import flexi_letters
from flexidesk.policy.records.access import Actor

#: Each kind of document: how its params are read, and how they are laid out.
_BUILDERS = {kind: flexi_letters.build_flexi_params for kind in flexi_letters.KINDS}
_RENDERERS = {kind: flexi_letters.render_flexi for kind in flexi_letters.KINDS}

KINDS: tuple[str, ...] = tuple(_RENDERERS)


def build_params(actor: Actor, kind: str, **ids_and_options) -> dict:
    """A JSON-serialisable snapshot of everything document ``kind`` shows, read now for
    ``actor`` (role checked first, the view recorded).

    Flexi kinds take ``request_id=`` and an optional ``letter_date=`` (a date; today if
    left out). Raises PolicyError with a plain message when the document cannot be written
    yet (no meeting arranged, no decision, no agreement drafted), PermissionDenied when the
    actor's role may not write it.
    """
    try:
        builder = _BUILDERS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind: {kind}") from None
    params = builder(actor, kind, **ids_and_options)
    # Round-trip through JSON so what is rendered now is exactly what a reprint will see.
    return json.loads(json.dumps(params))


def render(kind: str, params: dict) -> bytes:
    """The PDF bytes of document ``kind`` laid out from ``params`` alone."""
    try:
        renderer = _RENDERERS[kind]
    except KeyError:
        raise ValueError(f"unknown document kind: {kind}") from None
    return renderer(kind, params)


def rerender(kind: str, params_json: str) -> bytes:
    """Rebuild an issued document from its stored params (``IssuedDocument.params``)."""
    return render(kind, json.loads(params_json))
