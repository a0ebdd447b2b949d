"""Running dtbot as a service: readiness checks and the scheduled re-index (used by ``bot/``)."""
