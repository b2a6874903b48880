"""Our policy: each school's own version of the rules, adopted by its governing body and
recorded on every decision made under it (issue #24)."""

from flexidesk.policy.ourpolicy.differences import differences
from flexidesk.policy.ourpolicy.policy import DEFAULT, OurPolicy, unit_label
from flexidesk.policy.ourpolicy.rules import (
    DEFAULT_POLICY,
    Problem,
    check_policy,
    completed,
    default_policy,
)
from flexidesk.policy.ourpolicy.templates import TEMPLATES, render, template_problem
from flexidesk.policy.ourpolicy.versions import (
    PolicyRefused,
    adopt,
    adopted_versions,
    draft,
    in_force,
    latest_adopted,
    policies_by_id,
    policy_of,
    review_due_from,
    save_draft,
    starting_body,
)

__all__ = [
    "DEFAULT", "DEFAULT_POLICY", "TEMPLATES", "OurPolicy", "PolicyRefused", "Problem", "adopt",
    "adopted_versions", "check_policy", "completed", "default_policy", "differences", "draft",
    "in_force", "latest_adopted", "policies_by_id", "policy_of", "render", "review_due_from", "save_draft",
    "starting_body", "template_problem", "unit_label",
]
