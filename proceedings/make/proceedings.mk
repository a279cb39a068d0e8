# The make rules of a proceedings book, shared by the toolchain's repository and by every
# volume that `proceedings new` starts: the set-up (the virtual environment, Debian's
# packages for the PDF and the catalogue checks), `make book`, `make serve`, the
# translators' targets, and what a mistyped target says. A book's Makefile says how its
# toolchain is installed (TOOLCHAIN_INSTALL; TOOLCHAIN_FILES, the files whose change
# installs it again), includes this file, writes its `help` and its own targets, and ends
# as sphinx-quickstart's does: Sphinx's targets to `sphinx-build -M`, then the catch-all.
# `proceedings makefile-path` names this file in an installed toolchain.

# This file is read, never made: no rule below (the catch-all least of all) remakes it.
$(lastword $(MAKEFILE_LIST)): ;

SPHINXOPTS    ?=
VENV          ?= .venv
PYTHON        ?= $(VENV)/bin/python
SPHINXBUILD   ?= $(PYTHON) -m sphinx
# The toolchain's command, installed into the virtual environment with the toolchain.
PROCEEDINGS   ?= $(VENV)/bin/proceedings
# The Python that makes the virtual environment: 3.11 or later (Debian 12's is 3.11.2).
PYTHON3       ?= python3
SOURCEDIR     = .
BUILDDIR      ?= _build
LANGUAGE      ?= en
# Where `make serve` serves the preview: http://$(SERVE_HOST):$(SERVE_PORT)/
SERVE_HOST    ?= 127.0.0.1
SERVE_PORT    ?= 8000
# The site's address on the web, for canonical links, citations and the sitemap,
# when it is not book.toml's base_url (a preview host, say).
BASE_URL      ?=
# Debian's TeX Live packages that the PDF needs (XeLaTeX, latexmk, FreeFont), and the
# hyphenation of each language of book.toml (texlive-lang-french…), derived from its code.
TEX_PACKAGES  = texlive-xetex texlive-latex-extra texlive-fonts-recommended \
                latexmk fonts-freefont-otf $(shell $(PROCEEDINGS) debian-packages tex 2>/dev/null)
# PDF=no: `make book` builds the HTML and EPUB editions alone, for a machine without TeX.
PDF           ?= yes
# What the PDF needs of TeX, whoever installed it: a TeX Live on PATH (a user install, with
# tlmgr) that has these commands, files and the FreeSerif font is taken as it is.
TEX_COMMANDS  = xelatex latexmk kpsewhich
TEX_FILES     = fontspec.sty babel.sty french.ldf fncychap.sty geometry.sty hyperref.sty \
                xcolor.sty needspace.sty tabulary.sty varwidth.sty wrapfig.sty capt-of.sty \
                framed.sty fancyvrb.sty upquote.sty titlesec.sty parskip.sty
TEX_ON_PATH   = ( for c in $(TEX_COMMANDS); do command -v $$c >/dev/null || exit 1; done; \
                  test "$$(kpsewhich $(TEX_FILES) | wc -l)" -eq $(words $(TEX_FILES)) && \
                  fc-list FreeSerif 2>/dev/null | grep -q . )
# Debian's packages that check the catalogues: msgfmt, hunspell and the dictionary of each
# translation (hunspell-fr…), derived from its code or locale/glossary.toml.
PO_PACKAGES   = gettext hunspell $(shell $(PROCEEDINGS) debian-packages spelling 2>/dev/null)

# The languages of the book, source language first, as book.toml lists them.
LANGUAGES      = $(shell $(PYTHON) -c 'import tomllib; print(" ".join(tomllib.load(open("book.toml", "rb"))["book"]["languages"]))' 2>/dev/null)
TRANSLATIONS   = $(wordlist 2,99,$(LANGUAGES))
# The translations in progress (in_progress in book.toml): preview editions, never
# checked for completeness.
IN_PROGRESS    = $(shell $(PYTHON) -c 'import tomllib; print(" ".join(tomllib.load(open("book.toml", "rb"))["book"].get("in_progress", [])))' 2>/dev/null)
COMPLETE       = $(filter-out $(IN_PROGRESS),$(TRANSLATIONS))
# A broken book.toml in one line, with its line, before Sphinx would print a crash report.
CHECK_IDENTITY = $(PROCEEDINGS) check-book book.toml

