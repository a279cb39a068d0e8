"""The editors' everyday commands in a copy of the project: a folder that is not the book
is not read; a machine without TeX publishes the HTML and EPUB; what TeX lacks is named.
(The live preview is in test_preview.py.)
"""

from __future__ import annotations

import os
import re
import subprocess
import zipfile
from pathlib import Path

import pytest

from proceedings.cli.publish import summarise
from testing import PROJECT

pytestmark = pytest.mark.builds

#: Debian's packages whose commands are TeX, hidden from PATH to play a machine without it.
TEX_DEBIAN = ('texlive-binaries', 'texlive-base', 'texlive-xetex', 'texlive-latex-base',
              'texlive-latex-recommended', 'texlive-latex-extra', 'latexmk')
NOT_A_PACKAGE = 'texlive-not-installed-here'


def make(project: Path, *arguments: str, path: str | None = None,
         timeout: int = 300) -> subprocess.CompletedProcess:
    environment = dict(os.environ, NO_COLOR='1')
    if path is not None:
        environment['PATH'] = path
    return subprocess.run(
        ['make', '-C', str(project), *arguments, f'VENV={PROJECT / ".venv"}'],
        capture_output=True, text=True, check=False, timeout=timeout, env=environment)


@pytest.fixture(scope='module')
def without_tex(tmp_path_factory) -> Path:
    """A folder with every command of /usr/bin but TeX's (Debian 12: /bin is /usr/bin)."""
    listed = subprocess.run(['dpkg', '-L', *TEX_DEBIAN], capture_output=True, text=True,
                            check=False).stdout.split()
    tex = {Path(name).name for name in listed if name.startswith('/usr/bin/')}
    assert {'xelatex', 'latexmk', 'kpsewhich'} <= tex
    folder = tmp_path_factory.mktemp('bin-without-tex')
    for command in Path('/usr/bin').iterdir():
        if command.name not in tex:
            (folder / command.name).symlink_to(command)
    return folder


@pytest.fixture
def not_root(tmp_path) -> Path:
    """A folder whose `id -u` answers 1000: make names the packages instead of installing."""
    folder = tmp_path / 'not-root'
    folder.mkdir()
    (folder / 'id').write_text('#!/bin/sh\necho 1000\n')
    (folder / 'id').chmod(0o755)
    return folder


def test_a_folder_beside_the_book_is_not_read(project, tmp_path):
    backup = project / '.venv-backup' / 'lib' / 'python3.11' / 'site-packages' / 'somepackage'
    backup.mkdir(parents=True)
    (backup / 'README.rst').write_text('Title\n=====\n\n.. not-a-directive::\n', 'utf-8')
    (backup / 'index.md').write_text('# A package\n\n[a link][nowhere]\n', 'utf-8')
    notes = project / 'notes'
    notes.mkdir()
    (notes / 'README.md').write_text(
        '# Notes for the next volume\n\n```{session}\n:kind: keynote\n```\n', 'utf-8')
    result = make(project, 'html', f'BUILDDIR={tmp_path / "build"}',
                  'SPHINXOPTS=-W --keep-going -q')
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'WARNING' not in result.stderr and 'ERROR' not in result.stderr, result.stderr
    html = tmp_path / 'build' / 'html'
    assert (html / 'chapters' / 'introduction.html').is_file()
    assert not (html / 'notes').exists() and not (html / '.venv-backup').exists()
    assert 'Notes for the next volume' not in (html / 'searchindex.js').read_text('utf-8')


def test_make_book_without_tex_publishes_the_html_and_epub(project, tmp_path, without_tex):
    site = tmp_path / 'build' / 'site'
    result = make(project, 'book', 'PDF=no', f'BUILDDIR={tmp_path / "build"}',
                  path=os.fspath(without_tex))
    assert result.returncode == 0, result.stdout + result.stderr
    assert '(HTML and EPUB, without PDF)' in result.stdout
    for language in ('en', 'fr'):
        edition = site / language
        assert (edition / f'expeerts-study-day-2018-{language}.epub').is_file()
        assert not list(edition.glob('*.pdf'))
        # No page links to a PDF that is not there, nor claims one in its head.
        for page in edition.rglob('*.html'):
            text = page.read_text('utf-8')
            assert not re.search(r'href="[^"]*\.pdf"|citation_pdf_url', text), page
        with zipfile.ZipFile(edition / f'expeerts-study-day-2018-{language}.epub') as epub:
            pages = ' '.join(epub.read(name).decode('utf-8') for name in epub.namelist()
                             if name.endswith('.xhtml'))
        assert '.pdf' not in pages
        assert 'is published with this one' in pages or 'est publiée avec celle-ci' in pages
    assert '.pdf' not in (site / 'index.html').read_text('utf-8')


