"""JSON API routes (being built)."""
