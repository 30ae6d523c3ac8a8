# Each target bootstraps .venv/ from requirements.lock (reinstalling when it or pyproject.toml
# changes), with the first suitable Python (scripts/find_python.sh); `make PYTHON=/path/to/python3.12 ...`
# picks one. `make help` lists the targets: a `## ` comment after a target's name describes it.
PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOCK := requirements.lock
PIP_TOOLS_VERSION := 7.6.2

.DEFAULT_GOAL := help
.PHONY: help run test test-fast lint lock bench soak clean browser-tools

help: ## List the targets
	@awk -F ':.*## ' '/^[a-z][a-z-]*:.*## / { printf "  make %-14s %s\n", $$1, $$2 }' $(MAKEFILE_LIST)

# Every dependency from the lock, checked against its hashes (setuptools too, so the project's own
# editable install builds with the locked version); then the project itself, without dependencies.
# `pip check` fails when pyproject.toml asks for something the lock lacks: run `make lock`.
$(STAMP): pyproject.toml $(LOCK)
	@$(MAKE) --no-print-directory $(PY)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	touch $(STAMP)

$(PY):
	@python="$$(PYTHON='$(PYTHON)' $(SHELL) scripts/find_python.sh)" && echo "Using $$python" && "$$python" -m venv $(VENV)

# Keeps the locked versions that still fit pyproject.toml; `make lock LOCK_ARGS=--upgrade` takes the newest.
# Resolved for the Python of .venv/ (CI's is 3.11); hashes cover every published file of each version.
lock: $(PY) ## Resolve requirements.lock from pyproject.toml (deps, the test extra, setuptools to build)
	$(PY) -m pip install --quiet "pip-tools==$(PIP_TOOLS_VERSION)"
	$(VENV)/bin/pip-compile --quiet --extra test --all-build-deps --generate-hashes --allow-unsafe --strip-extras \
	  --no-emit-index-url --no-emit-find-links $(LOCK_ARGS) -o $(LOCK) pyproject.toml

run: $(STAMP) ## Run the CMS and the site locally
	$(PY) scripts/run_local.py

# pytest-xdist: TEST_WORKERS processes (default: one per core, plus one, since the end-to-end tests
# spend much of their time waiting on their servers). Whole modules, and all the browser tests as one,
# go in the suite's order to whichever worker is free (tests/conftest.py: pytest_xdist_make_scheduler).
# TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadscope --no-loadscope-reorder)

test: $(STAMP) browser-tools ## Run every test (PYTEST_ARGS=... passes options to pytest; TEST_WORKERS=N)
	$(PY) -m pytest $(XDIST) $(PYTEST_ARGS)

test-fast: $(STAMP) ## Run the tests that start no server (no live Wagtail, no gunicorn)
	$(PY) -m pytest $(XDIST) -m "not e2e" $(PYTEST_ARGS)

lint: $(STAMP) ## ruff: lint and check the formatting (fix with: ruff check --fix . && ruff format .)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# The browser tests (tests/browser) run axe-core from the npm registry, kept in a git-ignored
# folder; without npm they skip on a laptop (and fail in CI, where .ci/run installs it).
AXE_CORE_VERSION := 4.14.1
BROWSER_TOOLS := .browser-tools
AXE_PACKAGE := $(BROWSER_TOOLS)/node_modules/axe-core/package.json

browser-tools: ## Install axe-core for the browser tests (needs npm)
	@if grep -qs '"version": "$(AXE_CORE_VERSION)"' $(AXE_PACKAGE); then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(BROWSER_TOOLS) --no-audit --no-fund --loglevel=error axe-core@$(AXE_CORE_VERSION); \
	else echo "npm is not installed: no axe-core, so the browser tests will skip"; fi

bench: $(STAMP) ## Measure throughput, publish latency and the edge
	$(PY) bench/throughput.py
	$(PY) bench/publish_latency.py
	$(PY) bench/edge.py

# Load and faults: readers with wrk while an editor publishes and the site, Redis and the CMS fail in turn.
soak: $(STAMP) ## Readers under load while an editor publishes and services fail (SOAK_ARGS=...)
	$(PY) bench/soak.py $(SOAK_ARGS)

clean: ## Remove the venv, var/ and the browser tools
	rm -rf $(VENV) var $(BROWSER_TOOLS)
