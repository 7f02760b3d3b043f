# Everyday commands. `make` sets everything up and renders the report; `make test` runs all tests.
# Both are idempotent: set-up steps are remembered in .make/ and redone only when their inputs change.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMPS := .make

.PHONY: all setup lock extract report preview notebooks test test-fast benchmark clean

all: setup report

# An environment copied or moved with the checkout still points at the original's src/ (the
# editable install) or at nothing: it belongs to another checkout, so it is built anew here.
ifneq ($(wildcard $(STAMPS)/venv),)
ifneq ($(shell $(PY) -c 'import pathlib, analysis; print(pathlib.Path(analysis.__file__).resolve().is_relative_to(pathlib.Path("src").resolve()))' 2>/dev/null),True)
$(info Miljön $(VENV) hör till en annan kopia av projektet (eller är trasig); den byggs om.)
$(shell rm -f $(STAMPS)/venv)
endif
endif

setup: $(STAMPS)/system $(STAMPS)/venv $(STAMPS)/kernel-config $(STAMPS)/npm $(STAMPS)/quarto

# The environment is exactly requirements.lock (every package pinned, with hashes), made anew
# whenever the lock changes; the package itself is installed on top without dependencies.
$(STAMPS)/venv: requirements.lock pyproject.toml | $(STAMPS)/system
	$(PYTHON) -m venv --clear $(VENV)
	$(PY) -m pip install -qq --require-hashes --no-deps -r requirements.lock
	$(PY) -m pip install --quiet --no-deps -e .
	$(PY) -m pip check
	@mkdir -p $(STAMPS) && touch $@

# ipykernel's settings for this environment's kernels (scripts/ipython_kernel_config.py says why).
$(STAMPS)/kernel-config: scripts/ipython_kernel_config.py $(STAMPS)/venv
	mkdir -p $(VENV)/etc/ipython && cp scripts/ipython_kernel_config.py $(VENV)/etc/ipython/
	@mkdir -p $(STAMPS) && touch $@

# Regenerate the lock from pyproject.toml's ranges (newest versions that fit, hashes from PyPI);
# then `make setup` rebuilds the environment from it and `make test` shows whether it still holds.
# It is resolved under the oldest Python 3.11 it serves (Debian 12's /usr/bin/python3, 3.11.2;
# LOCK_PYTHON to choose another), so that no pinned release needs a newer 3.11 than a user has.
# The machine's own pip settings (local wheel folders) are left out so the hashes are PyPI's.
LOCK_PYTHON ?= $(shell [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || echo $(PYTHON))
lock: $(STAMPS)/venv
	rm -rf .make/lock-venv && $(LOCK_PYTHON) -m venv .make/lock-venv
	.make/lock-venv/bin/pip install -qq "pip-tools==$$($(PY) -c 'import importlib.metadata as m; print(m.version("pip-tools"))')"
	env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null .make/lock-venv/bin/pip-compile --quiet --upgrade \
	  --extra dev --generate-hashes --strip-extras --allow-unsafe --no-emit-index-url \
	  --no-emit-find-links --output-file requirements.lock pyproject.toml

# Chromium, npm and python3-venv from apt where missing (see the script for why each is needed).
$(STAMPS)/system: scripts/install-system-packages.sh
	PYTHON=$(PYTHON) bash scripts/install-system-packages.sh
	@mkdir -p $(STAMPS) && touch $@

# axe-core (accessibility checks in the browser test) from the npm registry.
$(STAMPS)/npm: package.json package-lock.json | $(STAMPS)/system
	npm ci --no-audit --no-fund --loglevel=error
	@mkdir -p $(STAMPS) && touch $@

# Quarto for the real report (HTML book + PDF): the one on PATH, else PyPI's quarto-cli into the
# environment (it downloads Quarto while it installs, so it needs internet access). Tried once:
# offline it fails after about 30 s, and the report is then written as the HTML preview, with a
# message saying how to get Quarto. Tried again only when the environment is rebuilt (it lives there).
$(STAMPS)/quarto: $(STAMPS)/venv
	@if command -v quarto >/dev/null 2>&1; then \
	  echo "Quarto finns: $$(command -v quarto) ($$(quarto --version))"; \
	elif [ -x $(VENV)/bin/quarto ]; then \
	  echo "Quarto finns: $(VENV)/bin/quarto"; \
	else \
	  echo "Quarto finns inte; försöker en gång installera det från PyPI (quarto-cli) ..."; \
	  timeout 600 $(PY) -m pip install --quiet quarto-cli \
	    && echo "Quarto installerat: $(VENV)/bin/quarto" \
	    || echo "Quarto kunde inte installeras (ingen internetanslutning?). Rapporten skrivs som förhandsversion; README säger hur Quarto installeras."; \
	fi
	@mkdir -p $(STAMPS) && touch $@

extract: $(STAMPS)/venv
	$(PY) -m analysis extract

# The report: Quarto's book (HTML + PDF via Typst) in report/_book/ when Quarto is there (on PATH
# or from quarto-cli in the environment), else an HTML preview of the same chapters in
# report/_preview/ (index.html, and rapport-epost.html as one file for e-mail).
report: setup
	$(PY) -m analysis report

# The HTML preview and the e-mail file even where Quarto is installed.
preview: setup
	$(PY) -m analysis report --preview

# Re-execute the notebooks in place so their stored outputs (what nbval compares) are current.
notebooks: $(STAMPS)/venv
	$(PY) -m analysis notebooks

# Unit and integration tests, the browser test of the rendered report, and nbval on every notebook,
# in one pytest run on two workers (a notebook's cells share one kernel, so a file stays on one worker).
test: setup
	$(PY) -m pytest -n 2 --dist loadfile --nbval --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

# The unit tests only (tests/unit/, without those marked slow or integration; about 27 s, see
# docs/PERFORMANCE.md): for every change, before the full run.
test-fast: $(STAMPS)/venv
	$(PY) -m pytest -n 2 -p no:nbval -m "not slow and not integration" tests/unit

benchmark: setup
	$(PY) benchmarks/run.py

clean:
	rm -rf $(STAMPS) data/processed report/_book report/_site report/.quarto report/_preview report/assets \
	  report/.oms-*
