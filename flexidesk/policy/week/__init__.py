"""A child's week and the office's week: where each child is each session, and the register.

``child_week`` is the one object that placements and flexi agreements book into; ``register``
is the office's weekly sheet of codes and ``mis_register`` compares it with the MIS's own.
"""

from flexidesk.policy.week.child_week import (
    AT_HOME,
    AT_PROVIDER,
    FULL_TIME_HOURS,
    IN_SCHOOL,
    SESSION_HOURS,
    ChildWeek,
    Commitment,
    SessionPlace,
    build_week,
    check_booking,
    commitments_of,
    hours_a_week,
    peak_hours,
    placement_commitments,
    session_words,
    week_of,
)

__all__ = [
    "AT_HOME", "AT_PROVIDER", "FULL_TIME_HOURS", "IN_SCHOOL", "SESSION_HOURS", "ChildWeek",
    "Commitment", "SessionPlace", "build_week", "check_booking", "commitments_of",
    "hours_a_week", "peak_hours", "placement_commitments", "session_words", "week_of",
]
