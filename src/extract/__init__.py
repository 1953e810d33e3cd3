"""trial-extract: clinical-trial registry pages -> normalized Parquet tables."""
__version__ = "0.1.0"
