# oza: `make run` starts the embedded demo, `make test` runs the test suite, `make lint` the
# static checks. Everything installs what it needs itself (a venv in .venv; on Debian, as root,
# the few system packages). DATABASE_URL and REDIS_URL in the environment are used as they are.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Links in demo output and e-mail point at the port the demo runs on.
export OZA_SITE_URL ?= http://127.0.0.1:$(PORT)
PYTEST_ARGS ?=
# Where the embedded set-up keeps its SQLite file, the filesystem broker and the demo mail.
VAR_DIR := $(or $(OZA_VAR_DIR),var)

CHROMIUM := /usr/bin/chromium
WEASYPRINT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
LOAD_DEMO ?= $(BIN)/python manage.py load_demo
CELERY_WORKER := $(BIN)/celery -A oza worker -B \
	--scheduler django_celery_beat.schedulers:DatabaseScheduler -l info --concurrency 1

# Shell helpers shared by the recipes below.
define SH_HELPERS
is_root() { [ "$$(id -u)" = 0 ]; }; \
have_pkg() { dpkg-query -W -f='$${Status}' "$$1" 2>/dev/null | grep -q 'ok installed'; }; \
apt_install() { \
	echo "Installing system packages: $$*"; \
	apt-get update -qq; \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$$@"; \
}
endef

# Install $(1) (a lock file) into the venv, again only when its content changed.
define INSTALL_LOCK
	@lock="$(1)"; stamp="$(VENV)/.installed-$(1)"; \
	sum="$$(sha256sum "$$lock" | cut -d' ' -f1)"; \
	if [ "$$(cat "$$stamp" 2>/dev/null)" != "$$sum" ]; then \
		echo "Installing $$lock into $(VENV)"; \
		$(BIN)/pip install -q --disable-pip-version-check -r "$$lock"; \
		echo "$$sum" > "$$stamp"; \
	fi
endef

.PHONY: help run test lint bench messages venv deps deps-dev system-deps-run system-deps-test var-dir

help:
	@echo "make run       the demo: migrate, demo data, Celery worker with beat, http://127.0.0.1:$(PORT)/"
	@echo "make test      the whole test suite (extra pytest arguments: PYTEST_ARGS=\"-k route\")"
	@echo "make lint      ruff check, ruff format --check, makemigrations --check"
	@echo "make bench     the benchmark on PostgreSQL (BENCH_FACTOR=0.03, DATABASE_URL): bench/RESULTS.md"
	@echo "make messages  makemessages -l en and compilemessages (needs GNU gettext)"

venv:
	@$(SH_HELPERS); \
	if [ -x $(BIN)/python ] && $(BIN)/python -m pip --version >/dev/null 2>&1; then exit 0; fi; \
	rm -rf $(VENV); \
	echo "Creating $(VENV) with $$($(PYTHON) --version)"; \
	if $(PYTHON) -m venv $(VENV); then exit 0; fi; \
	rm -rf $(VENV); \
	if is_root && command -v apt-get >/dev/null; then \
		apt_install python3-venv; \
		$(PYTHON) -m venv $(VENV); \
	else \
		echo "Could not create $(VENV): on Debian install python3-venv first" >&2; \
		echo "  (sudo apt-get install python3-venv), then run make again." >&2; \
		exit 1; \
	fi

deps: venv
	$(call INSTALL_LOCK,requirements.lock)

deps-dev: venv
	$(call INSTALL_LOCK,requirements-dev.lock)

var-dir:
	@mkdir -p $(VAR_DIR)/mail $(VAR_DIR)/celery/queue $(VAR_DIR)/celery/processed \
		$(VAR_DIR)/celery/control

# Install the Debian packages among $(1) that are missing (as root), or say which ones are.
define SYSTEM_DEPS
	@$(SH_HELPERS); \
	missing=(); \
	for pkg in $(1); do \
		case "$$pkg" in \
			chromium) [ -x $(CHROMIUM) ] || missing+=(chromium) ;; \
			poppler-utils) command -v pdftotext >/dev/null || missing+=(poppler-utils) ;; \
			*) have_pkg "$$pkg" || missing+=("$$pkg") ;; \
		esac; \
	done; \
	if [ $${#missing[@]} -eq 0 ]; then exit 0; fi; \
	if is_root && command -v apt-get >/dev/null; then \
		apt_install "$${missing[@]}"; \
	else \
		echo "Missing system packages: $${missing[*]}" >&2; \
		echo "  Install them (sudo apt-get install --no-install-recommends $${missing[*]})," >&2; \
		echo "  or $(2) will fail." >&2; \
	fi
endef

# WeasyPrint needs Pango to render the PDFs.
system-deps-run:
	$(call SYSTEM_DEPS,$(WEASYPRINT_PACKAGES),the PDFs)

# Chromium for Playwright comes from Debian, never from `playwright install`; the PDF tests
# read PDFs with poppler's pdftotext.
system-deps-test:
	$(call SYSTEM_DEPS,chromium $(WEASYPRINT_PACKAGES) poppler-utils,the browser and PDF tests)

run: deps system-deps-run var-dir
	$(BIN)/python manage.py migrate --noinput
	@if ! command -v msgfmt >/dev/null; then \
		echo "gettext's msgfmt not found: using the committed .mo files"; \
	elif [ -n "$$(find . -path ./$(VENV) -prune -o -name '*.po' -print -quit)" ]; then \
		$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules -v 0; \
	fi
	$(LOAD_DEMO)
	@$(CELERY_WORKER) & \
	worker=$$!; \
	stop_worker() { \
		if kill -0 "$$worker" 2>/dev/null; then \
			echo "Stopping the Celery worker ($$worker)"; \
			kill -TERM "$$worker" 2>/dev/null || true; \
			wait "$$worker" 2>/dev/null || true; \
		fi; \
	}; \
	trap stop_worker EXIT; trap 'exit 130' INT; trap 'exit 143' TERM; \
	echo "oza runs on http://127.0.0.1:$(PORT)/ (Ctrl-C stops the server and the worker)"; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

test: deps-dev system-deps-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: deps-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# The benchmark: PostgreSQL from DATABASE_URL (default a database oza_bench on 127.0.0.1),
# scale data at BENCH_FACTOR, gunicorn and wrk on 127.0.0.1; writes bench/RESULTS.md.
BENCH_FACTOR ?= 0.03
BENCH_ARGS ?=
bench: deps-dev system-deps-run
	$(BIN)/python bench/run.py --factor $(BENCH_FACTOR) $(BENCH_ARGS)

messages: deps
	@command -v xgettext >/dev/null || \
		{ echo "make messages needs GNU gettext (apt-get install gettext)" >&2; exit 1; }
	@mkdir -p locale
	$(BIN)/python manage.py makemessages -l en --ignore=staticfiles --ignore=var \
		--ignore=node_modules
	$(BIN)/python manage.py compilemessages --ignore=$(VENV) --ignore=node_modules
