"""``python -m xlclientrank`` is the same as the ``xlclientrank`` command."""

import sys

from xlclientrank.cli import main

sys.exit(main())
