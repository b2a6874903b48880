"""Our policy as a file: exported for another school (a trust hands one version to all its
schools), imported as a draft after every key, number and template is checked."""

from __future__ import annotations

import json
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.ourpolicy.rules import Problem, check_policy, completed
from flexidesk.policy.ourpolicy.versions import PolicyRefused, save_draft
from flexidesk.policy.records.access import Actor, PolicyError

#: What the file says it is, so a stray JSON file is refused for what it is.
FORMAT = "flexidesk-policy"
FORMAT_VERSION = 1
#: A policy file is small: anything larger is not one.
MAX_BYTES = 256 * 1024


def policy_file_text(body: dict) -> str:
    """The file's text: the format, then the policy's sections (data only)."""
    return json.dumps({"format": FORMAT, "format_version": FORMAT_VERSION, "policy": body},
                      ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def export_policy(body: dict, path: Path) -> None:
    """Write ``body`` (checked first) to ``path``."""
    problems = check_policy(body)
    if problems:
        raise PolicyRefused(problems)
    Path(path).write_text(policy_file_text(body), encoding="utf-8")


def read_policy_file(path: Path) -> dict:
    """The policy in the file at ``path``, checked; PolicyRefused names each key path and
    why, PolicyError says why the file is no policy at all."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PolicyError(_("The file could not be read: {reason}").format(
            reason=exc.strerror or exc)) from None
    if len(raw) > MAX_BYTES:
        raise PolicyError(_("This file is too large to be a policy file."))
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        where = _(" (line {n})").format(n=line) if line else ""
        raise PolicyError(_("This file is not a FlexiDesk policy file: it is not readable "
                            "JSON{where}.").format(where=where)) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PolicyError(_("This file is not a FlexiDesk policy file."))
    if data.get("format_version") != FORMAT_VERSION:
        raise PolicyError(_("This policy file was written by a newer FlexiDesk. Please "
                            "update FlexiDesk to read it."))
    unknown = sorted(set(data) - {"format", "format_version", "policy"})
    body = data.get("policy")
    if not isinstance(body, dict):
        raise PolicyRefused([Problem("policy", _("is missing"))])
    body = completed(body)
    problems = [Problem(k, _("is not a key FlexiDesk knows")) for k in unknown]
    problems += check_policy(body)
    if problems:
        raise PolicyRefused(problems)
    return body


def import_policy(actor: Actor, path: Path) -> dict:
    """Read the file and save it as the draft (it is adopted like any other draft)."""
    body = read_policy_file(path)
    save_draft(actor, body)
    return body
