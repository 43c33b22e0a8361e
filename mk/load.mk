# The load test (bench/load/): locust, headless and bounded, against a throw-away server on
# 127.0.0.1 (fresh SQLite file or a fresh PostgreSQL database, migrated and seeded with the demo
# data), then every 201 reconciled with the database. Summary in bench-results/*.json.
# Included by the main Makefile (-include mk/*.mk); uses its VENV, PY and `install`.
LOAD_USERS ?= 100
LOAD_SECONDS ?= 60
LOAD_DB ?= sqlite
LOAD_WORKERS ?= 1

.PHONY: load

load: install
	$(PY) -m bench.load.run --users $(LOAD_USERS) --seconds $(LOAD_SECONDS) --db $(LOAD_DB) --workers $(LOAD_WORKERS)
