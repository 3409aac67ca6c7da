"""``python -m ui``: the same as the ``assistant`` program."""

import sys

from ui.app import main

sys.exit(main())
