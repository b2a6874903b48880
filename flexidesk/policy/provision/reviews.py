"""What every review of a child's provision must make sense of, in school or alternative."""

from __future__ import annotations

import datetime as dt

from flexidesk.i18n import _, format_date
from flexidesk.policy.errors import PolicyError
from flexidesk.policy.vocabulary import SCORE_LABELS


def check_review(score: int, review_date: dt.date, started_on: dt.date, today: dt.date, *,
                 before_start: str) -> None:
    """Refuse a score outside -2..+2, a review in the future, or one before the start.

    ``before_start`` is the refusal for the last case, with ``{date}`` for the start
    ("The review is dated before the placement started ({date}).").
    """
    if score not in SCORE_LABELS:
        raise PolicyError(_("Choose a score from -2 (much worse) to +2 (clear benefit)."))
    if review_date > today:
        raise PolicyError(_("A review cannot be dated in the future."))
    if review_date < started_on:
        raise PolicyError(before_start.format(date=format_date(started_on)))
