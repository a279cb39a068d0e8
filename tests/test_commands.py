"""The commands as an editor types them, on a copy of the project."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile

import pytest

from testing import LANGUAGES, PROJECT, copy_makefile

pytestmark = pytest.mark.builds

PIECES = {
    'podcast': r'```\{podcast\}.*?```\n',
    'guiding-questions': r'```\{guiding-questions\}\n.*?```\n',
    'summary': r'```\{summary\}\n.*?```\n',
}


@pytest.mark.parametrize('language', LANGUAGES)
@pytest.mark.parametrize('piece', sorted(PIECES))
def test_sphinx_build_names_the_chapter_that_lacks_a_piece(project, piece, language):
    chapter = project / 'chapters' / 'morning' / 'round-table-mobilizing-to-cope.md'
    source = chapter.read_text('utf-8')
    chapter.write_text(re.sub(PIECES[piece], '', source, flags=re.S), 'utf-8')
    result = subprocess.run(
        [sys.executable, '-m', 'sphinx', '-b', 'html', '-q', '-D', f'language={language}',
         str(project), str(project / '_build' / 'html')],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode != 0
    assert (f'chapters/morning/round-table-mobilizing-to-cope.md:3: ERROR: '
            f'the session lacks its {piece}') in result.stderr
    assert 'Traceback' not in result.stderr


def test_a_warning_stops_the_publication_and_keeps_the_site(project, tmp_path):
    from proceedings.cli.publish import PublishError, publish

    out = tmp_path / 'site'
    publish(project, tmp_path / 'build', out)
    published = {p: p.read_bytes() for p in out.rglob('*') if p.is_file()}
    chapter = project / 'chapters' / 'introduction.md'
    chapter.write_text(chapter.read_text('utf-8') + '\nSee [a page](gone.md).\n', 'utf-8')
    with pytest.raises(PublishError, match=r'(?s)html failed.*introduction\.md:\d+: WARNING'):
        publish(project, tmp_path / 'build', out)
    assert {p: p.read_bytes() for p in out.rglob('*') if p.is_file()} == published


@pytest.mark.skipif(os.geteuid() != 0 or not shutil.which('runuser'),
                    reason='needs root to run make as another user')
def test_without_root_make_names_the_missing_tex_packages():
    # A folder that the unprivileged user can read, with the project's Makefile alone (and
    # the make rules it includes).
    with tempfile.TemporaryDirectory() as folder:
        os.chmod(folder, 0o755)
        copy_makefile(folder)
        result = subprocess.run(
            ['runuser', '-u', 'nobody', '--', 'make', '-C', folder, 'tex',
             'TEX_PACKAGES=no-such-tex-package texlive-xetex',
             # A TeX Live on PATH that lacks a file: Debian's packages are asked for.
             'TEX_FILES=no-such-file.sty'],
            capture_output=True, text=True, check=False,
        )
    assert result.returncode != 0
    assert 'sudo apt-get install --no-install-recommends no-such-tex-package' in result.stdout


def test_a_python_too_old_is_named_with_the_one_needed(tmp_path):
    # A python3 that says it is 3.9, as an old distribution's would.
    old = tmp_path / 'python3'
    old.write_text('#!/bin/sh\n'
                   'case "$1" in -V|--version) echo "Python 3.9.2";; *) exit 1;; esac\n')
    old.chmod(0o755)
    copy_makefile(tmp_path)
    result = subprocess.run(['make', '-C', str(tmp_path), 'venv', f'PYTHON3={old}'],
                            capture_output=True, text=True, check=False)
    assert result.returncode != 0
    assert f'Python 3.11 or later is needed; {old} is Python 3.9.2.' in result.stdout
    assert not (tmp_path / '.venv').exists()


def test_setup_byte_compiles_an_editable_toolchain(tmp_path):
    # A checkout with its toolchain, and a virtual environment whose pip only says what it
    # was asked and whose Python reads that checkout, as an editable install would.
    copy_makefile(tmp_path)
    shutil.copytree(PROJECT / 'proceedings', tmp_path / 'proceedings',
                    ignore=shutil.ignore_patterns('__pycache__'), dirs_exist_ok=True)
    python = tmp_path / '.venv' / 'bin' / 'python'
    python.parent.mkdir(parents=True)
    python.write_text(f'#!/bin/sh\n'
                      f'if [ "$1" = -m ]; then echo "$@" >> {tmp_path}/pip.log; exit 0; fi\n'
                      f'PYTHONPATH={tmp_path} exec {sys.executable} "$@"\n')
    python.chmod(0o755)
    (tmp_path / 'requirements.txt').write_text('')
    result = subprocess.run(['make', '-C', str(tmp_path), 'venv'], capture_output=True,
                            text=True, check=False,
                            env={**os.environ, 'PYTHONDONTWRITEBYTECODE': '1'})
    assert result.returncode == 0, result.stdout + result.stderr
    assert 'install' in (tmp_path / 'pip.log').read_text()
    compiled = {path.parent.parent.name for path in
                (tmp_path / 'proceedings').rglob('__pycache__/*.pyc')}
    assert {'proceedings', 'sphinx_ext', 'speedups', 'cli', 'core', 'po'} <= compiled
