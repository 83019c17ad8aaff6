"""The generated organisation of the benchmarks: the package's generator (`pop.bench`), re-exported.

The generator lives in the installed package, so that `pop bench generate` works without a source
checkout; the timings and load runs here import it from there, never the other way round.
"""

from pop.bench.generate import (  # noqa: F401  (the names the benchmarks and their tests use)
    generate,
    reset_database,
    schema_fingerprint,
    table_counts,
)
from pop.bench.shape import (  # noqa: F401
    BENCH_PASSWORD,
    BIG_TEAM,
    CHECK_INS_PER_PERSON,
    EMPLOYEE_EMAIL,
    GOALS_PER_PERSON,
    HR_EMAIL,
    MANAGER_EMAIL,
    SCOPED_HR_EMAIL,
    GenerationError,
    GenerationReport,
)
