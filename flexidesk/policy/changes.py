"""What each view of the window reads, by table, so that a change made elsewhere (another
tab, another window, another member of staff on a server) makes only the views it touches
read their rows again. The changes themselves come from the audit log (``store.audit``),
where every write leaves its row in the same transaction."""

from __future__ import annotations

from flexidesk.store.audit import Changes, changes_since
from flexidesk.store.models import (
    Adult,
    AgreementParty,
    ChecklistTemplateItem,
    ClosureDay,
    DueDiligenceItem,
    FactorAssessment,
    FlexiAgreement,
    FlexiAlternative,
    FlexiDecision,
    FlexiMeeting,
    FlexiRequest,
    FlexiRequestAdult,
    FlexiReview,
    IssuedDocument,
    Placement,
    PlacementFunding,
    PlacementReview,
    PlacementSite,
    Provider,
    ProviderSite,
    Pupil,
    PupilAdult,
    School,
    Setting,
    StaffUser,
    Term,
)

__all__ = ["FLEXI_READS", "PROVIDERS_READS", "Changes", "changes_since"]


def _tables(*models) -> frozenset[str]:
    return frozenset(model._meta.table_name for model in models)


#: What every view reads: the children and their adults, the school, its calendar and
#: settings, the staff named on screen.
_SHARED = (Pupil, Adult, PupilAdult, School, Setting, Term, ClosureDay, StaffUser,
           IssuedDocument)

#: The Flexi requests tab.
FLEXI_READS = _tables(*_SHARED, FlexiRequest, FlexiRequestAdult, FlexiMeeting, FactorAssessment,
                      FlexiAlternative, FlexiDecision, FlexiAgreement, AgreementParty,
                      FlexiReview)

#: The Providers tab.
PROVIDERS_READS = _tables(*_SHARED, Provider, ProviderSite, ChecklistTemplateItem,
                          DueDiligenceItem, Placement, PlacementSite, PlacementFunding,
                          PlacementReview)
