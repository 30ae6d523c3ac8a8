# Each target bootstraps .venv/ from pyproject.toml (reinstalling when it changes), with the
# first suitable Python (scripts/find_python.sh); `make PYTHON=/path/to/python3.12 ...` picks one.
PYTHON ?=
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test bench soak clean

$(STAMP): pyproject.toml
	@python="$$(PYTHON='$(PYTHON)' $(SHELL) scripts/find_python.sh)" && echo "Using $$python" && "$$python" -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

run: $(STAMP)
	$(PY) scripts/run_local.py

test: $(STAMP)
	$(PY) -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(PY) bench/throughput.py
	$(PY) bench/publish_latency.py

# Load and faults: readers with wrk while an editor publishes, the CMS freezes and Redis restarts.
soak: $(STAMP)
	$(PY) bench/soak.py $(SOAK_ARGS)

clean:
	rm -rf $(VENV) var
