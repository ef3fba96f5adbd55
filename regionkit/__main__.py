"""Allow `python -m regionkit`."""

import sys

from regionkit.cli import main

sys.exit(main())
