"""How strong a password must be, judged by zxcvbn, refused with the reason in words.

The key file is copied beside every backup, so a password is only as safe as the number of
guesses it takes offline (scrypt makes each guess cost about a third of a second). zxcvbn
estimates that number; a password it scores below 3 ("safely unguessable": more than 10^8
guesses, years at scrypt's pace) is refused, with why in our own words (and in Welsh).
"""

from __future__ import annotations

from flexidesk.i18n import N_, _
from flexidesk.policy.errors import PolicyError

MIN_PASSWORD = 10
MIN_SCORE = 3

#: zxcvbn's kinds of weakness, in our words.
_REASONS = {
    "repeat": N_("it repeats the same characters or words (like \u201caaaa\u201d or "
                 "\u201cabcabc\u201d)"),
    "sequence": N_("it follows a sequence (like \u201cabcd\u201d or \u201c1234\u201d)"),
    "spatial": N_("it follows the keys of the keyboard (like \u201cqwerty\u201d)"),
    "date": N_("it is built on a date, which is quick to guess"),
    "regex": N_("it is built on a recent year, which is quick to guess"),
    "common": N_("it is one of the most common passwords, or nearly so"),
    "decorated": N_("it is a common word or password with capitals, digits or symbols "
                    "added, which does not make it much harder to guess"),
    "word": N_("it is built on common words or names, which are quick to guess"),
    "personal": N_("it contains your own name, user name or the school's name"),
}
_DEFAULT = N_("it would be guessed too quickly")
_ADVICE = N_("A short sentence of three or four words that do not belong together is easy "
             "to remember and hard to guess.")


def _reason(result: dict) -> str:
    """The main weakness zxcvbn found, as one of our own phrases."""
    longest = max(result.get("sequence") or [{}], key=lambda m: len(m.get("token", "")))
    pattern = longest.get("pattern", "")
    if pattern == "dictionary":
        if longest.get("dictionary_name") == "user_inputs":
            return _REASONS["personal"]
        if longest.get("l33t") or (longest.get("token", "") != longest.get("matched_word", "")
                                   and longest.get("dictionary_name") == "passwords"):
            return _REASONS["decorated"]
        if longest.get("dictionary_name") == "passwords":
            common = len(longest.get("token", "")) >= len(result.get("password", "")) - 3
            return _REASONS["common"] if common else _REASONS["decorated"]
        return _REASONS["word"]
    return _REASONS.get(pattern, _DEFAULT)


def check_strength(password: str, *personal: str) -> None:
    """Refuse a password that is short, contains the user name, or that zxcvbn judges quick
    to guess (PolicyError, saying why and what would do). ``personal``: the user name, the
    person's name, the school's name (guessers try them first)."""
    if len(password) < MIN_PASSWORD:
        raise PolicyError(_("Please choose a password of at least {n} characters; a short "
                            "sentence is easy to remember.").format(n=MIN_PASSWORD))
    username = personal[0] if personal else ""
    if username and username.casefold() in password.casefold():
        raise PolicyError(_("Please choose a password that does not contain the user name."))
    from zxcvbn import zxcvbn

    inputs = [w for text in personal if text for w in [text, *text.split()] if len(w) > 2]
    result = zxcvbn(password[:100], user_inputs=inputs)  # zxcvbn slows on very long input
    if result["score"] >= MIN_SCORE:
        return
    raise PolicyError(_("This password is too easy to guess: {reason}. {advice}").format(
        reason=_(_reason(result)), advice=_(_ADVICE)))


# --- changing one's own password ----------------------------------------------------------------


def _open_own_slot(db_path, username: str, current: str):
    """Everything the current password opens (counted by the sign-in throttle if wrong)."""
    from flexidesk.policy.records.signin import SignInFailed, SignInThrottle, attempt_unlock

    try:
        opened = attempt_unlock(SignInThrottle.for_database(db_path), db_path, username, current)
    except SignInFailed as exc:
        raise PolicyError(_("Your current password is not right. Nothing has changed.")) from exc
    if opened is None:
        raise PolicyError(_("This school's file has no key file, so it has no passwords to "
                          "change."))
    return opened


def change_own_password(actor, db_path, current: str, new: str, again: str) -> None:
    """The signed-in person gives themselves a new password: the same key slot, so everything
    sealed to it stays; the old password stops opening it. Staff: audited. A governor, who
    cannot write to the school's records, changes only their slot."""
    from flexidesk.policy.records.access import require
    from flexidesk.store.keyslots import KeySlots

    require(actor, "self.preferences")
    if new != again:
        raise PolicyError(_("The two new passwords are different. Please type them again."))
    if new == current:
        raise PolicyError(_("The new password is the same as the current one."))
    check_strength(new, actor.username, actor.display_name)
    opened = _open_own_slot(db_path, actor.username, current)
    ring = KeySlots.load(db_path)
    if opened.governors_only:
        ring.change_password(opened, new)
        return
    _record_and_change(actor, ring, opened, new)


def _record_and_change(actor, ring, opened, new: str) -> None:
    from flexidesk.policy.records.access import action
    from flexidesk.store import audit

    @action("self.preferences")
    def change(actor) -> None:
        audit.record(actor.username, "staff.own_password", "staff_user", actor.user_id)
        ring.change_password(opened, new)  # written last: a failure rolls the row back

    change(actor)
