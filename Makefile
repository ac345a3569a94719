# mbgen: everything installs from this project's own files (pyproject.toml, package-lock.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPECS := specs
NEWEST_SPEC = $(shell $(BIN)/python scripts/build_specs.py --newest)

.PHONY: install test lint unit specs generate bench clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# Prism (the mock server the end-to-end tests run against), pinned in package-lock.json.
node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

lint: install
	$(BIN)/ruff check generator tests bench scripts
	$(BIN)/black --check --quiet generator tests bench scripts
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest

test: lint unit

# Rebuild specs/ (the IR of every release in the shared corpus) and its index.
specs: install
	$(BIN)/python scripts/build_specs.py

bench: install
	$(BIN)/python bench/bench_ingest.py

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
