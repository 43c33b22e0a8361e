# First-load bytes and times of the public home page and demand list in Chromium under emulated
# Fast 3G and 4G (bench/web/first_load.py), against a throw-away server with the demo data.
# WEB_CHECKOUT measures another checkout (e.g. `git worktree add /tmp/before <commit>`, built there).
# Included by the main Makefile (-include mk/*.mk); uses its VENV, PY and `install`.
WEB_RUNS ?= 3
WEB_CHECKOUT ?= .

.PHONY: web-bench

web-bench: install
	$(PY) -m bench.web.first_load --checkout $(WEB_CHECKOUT) --runs $(WEB_RUNS)
