"""The storage layer: the only code that speaks SQL. Everything else asks ``workbench.core``."""
from .database import Database, StepResult, utc_now
from .health import check, counts
from .migrate import check_and_upgrade, initialise, schema_version
from .schema import APPLICATION_ID, CURRENT_VERSION
from .seed import INTERACTION_TYPES, SOURCE_TYPES, seed_rows

__all__ = [
    "APPLICATION_ID", "CURRENT_VERSION", "Database", "INTERACTION_TYPES", "SOURCE_TYPES",
    "StepResult", "check", "check_and_upgrade", "counts", "initialise", "schema_version",
    "seed_rows", "utc_now",
]
