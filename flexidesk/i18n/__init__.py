"""Translation (gettext) and locale-aware formatting (Babel) for everything a user sees.

Imported by the command line before anything else, so it loads only gettext: Babel, and what
formatting money needs, load on the first date or amount shown (the sign-in form shows none),
and the locales FlexiDesk ships need no Babel to be recognised.
"""

from __future__ import annotations

import contextlib
import functools
import gettext as _gettext
import logging
import threading
from typing import TYPE_CHECKING

from flexidesk.resources import folder

if TYPE_CHECKING:
    import datetime as _dt

DOMAIN = "flexidesk"
#: Compiled catalogues: <LOCALE_DIR>/<language>/LC_MESSAGES/flexidesk.mo, inside the package.
LOCALE_DIR = folder("translations")
DEFAULT_LOCALE = "en_GB"
#: The interface is written in English; other languages need a compiled catalogue.
SOURCE_LANGUAGE = "en"

log = logging.getLogger(__name__)


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


#: A language alone (``--lang cy``) means its British locale, for dates and money too.
LANGUAGE_LOCALES = {"cy": "cy_GB", "en": "en_GB"}


#: A locale one thread uses for a while (``using_locale``): a Welsh pack rendered in a worker
#: must not turn the window's own words Welsh while it runs.
_local = threading.local()


def _active() -> tuple[str, _gettext.NullTranslations]:
    return getattr(_local, "state", None) or (_State.locale, _State.translation)


def _resolve(locale: str | None) -> str:
    name = (locale or DEFAULT_LOCALE).replace("-", "_")
    name = LANGUAGE_LOCALES.get(name.lower(), name)
    if name != DEFAULT_LOCALE and name not in LANGUAGE_LOCALES.values():
        from babel import Locale

        try:
            Locale.parse(name)
        except (ValueError, TypeError, Exception):  # babel raises UnknownLocaleError too
            name = DEFAULT_LOCALE
    return name


def set_locale(locale: str | None) -> str:
    """Switch translations and formatting to ``locale`` (falls back to en_GB); returns the one in force."""
    name = _resolve(locale)
    _State.locale = name
    _State.translation = catalogue(name)
    return name


def catalogue(locale: str) -> _gettext.NullTranslations:
    """The compiled catalogue for ``locale`` (English needs none).

    A missing catalogue is not hidden (as ``fallback=True`` would): it is logged, and the
    interface stays in English rather than failing to start.
    """
    if locale.split("_")[0] == SOURCE_LANGUAGE:
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[locale])
    except OSError:
        log.warning("No compiled catalogue for %s in %s", locale, LOCALE_DIR)
        return _gettext.NullTranslations()


def available_languages() -> list[str]:
    """Languages the interface can be shown in: English and each compiled catalogue."""
    found = sorted(p.parent.parent.name for p in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    return [SOURCE_LANGUAGE, *found]


@contextlib.contextmanager
def using_locale(locale: str):
    """Translate and format in ``locale`` for a while (a Welsh letter from an English screen),
    in this thread only: other threads keep the locale in force."""
    before = getattr(_local, "state", None)
    name = _resolve(locale)
    _local.state = (name, catalogue(name))
    try:
        yield name
    finally:
        _local.state = before


def current_locale() -> str:
    """The locale dates and money are formatted in."""
    return _active()[0]


def _(message: str) -> str:
    """Translate ``message`` into the active language."""
    return _active()[1].gettext(message)


def N_(message: str) -> str:
    """Mark ``message`` for extraction; translate it later, where it is shown."""
    return message


def pgettext(context: str, message: str) -> str:
    """Translate ``message`` where the same English needs different words by ``context``."""
    return _active()[1].pgettext(context, message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message whose wording depends on a count."""
    return _active()[1].ngettext(singular, plural, n)


def format_date(value: _dt.date | None, fmt: str = "medium") -> str:
    """A date as the school's locale writes it ('' for none)."""
    if value is None:
        return ""
    return _dates().format_date(value, format=fmt, locale=_active()[0])


def format_long_date(value: _dt.date | None) -> str:
    """A date for letters, e.g. 'Friday 27 November 2026' in en_GB."""
    if value is None:
        return ""
    return _dates().format_date(value, format="EEEE d MMMM y", locale=_active()[0])


def format_datetime(value: _dt.datetime | None, fmt: str = "medium") -> str:
    """A date and time as the school's locale writes it."""
    if value is None:
        return ""
    return _dates().format_datetime(value, format=fmt, locale=_active()[0])


def format_time(value: _dt.time | None, fmt: str = "short") -> str:
    """A time of day as the school's locale writes it."""
    if value is None:
        return ""
    return _dates().format_time(value, format=fmt, locale=_active()[0])


def format_money(pence: int | None, currency: str = "GBP") -> str:
    """An amount held in pence, as money in the school's locale."""
    if pence is None:
        return ""
    from decimal import Decimal

    return _numbers().format_currency(Decimal(pence) / 100, currency, locale=_active()[0])


set_locale(DEFAULT_LOCALE)
