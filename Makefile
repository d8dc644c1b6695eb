# kzcourse: `make run` serves the demo site, `make test` runs the whole suite. Both set themselves up.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
SCALE ?= default

.PHONY: run test lint format bench bench-kolibri e2e screenshots backup restore fixtures check-fixtures clean

# The virtual environment is rebuilt only when the requirements change (stamp files).
$(VENV)/bin/python:
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime-installed: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

# A local .env keeps this checkout's own secret key; it is never committed.
.env:
	@$(PY) scripts/make-env > .env
	@echo "Wrote .env (development settings with a fresh secret key)."

run: $(VENV)/.runtime-installed .env
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_course
	$(PY) manage.py seed_demo
	@echo "Serving http://127.0.0.1:$(PORT)/  (Ctrl-C stops it)"
	$(PY) manage.py runserver --noreload 127.0.0.1:$(PORT)

# The suite runs on every core (pytest-xdist); TEST_WORKERS=0 runs it in one process. Work stealing:
# a worker that runs out takes tests queued for the other, so a few long tests do not leave one core idle.
# PYTEST_ARGS passes more options (CI's second pass: --no-cov, the coverage report comes from the first).
TEST_WORKERS ?= auto
PYTEST_ARGS ?=
test: $(VENV)/.dev-installed
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

e2e: $(VENV)/.dev-installed
	$(VENV)/bin/pytest tests/e2e -p no:cacheprovider

# Refresh the README's screenshots from the browser tour of the demo class.
screenshots: $(VENV)/.dev-installed
	$(VENV)/bin/pytest tests/e2e/test_demo_tour.py --no-cov -q
	mkdir -p docs/screenshots && cp test-results/screenshots/tour-*.png docs/screenshots/

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Compiling the course needs no secret; a placeholder lets it run on a fresh clone and in CI.
BUILD_ENV := DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-build-fixtures-only}

fixtures: $(VENV)/.runtime-installed
	$(BUILD_ENV) $(PY) manage.py build_fixtures

check-fixtures: $(VENV)/.runtime-installed
	$(BUILD_ENV) $(PY) manage.py build_fixtures --check

bench: $(VENV)/.dev-installed
	$(PY) -m bench --scale $(SCALE)

# Kolibri's coach class summary for 500 learners on this machine, to compare with the overview's row
# (bench/peers/README.md; Kolibri goes into a virtualenv of its own under bench/results/).
bench-kolibri:
	bench/peers/kolibri.sh

# Back up the database DATABASE_URL names (SQLite by default) into backups/; restore one with FILE=.
backup: $(VENV)/.runtime-installed
	$(PY) scripts/dbbackup.py backup

restore: $(VENV)/.runtime-installed
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/kzcourse-....sqlite3 (or .dump)"; exit 2; }
	$(PY) scripts/dbbackup.py restore "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache test-results htmlcov .coverage staticfiles
