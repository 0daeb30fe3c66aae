# The two commands a newcomer needs: `make run` and `make test`. See README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE ?= config.settings.local

.PHONY: run test lint format migrate curator messages browser-deps edge-deps clean serve bench

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed-run: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $(VENV)/.installed-run $@

## run: set everything up, load the register (register/) and serve the site on http://127.0.0.1:$(PORT)/ (SQLite by default)
run: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_register
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## test: lint, check formatting and run the whole test suite (the edge tests through a real varnishd)
test: $(VENV)/.installed-dev browser-deps edge-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run
	DJANGO_SETTINGS_MODULE=config.settings.test $(VENV)/bin/pytest

## serve: the production stack on this machine: the edge (Varnish) on $(PORT), gunicorn behind it, PostgreSQL and Redis
# Needs SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and REDIS_URL (environment or .env); see README "Production".
serve: $(VENV)/.installed-run
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py migrate --no-input
	DJANGO_SETTINGS_MODULE=config.settings.production $(PY) manage.py collectstatic --no-input -v0
	DJANGO_SETTINGS_MODULE=config.settings.production PORT=$(PORT) bash scripts/serve

## bench: 100,000 memberships in PostgreSQL (BENCH_DATABASE_URL, default alliance_bench), gunicorn, wrk on each URL; see docs/performance.md
bench: $(VENV)/.installed-run
	$(PY) scripts/bench.py $(BENCH_ARGS)

## format: rewrite the code in the project's style
format: $(VENV)/.installed-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## curator: create a curator account: staff in the Curators group, with a second factor (asks for the username unless CURATOR=name, then the password; prints the authenticator address and recovery codes)
curator: $(VENV)/.installed-run
	$(PY) manage.py migrate --no-input
	$(PY) manage.py create_curator $(if $(CURATOR),--username $(CURATOR)) $(if $(CURATOR_EMAIL),--email $(CURATOR_EMAIL))

## messages: rebuild the Russian catalogue from the code, fill it from locale/ru/translations.py, compile it
messages: $(VENV)/.installed-run
	$(PY) manage.py makemessages --locale ru --no-location --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*'
	$(PY) scripts/fill-translations
	$(PY) manage.py compilemessages --locale ru --ignore '.venv/*'

## browser-deps: Debian's Chromium for the browser tests (skipped, with a note, when it cannot be installed)
browser-deps:
	@bash scripts/ensure-chromium

## edge-deps: Debian's Varnish and its modules for the edge (`make serve`, the edge tests; skipped with a note without root)
edge-deps:
	@bash scripts/ensure-varnish

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
