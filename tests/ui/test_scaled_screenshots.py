"""--screenshot --scale 2 paints every tab at twice the pixels, as a 200% display shows it."""

import os
import subprocess
import sys

from PySide6.QtGui import QImage


def test_scale_two_paints_every_tab_at_twice_the_pixels_in_welsh(tmp_path):
    shots = tmp_path / "shots"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "FLEXIDESK_HOME": str(tmp_path / "h")}
    # Bounded by pytest-timeout, not a timed wait (which sleeps; faketime can fail a sleep).
    done = subprocess.run([sys.executable, "-m", "flexidesk", "--lang", "cy", "--scale", "2",
                           "--screenshot", str(shots)], env=env, capture_output=True,
                          text=True)
    assert done.returncode == 0, done.stderr
    for tab in ("provision", "providers", "flexi"):
        image = QImage(str(shots / f"{tab}.png"))
        assert (image.width(), image.height()) == (2732, 1536), tab
