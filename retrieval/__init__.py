"""Retrieval and answering: embedders, vector + lexical search, fusion, rankers, the answering engine."""
