"""Pydantic models: the exchange format, API payloads, search queries and results. No I/O."""
