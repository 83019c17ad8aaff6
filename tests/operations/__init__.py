"""Operations: the 503 page, readiness, logs and metrics."""
