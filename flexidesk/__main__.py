"""Entry point for ``python -m flexidesk``."""

import sys

from flexidesk.cli import main

sys.exit(main())
