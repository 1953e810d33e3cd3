"""Package data: the rule files (patterns, vocabularies, unit tables, section headings)."""
