"""FlexiDesk user interface (PySide6 lives only here)."""
