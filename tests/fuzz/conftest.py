"""The fuzz tests' hypothesis profile (used through ``fuzzkit.examples(n)``): reproducible in CI
(derandomized, no example database) and a generous deadline, because the CI machine is shared.
The example counts scale with the environment variable CASE_WORKBENCH_FUZZ_EXAMPLES (a
multiplier: ``CASE_WORKBENCH_FUZZ_EXAMPLES=10`` runs ten times as many examples locally).

Each example also runs under a hard cap of CPU seconds (``fuzzkit.cpu_limit``) and each test
under pytest-timeout, so a hang fails instead of stalling CI.
"""
from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, settings

settings.register_profile(
    "case-workbench-fuzz",
    derandomize=True,
    database=None,
    deadline=dt.timedelta(seconds=20),
    print_blob=False,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                           HealthCheck.large_base_example],
)
