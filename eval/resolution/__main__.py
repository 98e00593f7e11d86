"""python -m eval.resolution: see eval/resolution/__init__.py."""

import sys

from eval.resolution import main

sys.exit(main())
