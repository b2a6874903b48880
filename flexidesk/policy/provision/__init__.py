"""The pastoral provision map: children's in-school interventions, their reviews of benefit and
every contact with each family; the grid, the review meeting, Forest School and the letters.

``read`` is the map as staff see it and ``actions`` the writes; both are importable from here,
as ``flexi`` and ``providers`` are. The other modules are imported by name.
"""

from flexidesk.policy.provision.actions import (
    default_first_review,
    default_next_review,
    end_enrolment,
    enrol,
    log_contact,
    places_taken,
    record_review,
)
from flexidesk.policy.provision.read import (
    DUE_SOON_DAYS,
    AdultLine,
    ContactLine,
    EnrolmentLine,
    InterventionChoice,
    PlacementLine,
    ProvisionSummary,
    PupilPage,
    PupilRow,
    ReviewLine,
    adults_of,
    flags_of,
    intervention_choices,
    pupil_page,
    pupil_rows,
    summarise,
)

__all__ = [
    "DUE_SOON_DAYS", "AdultLine", "ContactLine", "EnrolmentLine", "InterventionChoice",
    "PlacementLine", "ProvisionSummary", "PupilPage", "PupilRow", "ReviewLine", "adults_of",
    "default_first_review", "default_next_review", "places_taken", "end_enrolment", "enrol", "flags_of", "intervention_choices",
    "log_contact", "pupil_page", "pupil_rows", "record_review", "summarise",
]
