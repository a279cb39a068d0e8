"""A new volume and a new session, as an editor starts them with the proceedings command.

The volume is started with ``proceedings new`` in a folder of its own, a session is added
with ``make new-session``, and ``make book`` builds it from clean with the volume's own
Makefile, which installs the toolchain into the volume's environment first.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from testing import PROJECT

pytestmark = pytest.mark.builds

#: A title with what HTML, Markdown and TOML would each read as markup.
TITLE = 'Acts & <b>deeds</b> of {day}: a *test* \\ volume'
SESSION = 'Round table: what [comes] next?'


def proceedings(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', 'proceedings', *args], cwd=cwd,
                          capture_output=True, text=True, check=False)


@pytest.fixture(scope='module')
def volume_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A virtual environment for the volume that sees the packages this one has installed,
    so that the volume's `make setup` installs the toolchain without downloading anything."""
    venv = tmp_path_factory.mktemp('volume-env') / 'venv'
    subprocess.run([sys.executable, '-m', 'venv', '--without-pip', venv], check=True)
    purelib = Path(subprocess.run(
        [venv / 'bin' / 'python', '-c', 'import sysconfig; print(sysconfig.get_paths()["purelib"])'],
        capture_output=True, text=True, check=True).stdout.strip())
    # Only the pinned requirements: this checkout's own proceedings is left out of the path,
    # so that the volume's Makefile must install the toolchain to build.
    (purelib / 'toolchain-dependencies.pth').write_text(
        f'import site; site.addsitedir({sysconfig.get_paths()["purelib"]!r})\n', 'utf-8')
    return venv


@pytest.fixture(scope='module')
def volume(tmp_path_factory: pytest.TempPathFactory, volume_env: Path) -> Path:
    folder = tmp_path_factory.mktemp('volumes') / 'next-volume'
    result = proceedings('new', str(folder), '--title', TITLE, '--date', '2030-03-14',
                         cwd=tmp_path_factory.getbasetemp())
    assert result.returncode == 0, result.stderr
    return folder


@pytest.fixture(scope='module')
def built(volume: Path, volume_env: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, 'SOURCE_DATE_EPOCH': '1900000000'}
    env.pop('PYTHONPATH', None)
    session = subprocess.run(['make', 'new-session', f'VENV={volume_env}', 'PART=day',
                              'KIND=round-table', f'TITLE={SESSION}'],
                             cwd=volume, env=env, capture_output=True, text=True, check=False)
    assert session.returncode == 0, session.stdout + session.stderr
    return subprocess.run(['make', 'book', f'VENV={volume_env}'], cwd=volume, env=env,
                          capture_output=True, text=True, check=False)


def test_a_new_volume_holds_a_whole_book(volume):
    for name in ('book.toml', 'conf.py', 'Makefile', 'requirements.txt', 'index.md',
                 'chapters/day/index.md', 'chapters/day/first-session.md',
                 'locale/fr/LC_MESSAGES/proceedings.po', 'locale/fr/LC_MESSAGES/index.po'):
        assert (volume / name).is_file(), name
    book = (volume / 'book.toml').read_text('utf-8')
    # Every field is commented: each assignment follows a comment line.
    lines = book.splitlines()
    for number, line in enumerate(lines):
        if '=' in line and not line.startswith('#'):
            assert lines[number - 1].startswith('#'), line
    import tomllib
    assert tomllib.loads(book)['book']['title'] == TITLE
    # The toolchain comes from where this one came from; the pins from this environment.
    assert f'TOOLCHAIN     ?= {PROJECT}' in (volume / 'Makefile').read_text('utf-8')
    import sphinx
    assert f'Sphinx=={sphinx.__version__}' in (volume / 'requirements.txt').read_text('utf-8')


def test_its_catalogues_hold_its_texts_untranslated_and_the_toolchains_words(volume):
    result = proceedings('stats', cwd=volume)
    assert result.returncode == 0, result.stderr
    # The volume's own texts are left to translate; the toolchain's words come translated
    # from the checkout's catalogues.
    assert re.search(r'fr: [1-9]\d* of \d+ messages translated', result.stdout), result.stdout
    rows = {line.split()[0]: line.split()[1:4] for line in result.stdout.splitlines()
            if line.strip().endswith('%') and line.split()[0].endswith('.po')}
    assert rows['index.po'][0] == '0' and rows['chapters/day/first-session.po'][0] == '0'
    assert rows['sphinx.po'][2] == '0', rows
    check = proceedings('check-po', 'fr', cwd=volume)
    untranslated = re.findall(r"untranslated: '(.*)'", check.stdout + check.stderr)
    assert 'Cite this chapter' not in untranslated
    assert 'Placeholder: the title of the first session' in untranslated
    # What is translated passes the spelling check, the toolchain's names included.
    spell = proceedings('spell', 'fr', cwd=volume)
    assert spell.returncode == 0, spell.stdout + spell.stderr


def test_it_builds_from_clean_with_its_own_makefile(volume, built):
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]
    site = volume / '_build' / 'site'
    for language in ('en', 'fr'):
        edition = site / language
        assert (edition / f'next-volume-{language}.pdf').stat().st_size > 0
        assert (edition / f'next-volume-{language}.epub').stat().st_size > 0
        home = BeautifulSoup((edition / 'index.html').read_text('utf-8'), 'html.parser')
        assert home.find('html')['lang'] == language
        # The title is text where it lands, as typed.
        heading = home.find('h1')
        heading.find('a', class_='headerlink').decompose()
        assert heading.get_text().strip() == TITLE
        assert home.find('b') is None
        assert home.find('meta', attrs={'name': 'citation_title'})['content'] == TITLE
    french = BeautifulSoup((site / 'fr' / 'chapters' / 'day' / 'first-session.html')
                           .read_text('utf-8'), 'html.parser')
    assert 'Citer ce chapitre' in french.find(class_='chapter-citation').get_text()


def test_the_new_session_is_a_checked_chapter_in_its_part(volume, built):
    assert built.returncode == 0, built.stderr[-3000:]
    part = (volume / 'chapters' / 'day' / 'index.md').read_text('utf-8')
    assert part.index('first-session\nround-table-what-comes-next\n```') > 0
    page = BeautifulSoup((volume / '_build' / 'site' / 'en' / 'chapters' / 'day'
                          / 'round-table-what-comes-next.html').read_text('utf-8'),
                         'html.parser')
    heading = page.find('h1')
    heading.find('a', class_='headerlink').decompose()
    assert heading.get_text().strip() == SESSION
    assert page.find(class_='session-kind').get_text() == 'Round table'
    for piece in ('guiding-questions', 'summary', 'podcast'):
        assert page.find(class_=piece), piece
    # It is in the navigation and the programme, as the part's second session.
    home = (volume / '_build' / 'site' / 'en' / 'index.html').read_text('utf-8')
    assert 'chapters/day/round-table-what-comes-next.html' in home

