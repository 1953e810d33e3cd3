# Two commands on a fresh machine: `make run` and `make test`.
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
STAMP   := $(VENV)/.installed
RAW     ?= raw
OUT     ?= curated

.PHONY: setup run test bench score clean

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/trial-extract run --raw $(RAW) --out $(OUT)
	@if [ -f $(OUT)/report.html ]; then echo "Run report: $$(realpath $(OUT)/report.html)"; fi

test: setup
	$(BIN)/python -m pytest

score: setup
	$(BIN)/trial-extract run --raw raw --out build/score-raw
	$(BIN)/trial-extract run --raw tests/docs --out build/score-docs
	$(BIN)/trial-extract score --out build/score-raw --only seed_
	$(BIN)/trial-extract score --out build/score-docs --only page_ --only lab_ --only her2_ --only dose_

bench: setup
	$(BIN)/python scripts/bench.py

clean:
	rm -rf $(VENV) build .pytest_cache
