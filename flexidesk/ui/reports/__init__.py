"""The governors' anonymised reports page."""
