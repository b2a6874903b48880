"""The laptop school every attack starts from."""

import pytest

from tests.attacks.laptop.insider import STAFF
from tests.rights_data import signed_school


@pytest.fixture
def school_path(tmp_path):
    """Ferngate Primary: Headteacher tbrook, pastoral lead ben, office cara, governor dev."""
    return signed_school(tmp_path / "school" / "school.db", *STAFF)