comma := ,

.DEFAULT_GOAL := help
.PHONY: help setup venv tex tex-debian po-tools book serve gettext update-po stats check-po \
        spell normalise-po citation-cff clean Makefile

setup: venv tex

venv: $(VENV)/.installed

# Files, not targets: keeps the catch-all below from trying to build them with Sphinx.
requirements.txt book.toml $(TOOLCHAIN_FILES): ;

# The pinned requirements, then the toolchain itself, as the book's Makefile installs it.
$(VENV)/.installed: requirements.txt $(TOOLCHAIN_FILES)
	@command -v $(PYTHON3) >/dev/null || { \
	  echo "Python 3.11 or later is needed: apt-get install python3 python3-venv"; exit 1; }
	@$(PYTHON3) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { \
	  echo "Python 3.11 or later is needed; $(PYTHON3) is $$($(PYTHON3) -V 2>&1)."; \
	  echo "Install it (Debian 12: apt-get install python3 python3-venv), or name another: make PYTHON3=python3.11"; \
	  exit 1; }
	@test -x $(VENV)/bin/python || $(PYTHON3) -m venv $(VENV) || { \
	  echo "Could not create $(VENV): on Debian, apt-get install python3-venv"; exit 1; }
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
	  --no-build-isolation $(TOOLCHAIN_INSTALL)
	@# pip byte-compiles what it installs, but not an editable toolchain: where
	@# PYTHONDONTWRITEBYTECODE is set (as in many containers), every build would compile
	@# the toolchain again (a tenth of a second of each build).
	@$(VENV)/bin/python -c 'import compileall, os, proceedings; \
	  compileall.compile_dir(os.path.dirname(proceedings.__file__), quiet=1)' >/dev/null
	@touch $@

# $(call install-missing,WHAT): the shell's $$missing Debian packages, which WHAT needs,
# installed when run as root; otherwise named, with the command to run, and make stops.
define install-missing
missing=$$(echo $$missing); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's packages for $(1): $$missing"; \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing \
	      || { echo "Could not install $$missing with apt-get."; exit 1; }; \
	  else \
	    echo "These Debian packages, which $(1) needs, are missing: $$missing"; \
	    echo "Install them, then run make again:"; \
	    echo "  sudo apt-get install --no-install-recommends $$missing"; \
	    exit 1; \
	  fi; \
	fi
endef

# $(call debian-packages,PACKAGES,WHAT,COMMANDS): the PACKAGES that dpkg does not list as
# installed (without dpkg, all of them when one of the COMMANDS is missing).
define debian-packages
	@if command -v dpkg-query >/dev/null; then \
	  missing=$$(for p in $(1); do \
	    dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'ok installed' || echo $$p; done); \
	else \
	  for c in $(3); do command -v $$c >/dev/null || missing="$(1)"; done; \
	fi; \
	$(call install-missing,$(2))
endef

# A TeX Live on PATH that has all the PDF needs is enough; otherwise Debian's packages.
# The languages' packages come from the toolchain, which `setup`, `check-po` and `book`
# install first; a language whose TeX package is unknown is named, and stops make.
tex:
ifneq ($(PDF),no)
	@if [ -x $(PROCEEDINGS) ]; then $(PROCEEDINGS) debian-packages tex >/dev/null || exit 1; fi
	@$(TEX_ON_PATH) || $(MAKE) --no-print-directory tex-debian || { \
	  echo "Without TeX, build the HTML and EPUB editions alone: make book PDF=no"; \
	  echo "(a TeX Live of your own on PATH does for the PDF too, with $(TEX_COMMANDS),"; \
	  echo " the FreeSerif font and $(TEX_FILES))"; \
	  exit 1; }
endif

tex-debian:
	$(call debian-packages,$(TEX_PACKAGES),the PDF,xelatex latexmk)

po-tools:
	$(call debian-packages,$(PO_PACKAGES),the catalogue checks,msgfmt hunspell)

