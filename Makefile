# The two commands of the README: `make run` (the product with demo data) and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
PYTEST := $(VENV)/bin/pytest
RUFF := $(VENV)/bin/ruff
PG_URL ?= postgres://postgres@127.0.0.1:5432/test
# Production settings for `check --deploy`: a throwaway key of the right length.
PROD_ENV := DEBUG=0 ALLOWED_HOSTS=thidua.example.gov.vn SECRET_KEY=check-deploy-$(shell printf '%050d' 0)

.PHONY: setup run test lint test-sqlite test-postgres test-browser messages chromium clean

setup: $(VENV)/.installed node_modules/.installed compiled-messages
	$(PY) manage.py collectstatic --no-input -v0

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json
	npm install --no-audit --no-fund --silent
	touch $@

# Translations are compiled from locale/*/LC_MESSAGES/django.po (needs GNU gettext's msgfmt).
compiled-messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || $(MAKE) -s apt-gettext
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

apt-gettext:
	@echo "Installing GNU gettext (Debian package) for the translations"
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null

# Regenerate the message catalogues after changing user-visible strings; then translate the
# new entries of locale/vi/LC_MESSAGES/django.po.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi -l en --no-location --ignore=.venv --ignore=node_modules --ignore=staticfiles --ignore=tests

run: setup
	$(PY) manage.py migrate --no-input -v0
	$(PY) manage.py seed_demo
	$(PY) manage.py runserver 127.0.0.1:8000

lint: setup
	$(RUFF) check .
	$(RUFF) format --check .
	$(PY) manage.py makemigrations --check --dry-run
	env $(PROD_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(PY) scripts/check_translations.py

test-sqlite: setup
	$(PYTEST) -n 2 -m "not browser" -q

# PostgreSQL: run when a server answers; REQUIRE_POSTGRES=1 (as in CI) makes a missing server fail.
test-postgres: setup
	@if $(PY) scripts/postgres_ready.py "$(PG_URL)"; then \
		DATABASE_URL="$(PG_URL)" $(PYTEST) -n 2 -m "not browser" -q; \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "!!! PostgreSQL does not answer at $(PG_URL) and REQUIRE_POSTGRES=1"; exit 1; \
	else \
		echo; echo "!!! SKIPPED: the suite on PostgreSQL (no server answers at $(PG_URL))"; echo; \
	fi

chromium:
	@command -v chromium >/dev/null || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-liberation >/dev/null; }

test-browser: setup chromium
	$(PYTEST) -m browser -q

test: lint test-sqlite test-postgres test-browser

clean:
	rm -rf $(VENV) node_modules staticfiles
