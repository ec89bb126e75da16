"""The search port, its engines, text analysis, the search document projection, evaluation."""
