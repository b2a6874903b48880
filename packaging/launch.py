"""The bundle's entry point: the same command line as ``python -m flexidesk``."""

import sys

from flexidesk.cli import main

if __name__ == "__main__":
    sys.exit(main())
