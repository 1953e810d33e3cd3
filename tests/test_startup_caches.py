"""The start-up caches (``extract.cache``): what they hold equals what the process would compute."""
from __future__ import annotations

import math

from extract import cache
from extract.normalize import units


def test_cache_round_trip_and_switch_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    assert cache.load("x") is None
    cache.store("x", [("mg/dL", "g/L", None, 0.01)])
    assert cache.load("x") == [("mg/dL", "g/L", None, 0.01)]
    (tmp_path / "broken").write_bytes(b"\x00not marshal")
    assert cache.load("broken") is None
    monkeypatch.setenv(cache.ENV, "off")
    assert cache.cache_dir() is None and cache.load("x") is None
    cache.store("y", 1)  # ignored
    assert not (tmp_path / "y").exists()


def test_unit_factor_table_is_what_pint_computes(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path))
    units.factor_table.cache_clear()
    try:
        built = units.factor_table()  # computed by pint, then stored
        assert len(built) > 100
        units.factor_table.cache_clear()
        assert units.factor_table() == built  # read back from the cache
        for (src, dst, mm), f in built.items():
            if f is None:
                continue
            assert math.isclose(f, units._pint_factor(src, dst, mm), rel_tol=1e-12), (src, dst, mm)
        # a conversion outside the table still goes through pint
        assert math.isclose(units._factor("mg/dL", "g/L", None), 0.01)
    finally:
        units.factor_table.cache_clear()
