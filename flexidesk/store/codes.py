"""The short codes stored for enumerated values, kept in one place so that the schema's CHECK
constraints and the policy layer agree. Plain tuples: reading them loads no database code.
"""

NATIONS = ("ENG", "WLS", "SCT", "NIR")
ROLES = ("headteacher", "pastoral_lead", "office", "governor")
#: Roles that exist only on a trust's server: they read across the trust's schools.
TRUST_ROLES = ("trust_ap_lead", "trust_safeguarding_lead", "trust_governor")
YEAR_GROUPS = tuple(range(0, 7))  # 0 = Reception, 1..6 = Year 1..6
SESSIONS = tuple(f"{d}_{p}" for d in ("mon", "tue", "wed", "thu", "fri") for p in ("am", "pm"))
CONTACT_METHODS = ("phone", "email", "meeting", "letter", "text", "other")
DD_STATUSES = ("missing", "requested", "held", "expired", "not_applicable")
ATTENDANCE_CODES = ("B", "D", "K")
#: The census's alternative-provision setting types, for a provider with no URN or UKPRN.
AP_SETTING_TYPES = ("NFE", "OOT", "WBP", "OTH")
PLACEMENT_STATUSES = ("planned", "active", "ended", "cancelled")
FLEXI_STAGES = (
    "received", "meeting_arranged", "meeting_held", "considered", "decided",
    "letter_issued", "agreement_drafted", "active", "ended", "withdrawn",
)
FLEXI_OUTCOMES = ("agreed", "declined")
FACTOR_RATINGS = ("supports", "neutral", "concern", "serious_concern")
FLEXI_REVIEW_OUTCOMES = ("continue", "change", "end")
FLEXI_END_REASONS = ("review", "notice_school", "notice_family", "withdrawn")
