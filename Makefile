# The two commands of the README (`make run`, `make test`) and the steps they are made of.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
TRANSLATIONS := pop/translations
PO_FILES := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
MO_FILES := $(PO_FILES:.po=.mo)
# The test OpenID Connect provider (npm oidc-provider): set before the rules that name it.
OIDC_PROVIDER := tests/oidc_provider

.PHONY: run test lint format translations extract-messages clean

run: $(VENV)/.installed translations
	$(BIN)/pop setup
	$(BIN)/pop run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test translations $(OIDC_PROVIDER)/node_modules/.installed
	scripts/ensure-chromium.sh
	$(MAKE) lint
	$(BIN)/python -m pytest

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports $(LINT_IMPORTS_OPTIONS)

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

$(VENV)/.installed: pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml constraints.txt
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e ".[test]"
	touch $@ $(VENV)/.installed

translations: $(MO_FILES)

# The test OpenID Connect provider (npm oidc-provider) of the single sign-on tests.
$(OIDC_PROVIDER)/node_modules/.installed: $(OIDC_PROVIDER)/package.json $(OIDC_PROVIDER)/package-lock.json
	cd $(OIDC_PROVIDER) && npm ci --no-audit --no-fund --loglevel=error
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --use-fuzzy -i $< -o $@

# Refresh the English catalogue after changing user-facing text (Dutch is the source language).
extract-messages: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k N_ -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS) -l en --no-fuzzy-matching

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache $(MO_FILES)

# Two nodes of the installed wheel behind nginx, on PostgreSQL and Redis (.ci/run runs it too).
.PHONY: multinode
multinode: $(VENV)/.installed-test translations
	scripts/multinode-check.sh

# Scale and load tooling (issue 8): see benchmarks/README.md.
.PHONY: bench bench-reminders bench-anonymise bench-people-import load
BENCH_EMPLOYEES ?= 10000
LOAD_BACKENDS ?= sqlite postgresql

$(VENV)/.installed-bench: pyproject.toml $(VENV)/.installed-test
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

# Page timings against the hand-written SQL floor; writes benchmarks/results.json. On SQLite, or
# with BENCH_DATABASE_URL=postgresql+psycopg://… on that PostgreSQL database (an empty one gets
# the SQLite organisation copied in, benchmarks/copy_to_postgresql.py).
BENCH_DATABASE_URL ?=
bench: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	$(if $(BENCH_DATABASE_URL),env POP_DATABASE_URL=$(BENCH_DATABASE_URL),env -u POP_DATABASE_URL) \
		$(BIN)/python -m benchmarks.pages --employees $(BENCH_EMPLOYEES) $(BENCH_OPTIONS)

# `pop send-reminders` on a generated organisation (default 100,000): wall time, peak memory.
REMINDER_EMPLOYEES ?= 100000
bench-reminders: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	env -u POP_DATABASE_URL $(BIN)/python -m benchmarks.reminders --employees $(REMINDER_EMPLOYEES)

# Anonymising 1,000 people who left (of a generated organisation of 2,000): wall time, statements.
bench-anonymise: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	env -u POP_DATABASE_URL $(BIN)/python -m benchmarks.anonymise

# The people CSV import of 10,000 rows, new, updated and unchanged: wall and CPU time, statements.
bench-people-import: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	env -u POP_DATABASE_URL $(BIN)/python -m benchmarks.people_import

# gunicorn under readers and 20 writers for 60 s, on SQLite and on a throw-away PostgreSQL.
load: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	@for backend in $(LOAD_BACKENDS); do \
		if [ "$$backend" = postgresql ]; then \
			scripts/with-postgres.sh $(BIN)/python -m benchmarks.load --employees $(BENCH_EMPLOYEES) || exit 1; \
		else \
			env -u POP_DATABASE_URL $(BIN)/python -m benchmarks.load --employees $(BENCH_EMPLOYEES) || exit 1; \
		fi; \
	done

# Mijn POP under `pop serve` against a minimal Flask + Flask-Login app, by wrk; worker memory.
THROUGHPUT_SECONDS ?= 30
throughput: $(VENV)/.installed-test $(VENV)/.installed-bench translations
	env -u POP_DATABASE_URL $(BIN)/python -m benchmarks.throughput --employees $(BENCH_EMPLOYEES) --duration $(THROUGHPUT_SECONDS)
