"""``python -m assistant`` does what the ``assistant`` command does."""

import sys

from assistant.cli import main

sys.exit(main())
