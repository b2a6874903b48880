"""The schema's version: which numbered migrations exist (the steps live in ``migrations/``).

Kept apart from the migrations themselves so that opening a file can refuse one from a newer
FlexiDesk, and the log check can name the steps, without loading any migration.
"""

#: Every migration in order; the n-th brings a file to schema version n. A new migration
#: is a new module in ``migrations/`` and its name at the end of this list (a test checks
#: the folder).
STEP_NAMES = ("m0001_initial", "m0002_rights", "m0003_settings", "m0004_own_school",
              "m0005_ap", "m0006_pupil_import", "m0007_today",
              "m0008_flexi_rules", "m0009_server", "m0010_audit_head",
              "m0011_week", "m0012_flexi_holes",
              "m0013_privacy", "m0014_our_policy", "m0015_agreement_details",
              "m0016_trust_policy", "m0017_shared_tables", "m0018_policy_rules")
LATEST_VERSION = len(STEP_NAMES)
