"""Alternative provision: the register of providers, their due diligence, and each placement.

The public names live in the package's modules (status, register, placements, read) and are
all exported from here, so callers write ``from flexidesk.policy.providers import ...``.
"""

from flexidesk.policy.providers.commission import (
    OVERRIDE_FOLLOW_UP,
    commission_placement,
    registration_warnings,
)
from flexidesk.policy.providers.placements import (
    FULL_TIME_HOURS,
    HALF_TERM_SCHOOL_DAYS,
    PLACEMENT_REVIEW_WEEKS,
    SESSION_HOURS,
    continue_despite_lapse,
    end_placement,
    hours_a_week,
    hours_text,
    lapse_alert,
    objectives_of,
    record_family_feedback,
    review_due_after,
    review_placement,
    uncovered_lapses,
)
from flexidesk.policy.providers.read import (
    ChecklistLine,
    OverrideLine,
    ProviderDetail,
    ProviderPlacementLine,
    ProviderRow,
    RegisterLine,
    SiteLine,
    ap_register,
    placement_alerts,
    placement_line,
    placement_overrides,
    provider_detail,
    provider_rows,
    statuses,
)
from flexidesk.policy.providers.register import (
    LIVE_PLACEMENT_STATUSES,
    RECORDABLE_STATUSES,
    add_provider,
    add_site,
    edit_provider,
    edit_site,
    record_due_diligence,
    remove_site,
    retire_checklist_item,
    retire_provider,
    save_checklist_item,
)
from flexidesk.policy.providers.status import (
    EXPIRING,
    EXPIRY_WARNING_DAYS,
    NOT_READY,
    READY,
    DueDiligenceStatus,
    Problem,
    TemplateItem,
    add_months,
    checklist_template,
    default_template,
    due_diligence_status,
    item_due,
    item_problem,
)

__all__ = [
    "EXPIRING", "EXPIRY_WARNING_DAYS", "FULL_TIME_HOURS", "HALF_TERM_SCHOOL_DAYS",
    "LIVE_PLACEMENT_STATUSES", "NOT_READY", "OVERRIDE_FOLLOW_UP", "PLACEMENT_REVIEW_WEEKS", "READY",
    "RECORDABLE_STATUSES", "SESSION_HOURS", "ChecklistLine", "DueDiligenceStatus",
    "OverrideLine", "Problem", "ProviderDetail", "ProviderPlacementLine", "ProviderRow",
    "RegisterLine", "SiteLine", "TemplateItem", "add_months", "add_provider", "add_site",
    "ap_register", "checklist_template", "commission_placement", "continue_despite_lapse",
    "default_template", "due_diligence_status", "edit_provider", "edit_site", "end_placement",
    "hours_a_week", "hours_text", "item_due", "item_problem", "lapse_alert", "objectives_of",
    "placement_alerts", "placement_line", "placement_overrides", "provider_detail", "provider_rows",
    "record_due_diligence", "record_family_feedback", "registration_warnings",
    "remove_site", "retire_checklist_item", "retire_provider", "review_due_after",
    "review_placement", "save_checklist_item", "statuses", "uncovered_lapses",
]
