# Yhdessä: `make run` sets everything up and serves the site; `make test` runs the suite.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST_PORT ?= 127.0.0.1:8000
# The demo's default Site (Järvelä) is served on HOST_PORT's port under its own name.
DEFAULT_SITE_URL ?= http://jarvela.localhost:$(lastword $(subst :, ,$(HOST_PORT)))

.PHONY: run test lint format messages makemessages migrate demo screenshots clean

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@

# Translations are compiled with Babel so no system gettext is needed: our own catalogue,
# then our corrections of Wagtail's, which has a JavaScript (djangojs) catalogue too.
messages: $(VENV)/.runtime
	$(VENV)/bin/pybabel --quiet compile --domain django --directory locale
	$(VENV)/bin/pybabel --quiet compile --domain "django djangojs" --directory locale/wagtail

migrate: $(VENV)/.runtime
	$(PY) manage.py migrate --no-input --verbosity 0

demo: migrate messages
	$(PY) manage.py load_demo
	$(PY) manage.py update_index --verbosity 0

# The admin's block (every site's address on HOST_PORT's port, credentials, how to stop)
# is printed last, right before serving: the demo's municipalities and the region each
# have a *.localhost name, which browsers resolve to this machine, so the one runserver
# serves them all. The task worker sends e-mail in the background; it stops with the
# server. The same command runs in production (deploy/systemd/yhdessa-worker@.service).
# Wagtail's own admin e-mails and image URLs read WAGTAILADMIN_BASE_URL: keep it on the
# default Site's address, where ensure_admin puts it (core.checks compares the two).
run: export WAGTAILADMIN_BASE_URL ?= $(DEFAULT_SITE_URL)
run: demo
	$(PY) manage.py ensure_admin $(HOST_PORT)
	$(PY) manage.py run_worker --backend background --no-startup-delay & \
	trap 'kill $$! 2>/dev/null' EXIT INT TERM; \
	$(PY) manage.py runserver $(HOST_PORT)

# The test files run side by side, one process per core (pytest-xdist; tests/scheduling.py
# keeps the order that transactional tests need). The browser journeys run after them in
# this one process: they share one demo load and Playwright's event loop
# (tests/browser/conftest.py). TEST_WORKERS=0 runs the first part in one process too.
# When PYTEST_ARGS picks tests of one part only, the other's "no tests" (exit 5) is no
# failure; nothing at all to run is. JUNIT=<prefix> writes <prefix>.unit.xml and
# <prefix>.browser.xml (CI counts them).
TEST_WORKERS ?= auto
test: $(VENV)/.dev messages
	@$(PY) -m pytest --numprocesses=$(TEST_WORKERS) --dist=loadfile -m "not browser" \
		$(if $(JUNIT),--junitxml=$(JUNIT).unit.xml) $(PYTEST_ARGS); unit=$$?; \
	$(PY) -m pytest -m browser $(if $(JUNIT),--junitxml=$(JUNIT).browser.xml) $(PYTEST_ARGS); \
	browser=$$?; \
	for rc in $$unit $$browser; do [ $$rc -eq 0 ] || [ $$rc -eq 5 ] || exit $$rc; done; \
	[ $$unit -eq 5 ] && [ $$browser -eq 5 ] && exit 5; exit 0

# The README's screenshots (docs/screenshots/): the demo served on a free port, Chromium
# at 375 and 1280 px.
screenshots: demo $(VENV)/.dev
	$(PY) docs/screenshots/take.py

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djhtml --check $$(git ls-files '*.html')
	$(PY) manage.py makemigrations --check --dry-run --settings=config.settings.test

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .
	$(VENV)/bin/djhtml $$(git ls-files '*.html')

# Extracting strings needs GNU gettext (xgettext); only translators run this.
makemessages: $(VENV)/.runtime
	$(PY) manage.py makemessages --locale fi --locale sv --locale en --ignore '.venv/*' --no-obsolete

clean:
	rm -rf $(VENV) staticfiles .test-media