book: setup
	$(PROCEEDINGS) publish --builddir $(BUILDDIR) --base-url "$(BASE_URL)" $(if $(CLEAN),--clean) \
	  $(if $(filter no,$(PDF)),--no-pdf)

# CITATION.cff says how to cite the acts on the repository's page; book.toml is its source.
citation-cff: venv
	$(PROCEEDINGS) citation-cff book.toml > CITATION.cff

# The preview reloads itself after each build; Ctrl-C (or the end of make) stops it.
serve: venv
	@exec $(PROCEEDINGS) serve --source "$(SOURCEDIR)" --builddir "$(BUILDDIR)" --language $(LANGUAGE) \
	  --host $(SERVE_HOST) --port $(SERVE_PORT) $(if $(SPHINXOPTS),-- $(SPHINXOPTS))

# From clean: the template of a renamed or removed page must not outlive it.
gettext: venv
	@$(CHECK_IDENTITY)
	@rm -rf "$(BUILDDIR)/gettext"
	@$(SPHINXBUILD) -M gettext "$(SOURCEDIR)" "$(BUILDDIR)" $(GETTEXT_QUIET) $(SPHINXOPTS)

# sphinx-intl keeps a changed text's old translation as fuzzy; normalising then retires the
# catalogues of pages that are gone and gives returning texts their translation back.
update-po: gettext
	@$(PROCEEDINGS) update-po --pot "$(BUILDDIR)/gettext" $(TRANSLATIONS)

# Against the English as it is now: a fresh extraction, not only the catalogues on disk.
stats: GETTEXT_QUIET = -q
stats: gettext
	@$(PROCEEDINGS) stats --pot "$(BUILDDIR)/gettext" $(if $(JSON),--json "$(JSON)") $(TRANSLATIONS)

# Sphinx's own i18n warnings (inconsistent references…) are errors too: each translation
# is read once by the dummy builder with -W, in a folder of its own.
check-po: gettext po-tools
	@$(PROCEEDINGS) check-po --pot "$(BUILDDIR)/gettext" $(TRANSLATIONS)
	@$(PROCEEDINGS) spell $(TRANSLATIONS)
	@for lang in $(TRANSLATIONS); do \
	  $(SPHINXBUILD) -b dummy -q -W --keep-going -n -D language=$$lang \
	    -d "$(BUILDDIR)/check-po/$$lang/doctrees" "$(SOURCEDIR)" "$(BUILDDIR)/check-po/$$lang" || exit 1; \
	done
	@echo "The catalogues of $(or $(COMPLETE),no finished language) are complete, in step and well formed$(if $(IN_PROGRESS),; those of $(IN_PROGRESS)$(comma) in progress$(comma) are well formed)."

spell: venv po-tools
	@$(PROCEEDINGS) spell $(TRANSLATIONS)

normalise-po: venv
	@$(PROCEEDINGS) normalise-po $(TRANSLATIONS)

latexpdf latex: venv tex

clean:
	rm -rf "$(BUILDDIR)"

# Sphinx's own targets, which `sphinx-build -M` takes (gettext and clean have recipes above).
SPHINX_TARGETS = html dirhtml singlehtml pickle json htmlhelp qthelp devhelp epub latex \
                 latexpdf latexpdfja text man texinfo info changes xml pseudoxml linkcheck \
                 doctest coverage dummy
# The targets `make help` names, read from its lines (in the book's Makefile, or the one
# it includes), so that a new one is listed by itself.
HELP_TARGETS = $(shell sed -n 's/^\t@echo "  make \([a-z-]*\).*/\1/p' $(MAKEFILE_LIST))

# What a mistyped target says, in one line, before anything is set up (Sphinx would print
# a crash report: "Builder name … not registered"). The book's Makefile ends with the
# catch-all that says it, and the rule that sends Sphinx's targets to `sphinx-build -M`.
NO_TARGET = there is no target "$@"; the targets are $(HELP_TARGETS), and Sphinx's $(filter-out $(HELP_TARGETS),$(SPHINX_TARGETS)) (make help says what each does)
