"""Translation (gettext) and locale-aware formatting (Babel) for everything a user sees."""

from __future__ import annotations

import datetime as _dt
import functools
import gettext as _gettext
from decimal import Decimal
from pathlib import Path

DOMAIN = "flexidesk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "resources" / "translations"
DEFAULT_LOCALE = "en_GB"


@functools.cache
def _dates():
    """Babel's date formatting, loaded on the first date shown (the sign-in form needs none)."""
    import babel.dates

    return babel.dates


@functools.cache
def _numbers():
    import babel.numbers

    return babel.numbers


class _State:
    """The active locale and catalogue; one per process, changed only through set_locale()."""

    locale: str = DEFAULT_LOCALE
    translation: _gettext.NullTranslations = _gettext.NullTranslations()


def set_locale(locale: str | None) -> str:
    """Switch translations and formatting to ``locale`` (falls back to en_GB); returns the one in force."""
    name = locale or DEFAULT_LOCALE
    if name != DEFAULT_LOCALE:
        from babel import Locale

        try:
            Locale.parse(name)
        except (ValueError, TypeError, Exception):  # babel raises UnknownLocaleError too
            name = DEFAULT_LOCALE
    _State.locale = name
    _State.translation = _gettext.translation(
        DOMAIN, localedir=str(LOCALE_DIR), languages=[name], fallback=True
    )
    return name


def current_locale() -> str:
    """The locale dates and money are formatted in."""
    return _State.locale


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _State.translation.gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later, where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _State.translation.ngettext(singular, plural, n)


def format_date(value: _dt.date | None, fmt: str = "medium") -> str:
    """A date as the school's locale writes it ('' for none)."""
    if value is None:
        return ""
    return _dates().format_date(value, format=fmt, locale=_State.locale)


def format_long_date(value: _dt.date | None) -> str:
    """A date for letters, e.g. 'Friday 27 November 2026' in en_GB."""
    if value is None:
        return ""
    return _dates().format_date(value, format="EEEE d MMMM y", locale=_State.locale)


def format_datetime(value: _dt.datetime | None, fmt: str = "medium") -> str:
    """A date and time as the school's locale writes it."""
    if value is None:
        return ""
    return _dates().format_datetime(value, format=fmt, locale=_State.locale)


def format_time(value: _dt.time | None, fmt: str = "short") -> str:
    """A time of day as the school's locale writes it."""
    if value is None:
        return ""
    return _dates().format_time(value, format=fmt, locale=_State.locale)


def format_money(pence: int | None, currency: str = "GBP") -> str:
    """An amount held in pence, as money in the school's locale."""
    if pence is None:
        return ""
    return _numbers().format_currency(Decimal(pence) / 100, currency, locale=_State.locale)


set_locale(DEFAULT_LOCALE)
