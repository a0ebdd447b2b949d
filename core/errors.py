"""Domain errors: each carries a message fit to show a user; edges (CLI, bot) render it."""


class DtbotError(Exception):
    """Base class: ``str(err)`` is the user-facing message."""


class ConfigError(DtbotError):
    """A setting is missing or inconsistent."""


class StoreBusyError(DtbotError):
    """Another process holds the write lock on DTBOT_HOME."""


class EmbedderMismatchError(DtbotError):
    """The collection was built with another embedder."""


class ParseError(DtbotError):
    """A file could not be read; the message says why."""


class BackendUnavailableError(DtbotError):
    """Chroma, the database or the LLM could not be reached."""


class UnknownReportError(DtbotError):
    """A report name that does not exist (``dtbot report NAME``, ``/report NAME``)."""
