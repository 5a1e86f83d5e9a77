# CityComm: the two commands are `make run` and `make test`; everything else is a step of theirs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PYPROJECTS := pyproject.toml common/pyproject.toml devtools/pyproject.toml \
	$(wildcard services/*/pyproject.toml)
PROTO_FILES := $(wildcard proto/citycomm/v1/*.proto)
PYTEST ?= $(PY) -m pytest

.PHONY: help venv run test test-unit test-integration test-e2e test-faults test-security soak proto lint typecheck bench clean

help:
	@echo "make run    start the broker, the four services and the demo inbox (Ctrl-C stops all)"
	@echo "make test   set up and run unit, integration and end-to-end tests"
	@echo "make proto  regenerate Python code from proto/"
	@echo "make bench  run the benchmarks in bench/ (make bench BENCH=e2e for one)"
	@echo "make soak   the fault tests with longer loads and outages"

venv: $(STAMP)

$(STAMP): $(PYPROJECTS) constraints.txt
	$(PYTHON) -c 'import sys; sys.exit("CityComm needs Python 3.11+") if sys.version_info < (3, 11) else None'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt \
		-e ./common -e ./devtools \
		-e ./services/intake -e ./services/routing \
		-e ./services/notifications -e ./services/reporting \
		-e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/citycomm-dev run

test: $(STAMP)
	bash tests/browser/install.sh $(PY)
	bash tests/observability/install.sh
	$(PYTEST) tests -q -p no:cacheprovider -n 2 --dist loadfile $(PYTEST_ARGS)

test-unit: $(STAMP)
	$(PYTEST) tests/unit -q

test-integration: $(STAMP)
	$(PYTEST) tests/integration -q

test-e2e: $(STAMP)
	$(PYTEST) tests/e2e -q

test-faults: $(STAMP)
	$(PYTEST) tests/faults -q

test-security: $(STAMP)
	$(PYTEST) tests/security -q

# The fault tests with longer loads and outages (tens of seconds of broker freeze, and so on).
soak: $(STAMP)
	CITYCOMM_SOAK=1 $(PYTEST) tests/faults -q

proto: $(STAMP)
	$(PY) -m citycomm_dev.protogen common/src

lint: $(STAMP)
	$(BIN)/ruff check .

typecheck: $(STAMP)
	$(BIN)/mypy common/src/citycomm_common services devtools  # strict: pyproject [tool.mypy]

bench: $(STAMP)
	$(PY) -m bench $(BENCH)

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache
