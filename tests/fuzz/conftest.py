"""The fuzz tests' hypothesis profile (used through ``fuzzkit.examples(n)``): reproducible in CI
(derandomized, no example database) and a generous deadline, because the CI machine is shared.
A default run takes 30 % of each test's examples; ``CASE_WORKBENCH_DEEP_TESTS=1`` runs them all
and CASE_WORKBENCH_FUZZ_EXAMPLES multiplies them (``=10`` runs ten times as many).

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
