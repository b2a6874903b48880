"""The school's written policy as code: every change to a child's record goes through here."""