def test_a_missing_latexmk_is_named_with_the_way_around(project, tmp_path, without_tex):
    # Debian's packages are installed (dpkg says so) but TeX is not on PATH.
    result = make(project, 'book', f'BUILDDIR={tmp_path / "build"}',
                  path=os.fspath(without_tex))
    assert result.returncode != 0
    assert ('The book was not published: latexmk is not installed, or not on PATH: the PDF '
            "needs it. Install Debian's latexmk (make setup does, as root), or add it to your "
            'own TeX Live (tlmgr install latexmk), or build the HTML and EPUB alone: make '
            'book PDF=no') in result.stderr, result.stderr
    assert 'xelatex is not installed' in result.stderr
    assert 'Building' not in result.stdout  # said before any build


def test_missing_tex_names_the_option_that_goes_without(project, without_tex, not_root):
    result = make(project, 'book', f'TEX_PACKAGES={NOT_A_PACKAGE}',
                  path=f'{not_root}:{without_tex}')
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert f'sudo apt-get install --no-install-recommends {NOT_A_PACKAGE}' in out
    assert 'Without TeX, build the HTML and EPUB editions alone: make book PDF=no' in out
    assert 'Building' not in out  # stopped before any build


def test_a_tex_live_on_path_is_taken_without_debian_packages(project, tmp_path, without_tex,
                                                             not_root):
    # A user's own TeX Live: its commands in a folder of its own, first on PATH.
    texlive = tmp_path / 'texlive' / '2022' / 'bin' / 'x86_64-linux'
    texlive.mkdir(parents=True)
    for command in ('xelatex', 'latexmk', 'kpsewhich'):
        (texlive / command).symlink_to(Path('/usr/bin') / command)
    result = make(project, 'tex', f'TEX_PACKAGES={NOT_A_PACKAGE}',
                  path=f'{texlive}:{not_root}:{without_tex}')
    assert result.returncode == 0, result.stdout + result.stderr
    assert NOT_A_PACKAGE not in result.stdout + result.stderr


@pytest.mark.parametrize(('line', 'named'), [
    ("! LaTeX Error: File `qrcode.sty' not found.",
     'TeX has no qrcode.sty: the package that provides it is missing. Find it with '
     '`tlmgr search --global --file /qrcode.sty` (TeX Live)'),
    ('! Package fontspec Error: The font "FreeSerif" cannot be found.',
     'the font FreeSerif is not installed: the PDF is set in it.'),
    ('/bin/sh: 1: xelatex: not found',
     "xelatex is not installed, or not on PATH: the PDF needs it. Install Debian's "
     'texlive-xetex'),
])
def test_what_tex_lacks_comes_first_in_the_summary(tmp_path, line, named):
    log = tmp_path / 'build.log'
    log.write_text('\n'.join([
        'some/page.md:3: WARNING: a warning that follows from the cause',
        'latexmk -pdf -dvi- -ps- -silent book.tex', line, 'l.42 \\begin{document}',
        'Latex error: check .log file in _build/latex']), 'utf-8')
    summary = summarise(log).splitlines()
    assert summary[0].strip().startswith(named)
    assert summary[-1].strip().startswith('some/page.md:3: WARNING')


def test_the_summary_puts_the_error_before_the_warnings_it_brought(tmp_path):
    log = tmp_path / 'build.log'
    log.write_text('\n'.join(
        [f'notes/page-{n}.md: WARNING: document isn\'t included in any toctree' for n in range(40)]
        + ['chapters/morning/a.md:3: ERROR: the session lacks its podcast']), 'utf-8')
    summary = summarise(log).splitlines()
    assert summary[0] == '    chapters/morning/a.md:3: ERROR: the session lacks its podcast'
    assert summary[-1] == '    … and 11 more'
