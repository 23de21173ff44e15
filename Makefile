# Two commands: `make demo` and `make test`. Everything else is a step of theirs.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test install migrate lint browser unit integration audit serve clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet "torch==2.13.0"
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

migrate: install
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

lint: install
	$(BIN)/ruff check .
	$(BIN)/python manage.py check
	$(BIN)/python manage.py makemigrations --check --dry-run

# the browser tests (tests/ui) drive Debian's Chromium: install it as .ci/run does, or
# stop here with the one command that does (a skipped browser test is not a pass)
CHROMIUM ?= $(or $(CHROMIUM_PATH),/usr/bin/chromium)
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "installing Chromium for the browser tests (apt-get install chromium)"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null; \
	  fi; \
	fi; \
	if [ ! -x "$(CHROMIUM)" ]; then \
	  echo "no Chromium at $(CHROMIUM): the browser tests cannot run. Install it with:"; \
	  echo "    sudo apt-get install -y chromium"; \
	  echo "(or set CHROMIUM_PATH to a Chromium binary)"; exit 1; \
	fi

unit: install browser
	$(BIN)/pytest -m "not integration" -q

integration: install
	bash scripts/integration.sh

# pip-audit: fails on a known vulnerability with a fix; says NOT AUDITED (and passes
# unless AUDIT_REQUIRED=1) where no vulnerability service is reachable (scripts/audit.py)
audit: install
	$(BIN)/python scripts/audit.py

test: lint unit integration audit

clean:
	rm -rf $(VENV) var
