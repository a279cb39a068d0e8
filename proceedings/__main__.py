"""``python -m proceedings``: the ``proceedings`` command."""

import sys

from proceedings.cli.main import main

sys.exit(main())
