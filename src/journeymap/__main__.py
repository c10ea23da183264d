"""``python -m journeymap``: the command line."""

import sys

from journeymap.cli import main

sys.exit(main())
