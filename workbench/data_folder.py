"""The user's data folder (backups, the list of trusted files, the demos, saved templates): the
one place that knows where it is. Kept apart from the demo, which it used to live in, so that a
command checking a file's trust does not load what building a demo needs."""
from __future__ import annotations

import os
from pathlib import Path

DATA_DIR_ENV = "CASE_WORKBENCH_DATA_DIR"  # overrides the user's data folder (tests use it)


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override)
    import platformdirs

    return platformdirs.user_data_path("case-workbench")
