"""CKAN interoperability: packages <-> descriptions, CKAN-style queries (domain translation only)."""
