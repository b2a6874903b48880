"""FlexiDesk: a primary school's pastoral, alternative-provision and flexi-schooling desk."""

__version__ = "0.1.0"
