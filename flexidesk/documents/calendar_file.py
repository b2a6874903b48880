"""The school's diary as an RFC 5545 calendar file (written with the icalendar library)."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from flexidesk import __version__
from flexidesk.policy.calendar_export import CalendarEvent

#: Meetings happen at the school's clock time, whatever the phone's time zone.
SCHOOL_ZONE = ZoneInfo("Europe/London")


def _domain(school: str) -> str:
    """A UID domain from the school's name: the same school always gives the same UIDs."""
    slug = re.sub(r"[^a-z0-9]+", "-", school.casefold()).strip("-") or "school"
    return f"{slug}.flexidesk.invalid"


def to_ics(events: list[CalendarEvent], school: str, *, stamp: dt.datetime | None = None) -> bytes:
    """The events as one calendar; each UID is stable, so re-importing updates, not duplicates."""
    cal = Calendar()
    cal.add("prodid", f"-//FlexiDesk//FlexiDesk {__version__}//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", f"FlexiDesk: {school}")
    stamp = stamp or dt.datetime.now(dt.UTC).replace(microsecond=0)
    domain = _domain(school)
    for e in events:
        event = Event()
        event.add("uid", f"{e.uid}@{domain}")
        event.add("dtstamp", stamp)
        event.add("summary", e.summary)
        if e.time is not None:
            start = dt.datetime.combine(e.day, e.time, tzinfo=SCHOOL_ZONE)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(hours=1))
        else:
            event.add("dtstart", e.day)  # an all-day entry
            event.add("dtend", e.day + dt.timedelta(days=1))
        if e.place:
            event.add("location", e.place)
        if e.description:
            event.add("description", e.description)
        cal.add_component(event)
    return cal.to_ical()
