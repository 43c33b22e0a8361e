# ScenarioHub — the two commands a new engineer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: run install test check pytest openapi clean eval bench

# The venv is rebuilt when pyproject.toml changes. torch is pinned and installed first so that
# sentence-transformers never pulls the multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install frontend-build
	$(VENV)/bin/scenariohub migrate
	$(VENV)/bin/scenariohub seed-demo --if-empty
	$(VENV)/bin/scenariohub serve --host $(HOST) --port $(PORT)

check: install
	$(VENV)/bin/ruff check backend matching migrations tests scripts bench
	$(VENV)/bin/ruff format --check backend matching migrations tests scripts bench
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

# the PDF tests read the documents back with Debian's pdftotext (poppler-utils)
pytest: install
	command -v pdftotext >/dev/null || (apt-get update && apt-get install -y poppler-utils)
	$(VENV)/bin/pytest -q -m "not e2e" -n 2

openapi: install
	$(VENV)/bin/scenariohub openapi > frontend/openapi.json

test: check pytest frontend-test e2e

clean:
	rm -rf $(VENV) data frontend/dist frontend/node_modules

-include mk/*.mk

EVAL_SET ?= ../shared/eval/dev
# matcher quality through the real import and match commands (see scripts/eval_via_cli.py), then
# the public demand search through its HTTP endpoint on a labelled query set (scripts/eval_search.py)
eval: install
	$(PY) scripts/eval_via_cli.py $(EVAL_SET)
	$(PY) scripts/eval_search.py $(EVAL_SET)

# ingest, latency, memory and index size at 1k/10k/100k solutions on each engine (see bench/run.py);
# minutes, not seconds. BENCH_SIZES=1000,10000 and BENCH_ENGINES=embedded,postgres narrow it
BENCH_SIZES ?=
BENCH_ENGINES ?=
bench: install
	$(PY) -m bench.run $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES)) $(if $(BENCH_ENGINES),--engines $(BENCH_ENGINES))
