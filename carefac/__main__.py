"""``python -m carefac``: the same command line as ``carefac``."""

import sys

from .cli import main

sys.exit(main())
