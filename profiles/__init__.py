"""Self-service expertise profiles (issue 9): links of Telegram users to their ``Person``, what people
declare about themselves, the merged profile, the office's vocabulary of areas and the register export.

Layer: above ``records``/``retrieval``/``ingest``, below the edges ``bot``/``dtbot``.
"""
