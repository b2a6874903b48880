"""The school's own set-up: its details, its calendar and its interventions catalogue."""
