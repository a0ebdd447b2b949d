"""Settings for dtbot: one object built at the edge (CLI, bot) and passed down."""

from config.settings import Settings

__all__ = ["Settings"]
