"""What is missing of TeX, read from a failed PDF build's log, said in the editor's words.

Sphinx ends a failed ``make latexpdf`` with "Latex error: check .log file", whatever the
cause. Two causes need no reading of TeX's log at all: a command that is not installed
(``latexmk``, ``xelatex``), and a package or font that this TeX does not have. Each is
named with what installs it, Debian's way and TeX Live's, and the way around it.
"""

from __future__ import annotations

import re
import shutil

#: ``make: latexmk: No such file or directory``, ``/bin/sh: 1: xelatex: not found``.
MISSING_COMMAND = re.compile(
    r'(?:^|: )(latexmk|xelatex|xdvipdfmx|kpsewhich|make)'
    r': (?:No such file or directory|(?:command )?not found)$')
#: ``! LaTeX Error: File `qrcode.sty' not found.``
MISSING_FILE = re.compile(r"^! LaTeX Error: File `([^']+)' not found\.")
#: ``! Package fontspec Error: The font "FreeSerif" cannot be found.``
MISSING_FONT = re.compile(r'^! Package fontspec Error: The font "([^"]+)" cannot be found')

#: The Debian package that brings each command.
COMMAND_PACKAGES = {'latexmk': 'latexmk', 'xelatex': 'texlive-xetex',
                    'xdvipdfmx': 'texlive-binaries', 'kpsewhich': 'texlive-binaries',
                    'make': 'make'}
WITHOUT_PDF = 'or build the HTML and EPUB alone: make book PDF=no'


#: The commands the PDF runs: Sphinx's LaTeX Makefile runs latexmk, which runs xelatex.
PDF_COMMANDS = ('make', 'latexmk', 'xelatex')


def missing_command(name: str) -> str:
    return (f'{name} is not installed, or not on PATH: the PDF needs it. Install '
            f"Debian's {COMMAND_PACKAGES[name]} (make setup does, as root), or add it "
            f'to your own TeX Live (tlmgr install {name}), {WITHOUT_PDF}')


def missing_commands(path: str | None = None) -> list[str]:
    """One sentence for each command of the PDF that *path* (default: PATH) lacks."""
    return [missing_command(name) for name in PDF_COMMANDS
            if shutil.which(name, path=path) is None]


def tex_problems(lines: list[str]) -> list[str]:
    """One sentence for each missing command, TeX file or font found in *lines*."""
    found: dict[str, None] = {}
    for line in lines:
        line = line.strip()
        if command := MISSING_COMMAND.search(line):
            found[missing_command(command.group(1))] = None
        elif missing := MISSING_FILE.match(line):
            name = missing.group(1)
            found[f'TeX has no {name}: the package that provides it is missing. Find it '
                  f'with `tlmgr search --global --file /{name}` (TeX Live) or '
                  f'`apt-file search /{name}` (Debian), install it, {WITHOUT_PDF}'] = None
        elif font := MISSING_FONT.match(line):
            name = font.group(1)
            found[f'the font {name} is not installed: the PDF is set in it. On Debian, '
                  f'apt-get install fonts-freefont-otf; elsewhere, install {name} where '
                  f'fontconfig finds it (fc-list lists it), {WITHOUT_PDF}'] = None
    return list(found)
