"""``python -m privacy``: anonymise standard input line by line (see :mod:`privacy.redact`)."""

import sys

from privacy.redact import main

sys.exit(main())
