"""The Today tab: what needs someone now, soonest first."""
