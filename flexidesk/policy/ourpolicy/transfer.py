"""Our policy as a file: exported for another school (a trust hands one version to all its
schools), imported as a draft after every key, number and template is checked."""

from __future__ import annotations

import json
from pathlib import Path

from flexidesk.i18n import _
from flexidesk.policy.ourpolicy.located import Located
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
    """The policy in the file at ``path``, checked; PolicyRefused names each problem's line,
    key path and reason, PolicyError says why the file is no policy at all."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise PolicyError(_("The file could not be read: {reason}").format(
            reason=exc.strerror or exc)) from None
    if len(raw) > MAX_BYTES:
        raise PolicyError(_("This file is too large to be a policy file."))
    try:
        located = Located(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        where = _(" (line {n})").format(n=line) if line else ""
        raise PolicyError(_("This file is not a FlexiDesk policy file: it is not readable "
                            "JSON{where}.").format(where=where)) from None
    except (ValueError, RecursionError) as exc:  # NaN or Infinity; nesting no policy has
        raise PolicyError(_("This file is not a FlexiDesk policy file: {reason}.").format(
            reason=exc if isinstance(exc, ValueError) else _("it is nested too deeply"))) \
            from None
    data = located.data
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise PolicyError(_("This file is not a FlexiDesk policy file."))
    if data.get("format_version") != FORMAT_VERSION:
        raise PolicyError(_("This policy file was written by a newer FlexiDesk. Please "
                            "update FlexiDesk to read it."))
    body = data.get("policy")
    if not isinstance(body, dict):
        raise PolicyRefused([Problem("policy", _("is missing"), located.line("policy"))])
    problems = [Problem(k, _("is not a key FlexiDesk knows"), located.line(k))
                for k in sorted(set(data) - {"format", "format_version", "policy"})]
    problems += [Problem(path.removeprefix("policy."), _("is given twice"), line)
                 for path, line in located.twice]
    problems += [Problem(p.path, p.reason, located.line(_in_file(p.path)))
                 for p in check_policy(completed(body))]
    if problems:
        raise PolicyRefused(sorted(problems, key=lambda p: p.line or 0))
    return completed(body)


def _in_file(path: str) -> str:
    """A policy's key path as a path in the file (the policy sits under "policy")."""
    return f"policy.{path}" if path else "policy"


def import_policy(actor: Actor, path: Path) -> dict:
    """Read the file and save it as the draft (it is adopted like any other draft)."""
    body = read_policy_file(path)
    save_draft(actor, body)
    return body
