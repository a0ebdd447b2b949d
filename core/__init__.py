"""Shared bottom layer: domain errors, plain types and the catalogue of user-facing strings."""
