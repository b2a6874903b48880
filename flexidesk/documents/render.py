"""The generic entry points: snapshot a document's params from the database, render params to PDF.

``render`` is a pure function of its params: the same params give byte-identical PDFs, so a
reprint from ``IssuedDocument.params`` matches the stored hash of what the family received.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flexidesk.documents import ap_documents, flexi_letters, provision_letter
from flexidesk.i18n import _
from flexidesk.policy.records.access import Actor, PolicyError


def _review_letter(actor: Actor, _kind: str, *, review_id: int, letter_date=None) -> dict:
    return provision_letter.review_letter_params(actor, review_id, letter_date)


#: Each kind of document: how its params are read (for an actor), and how they are laid out.
_BUILDERS: dict[str, Callable[..., dict]] = {
    kind: flexi_letters.build_flexi_params for kind in flexi_letters.KINDS}
_BUILDERS.update({kind: ap_documents.build_ap_params for kind in ap_documents.KINDS})
_BUILDERS[provision_letter.KIND] = _review_letter
_RENDERERS: dict[str, Callable[[str, dict], bytes]] = {
    kind: flexi_letters.render_flexi for kind in flexi_letters.KINDS}
_RENDERERS.update({kind: ap_documents.render_ap for kind in ap_documents.KINDS})
_RENDERERS[provision_letter.KIND] = lambda _kind, params: provision_letter.render_review_letter(
    params)

KINDS: tuple[str, ...] = tuple(_RENDERERS)


def build_params(actor: Actor, kind: str, **ids_and_options) -> dict:
    """A JSON-serialisable snapshot of everything document ``kind`` shows, read now for
    ``actor`` (role checked first, the view recorded).

    Flexi kinds take ``request_id=`` and an optional ``letter_date=`` (a date; today if
    left out); AP kinds ``placement_id=`` (none for the register) and ``today=``; a
    provision review letter ``review_id=``. Raises PolicyError with a plain message when the
    document cannot be written yet (no meeting arranged, no decision, no agreement drafted,
    an address too long for the envelope), PermissionDenied when the actor's role may not
    write it.
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


def reprint(actor: Actor, issued_id: int) -> bytes:
    """An issued document rebuilt from its stored params, checked against the hash of what was
    issued and audited as a print (PolicyError if it would differ, or was removed)."""
    from flexidesk.policy.records.documents import reprinted
    from flexidesk.store.models import IssuedDocument

    document = IssuedDocument.get_or_none(IssuedDocument.id == issued_id)
    if document is None:
        raise PolicyError(_("This document could not be found. It may have been removed."))
    pdf = rerender(document.kind, document.params)
    reprinted(actor, issued_id, pdf)
    return pdf
