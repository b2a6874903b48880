"""flexi."""
