"""Fact extractors, one module per kind of fact; ``pipeline`` registers them as spaCy factories."""
