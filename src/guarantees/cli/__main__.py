"""``python -m guarantees.cli``: the ``guarantees`` command."""

import sys

from guarantees.cli import main

sys.exit(main())
