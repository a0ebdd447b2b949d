"""dtbot: the Digital Task Force assistant (CLI, services and domain errors)."""
