"""Scale and load tooling: a generated organisation, page timings against a raw-SQL floor, load."""
