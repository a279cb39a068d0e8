# The book's commands. `make help` lists them; `make book` and `make test` set up what is
# missing first. Any other Sphinx target (`make html`, `make latexpdf`, `make linkcheck`…)
# goes to `sphinx-build -M`, with LANGUAGE=fr for the French edition.

# The rules behind the targets are the toolchain's, shared with every volume of the series
# (proceedings/make/proceedings.mk); this file says how the toolchain is installed here,
# what `make help` says, and adds the targets of the toolchain's own repository.

# The toolchain itself, editable: a change to proceedings/ is in the next build without
# installing again.
TOOLCHAIN_INSTALL = --editable .
TOOLCHAIN_FILES   = pyproject.toml
# The series file of `make series`: the volumes published together as one site.
SERIES        ?= examples/series.toml
# What the quality gates of `make test` run: Chromium (axe, the keyboard walk, Lighthouse),
# Java (the Nu HTML Checker, EPUBCheck) and npm (Lighthouse and vnu.jar, into tools/).
# Each is the Debian package that brings the command, when the command is missing.
GATE_COMMANDS = chromium:chromium java:default-jre-headless npm:npm

include proceedings/make/proceedings.mk

.PHONY: test-venv gates gate-packages series test check bench deposit

help:
	@echo "Commands (set-up included):"
	@echo "  make book        build both editions (HTML, PDF, EPUB) into $(BUILDDIR)/site/"
	@echo "                   (BASE_URL=https://… for the site's address, if not book.toml's;"
	@echo "                   PDF=no for the HTML and EPUB alone, without TeX;"
	@echo "                   only the editions that changed are rebuilt: CLEAN=1 for all)"
	@echo "  make test        run every test"
	@echo "  make check       the quick tests: the extension on small test roots (under a minute)"
	@echo "  make bench       time the builds on synthetic books (minutes); results in $(BUILDDIR)/bench/"
	@echo "  make series      the volumes of SERIES ($(SERIES)) as one site in $(BUILDDIR)/series/site/"
	@echo "Editors:"
	@echo "  make serve       live preview that reloads itself on save, on http://$(SERVE_HOST):$(SERVE_PORT)/"
	@echo "                   (LANGUAGE=fr for the French edition, SERVE_PORT=… for another port)"
	@echo "  make html        one edition's HTML in $(BUILDDIR)/html (LANGUAGE=fr…)"
	@echo "  make latexpdf    one edition's PDF in $(BUILDDIR)/latex"
	@echo "  make linkcheck   check the external links"
	@echo "  make citation-cff  write CITATION.cff from book.toml"
	@echo "  make deposit     Crossref, HAL and Zenodo records into $(BUILDDIR)/deposit/"
	@echo "                   (says which fields of book.toml a record still needs)"
	@echo "Translators:"
	@echo "  make gettext     extract the texts into $(BUILDDIR)/gettext/*.pot"
	@echo "  make update-po   extract, then update locale/<language>/LC_MESSAGES/*.po"
	@echo "  make stats       translated, fuzzy and untranslated messages per catalogue, against"
	@echo "                   the English as it is now (JSON=stats.json writes them as JSON too)"
	@echo "  make check-po    catalogues complete, in step, well formed and spelt right"
	@echo "  make spell       the spelling check alone (hunspell, locale/glossary.toml)"
	@echo "  make normalise-po  rewrite the catalogues in their one form after a PO editor"
	@echo "  See TRANSLATING.md."
	@echo "Set-up only:"
	@echo "  make setup       the virtual environment ($(VENV)), with the toolchain, and TeX Live"
	@echo "                   (Debian's, or one of your own on PATH)"
	@echo "  make po-tools    gettext, hunspell and each translation's dictionary, for check-po"
	@echo "  make gates       what the tests' quality gates run: Chromium, Java, tools/ from npm"

# What the tests and the quality gates need beyond the toolchain.
test-venv: $(VENV)/.installed-test

# Files, not targets, as requirements.txt and book.toml are.
requirements-test.txt requirements-schemas.txt tools/package.json tools/package-lock.json: ;

$(VENV)/.installed-test: requirements-test.txt requirements-schemas.txt $(VENV)/.installed
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  -r requirements-schemas.txt
	@touch $@

# The quality gates' tools: Debian's packages (as root; otherwise named, with the command),
# then Lighthouse, the Nu HTML Checker and DAISY Ace as tools/package-lock.json pins them.
# Their install scripts are not run: vnu-jar's would download a Java runtime, Puppeteer's
# (under Ace) a browser; Ace runs with Debian's Chromium.
gates: gate-packages tools/node_modules/.installed

# By command rather than by package: Java and Node.js may come from other packages.
gate-packages:
	@missing=$$(for pair in $(GATE_COMMANDS); do \
	  command -v $${pair%%:*} >/dev/null || echo $${pair#*:}; done); \
	$(call install-missing,the quality gates)

tools/node_modules/.installed: tools/package.json tools/package-lock.json | gate-packages
	cd tools && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

series: setup
	$(PROCEEDINGS) series "$(SERIES)" --builddir "$(BUILDDIR)/series"

# The archives' records, from the chapters as they are now (it reads every edition first).
deposit: venv
	@$(CHECK_IDENTITY)
	$(PROCEEDINGS) deposit --builddir $(BUILDDIR) --base-url "$(BASE_URL)"

test: setup test-venv gates check-po
	$(PYTHON) -m pytest $(PYTEST_ARGS)

# The first tier of the tests (pytest.ini): the extension on small test roots, no real
# build of the book, no gate.
check: venv test-venv
	$(PYTHON) -m pytest -m extension $(PYTEST_ARGS)

# BENCH_ARGS narrows a run, e.g. BENCH_ARGS="--sizes 10 50 --pdf-sizes --no-book".
bench: setup test-venv $(VENV)/mkdocs/.installed
	$(PYTHON) -m bench --builddir "$(BUILDDIR)/bench" $(BENCH_ARGS)

# The benchmark's reference, MkDocs Material, in an environment of its own: the book's
# stays as requirements.txt pins it.
bench/requirements.txt: ;
$(VENV)/mkdocs/.installed: bench/requirements.txt | $(VENV)/.installed
	@test -x $(VENV)/mkdocs/bin/python || $(PYTHON3) -m venv $(VENV)/mkdocs
	$(VENV)/mkdocs/bin/python -m pip install --quiet --disable-pip-version-check -r bench/requirements.txt
	@touch $@

# Everything else of Sphinx's goes to it: make html, make latexpdf, make epub, make linkcheck…
$(SPHINX_TARGETS): Makefile venv
	@$(CHECK_IDENTITY)
	@$(SPHINXBUILD) -M $@ "$(SOURCEDIR)" "$(BUILDDIR)" -D language=$(LANGUAGE) $(SPHINXOPTS)

# A mistyped target, in one line, before anything is set up.
%: Makefile
	$(error $(NO_TARGET))
