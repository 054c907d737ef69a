# Each target bootstraps .venv itself: a fresh clone needs only `make demo` or `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test test-all bench lint clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/veille demo

test: $(STAMP)
	$(BIN)/python -m pytest

test-all: $(STAMP)
	$(BIN)/python -m pytest -m ''

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_import.py
	$(BIN)/python benchmarks/bench_geocode.py
	$(BIN)/python benchmarks/geo_agreement.py
	$(BIN)/python benchmarks/actor_coverage.py
	$(BIN)/python benchmarks/bench_brief.py
	$(BIN)/python benchmarks/bench_dask.py
	$(BIN)/python benchmarks/fuzz_importers.py
	$(BIN)/python benchmarks/bench_extract.py
	$(BIN)/python benchmarks/eval_extract.py
	$(BIN)/python benchmarks/bench_api.py

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) veille.duckdb veille.duckdb.wal
