# newsetl: `make run` (demo end to end) and `make test` are the two commands a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install browser run test lint fmt type check bench bench-crawl bench-parse bench-warehouse bench-catalog bench-events bench-dedupe bench-neardup bench-e2e docs docs-screenshot clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/newsetl demo

test: $(STAMP) browser
	GX_ANALYTICS_ENABLED=false $(BIN)/pytest

# The report test renders in headless Chromium; Debian's package, installed once (needs root or sudo).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

fmt: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

type: $(STAMP)
	$(BIN)/mypy

check: lint type test

# Long measurements live here, never in `make test`.
bench: bench-crawl bench-parse bench-warehouse bench-catalog bench-events bench-dedupe bench-neardup bench-e2e

bench-crawl: $(STAMP)
	$(BIN)/python -m bench.crawl_bench

bench-parse: $(STAMP)
	$(BIN)/python -m bench.parse_bench

bench-warehouse: $(STAMP)
	$(BIN)/python -m bench.warehouse_bench

# visits_by_country('RUS', ...) on a 1M-article synthetic warehouse (cached in /tmp/newsetl-bench);
# the first run generates it in about 3 minutes on 2 cores.
bench-catalog: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/python -m bench.catalog_bench

bench-events: $(STAMP)
	$(BIN)/python -m bench.events_bench

bench-dedupe: $(STAMP)
	$(BIN)/python -m bench.dedupe_bench

bench-neardup: $(STAMP)
	$(BIN)/python -m bench.neardup_scale

# The whole pipeline on 1k, 10k and 100k synthetic WARC pages; about an hour on 2 cores.
bench-e2e: $(STAMP)
	GX_ANALYTICS_ENABLED=false $(BIN)/python -m bench.e2e_scale

docs: $(STAMP)
	$(BIN)/python -m warehouse.docs

# Renders the GX Data Docs and the report of ./data in headless Chromium (after `make run`).
docs-screenshot: $(STAMP) browser
	$(BIN)/python -m tools.docs_screenshot data --out docs/data-docs.png
	$(BIN)/python -m tools.report_screenshot data --out docs/report.png

clean:
	rm -rf $(VENV) data .pytest_cache .mypy_cache .ruff_cache
