"""``python -m assistant`` does what the ``assistant`` command does."""

import sys

from assistant.frontends.cli import main

sys.exit(main())
