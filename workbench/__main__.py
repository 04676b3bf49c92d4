"""``python -m workbench``: the same as the ``workbench`` command."""
import sys

from workbench.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
