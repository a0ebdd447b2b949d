"""Ingestion: list sources, parse each format, chunk by structure, embed through the cache, store."""
