# The matcher's own loop (matching/, its tests, bench/). `make bench` itself is defined in the
# main Makefile (it runs `python -m bench.run`), so it is not redefined here.
MATCHING_EVAL_SET ?= ../shared/eval/dev

.PHONY: matching-check matching-test dev-eval matching-crossval

matching-check: install
	$(VENV)/bin/ruff check matching tests/unit/matching tests/integration/matching bench
	$(VENV)/bin/ruff format --check matching tests/unit/matching tests/integration/matching bench
	$(VENV)/bin/mypy matching

matching-test: install
	$(VENV)/bin/pytest -q tests/unit/matching tests/integration/matching

# bm25 / dense / fused / full on a labelled set, straight through the library
dev-eval: install
	$(PY) -m matching.evaluation.dev_eval $(MATCHING_EVAL_SET)

# held-out nDCG@10 of weights fitted on the other folds, beside RRF and the defaults
matching-crossval: install
	$(PY) -m matching.evaluation.crossval $(MATCHING_EVAL_SET)
