# Each target bootstraps .venv/ from pyproject.toml (reinstalling when it changes), with the
# first suitable Python (scripts/find_python.sh); `make PYTHON=/path/to/python3.12 ...` picks one.
PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench soak clean browser-tools

$(STAMP): pyproject.toml
	@python="$$(PYTHON='$(PYTHON)' $(SHELL) scripts/find_python.sh)" && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) scripts/run_local.py

test: $(STAMP) browser-tools
	$(PY) -m pytest $(PYTEST_ARGS)

# The browser tests (tests/browser) run axe-core from the npm registry, kept in a git-ignored
# folder; without npm they skip on a laptop (and fail in CI, where .ci/run installs it).
AXE_CORE_VERSION := 4.14.1
BROWSER_TOOLS := .browser-tools
AXE_PACKAGE := $(BROWSER_TOOLS)/node_modules/axe-core/package.json

browser-tools:
	@if grep -qs '"version": "$(AXE_CORE_VERSION)"' $(AXE_PACKAGE); then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  npm install --prefix $(BROWSER_TOOLS) --no-audit --no-fund --loglevel=error axe-core@$(AXE_CORE_VERSION); \
	else echo "npm is not installed: no axe-core, so the browser tests will skip"; fi

bench: $(STAMP)
	$(PY) bench/throughput.py
	$(PY) bench/publish_latency.py

# Load and faults: readers with wrk while an editor publishes and the site, Redis and the CMS fail in turn.
soak: $(STAMP)
	$(PY) bench/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) var $(BROWSER_TOOLS)
