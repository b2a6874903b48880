"""Each user's interface language, and the school's language for letters to families."""

from __future__ import annotations

from flexidesk.i18n import N_, _
from flexidesk.policy.records import access
from flexidesk.policy.records.access import Actor, PolicyError, action
from flexidesk.store.models import Setting

#: Interface languages a user can choose (a compiled catalogue ships for each but English).
LANGUAGES = {"en": N_("English"), "cy": N_("Cymraeg (Welsh)")}

#: How letters to families are written: Welsh schools send Welsh first, then English.
LETTER_LANGUAGES = {"en": N_("English"), "cy": N_("Welsh"), "cy+en": N_("Bilingual, Welsh first")}
LETTER_LANGUAGE_KEY = "letters.language"


def _language_key(username: str) -> str:
    return f"language.{username}"


def _put(actor: Actor, key: str, value: str) -> None:
    row = Setting.get_or_none(Setting.key == key)
    if row is None:
        access.create(actor, "setting.add", Setting, key=key, value=value)
    else:
        access.update(actor, "setting.edit", row, value=value)


def user_language(actor: Actor) -> str | None:
    """The language ``actor`` chose for the interface (None: the school's)."""
    row = Setting.get_or_none(Setting.key == _language_key(actor.username))
    return row.value if row is not None else None


@action("self.preferences")
def set_user_language(actor: Actor, language: str) -> str:
    """Choose the interface language for oneself (takes effect at the next sign-in)."""
    if language not in LANGUAGES:
        raise PolicyError(_("FlexiDesk is not available in that language."))
    _put(actor, _language_key(actor.username), language)
    return language


def letter_language() -> str:
    """The school's language for letters and agreements: 'en', 'cy' or 'cy+en'."""
    row = Setting.get_or_none(Setting.key == LETTER_LANGUAGE_KEY)
    return row.value if row is not None and row.value in LETTER_LANGUAGES else "en"


@action("school.edit")
def set_letter_language(actor: Actor, language: str) -> str:
    """Set the school's default language for letters to families; audited."""
    if language not in LETTER_LANGUAGES:
        raise PolicyError(_("Letters can be written in English, in Welsh, or in both."))
    _put(actor, LETTER_LANGUAGE_KEY, language)
    return language
