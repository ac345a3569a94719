# mbgen: everything installs from this project's own files (pyproject.toml, package-lock.json).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
SPECS := specs
NEWEST_SPEC = $(shell $(BIN)/python scripts/build_specs.py --newest)

.PHONY: install test lint unit specs history generate golden bench clean

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
	$(BIN)/ruff check generator tests bench scripts examples
	$(BIN)/black --check --quiet generator tests bench scripts examples
	$(BIN)/mypy

unit: install
	$(BIN)/python -m pytest -n auto

test: lint unit

# Rebuild specs/ (the IR of every release in the shared corpus) and its index.
specs: install
	$(BIN)/python scripts/build_specs.py
	$(BIN)/python scripts/api_history.py

# docs/api-history.html (the bundled series' history page) and its picture (needs chromium).
history: install
	$(BIN)/python scripts/api_history.py --screenshot

# Refresh the golden generated package (tests/golden/package) after a template or runtime change;
# review its diff, then commit it: tests/test_golden.py fails while it is stale.
golden: install
	$(BIN)/mbgen generate tests/golden/fixture.openapi.json -o tests/golden/package --package-name golden_client

# The client of the newest bundled release (specs/index.json), into build/.
generate: install
	$(BIN)/mbgen generate $(NEWEST_SPEC) -o build/metabase-client
	@echo
	@echo "Package: build/metabase-client/metabase_client  (project: build/metabase-client)"
	@echo "Install it with:  pip install ./build/metabase-client"

# Benchmarks against their peers (installed on first use into .venv-bench/ and node_modules/).
BENCH_VENV := .venv-bench
$(BENCH_VENV)/.installed:
	$(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/python -m pip install --quiet "openapi-python-client==0.29.1"
	touch $@

bench: install $(BENCH_VENV)/.installed
	$(BIN)/python -m bench.bench_ingest
	$(BIN)/python -m bench.bench_generate --peer $(BENCH_VENV)/bin/openapi-python-client
	$(BIN)/python -m bench.bench_diff
	$(BIN)/python -m bench.bench_import

clean:
	rm -rf build .pytest_cache .mypy_cache .ruff_cache
