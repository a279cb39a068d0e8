"""Another volume of the series: a book outside this repository, with the toolchain installed.

The toolchain is built into a wheel and installed by pip into a folder of its own, as a
book's own environment would have it: nothing of this repository (no ``proceedings/``
beside the book, no templates or style sheet to copy) is on the book's path.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from testing import PROJECT

pytestmark = pytest.mark.builds

CONF = """\
extensions = ['myst_parser', 'proceedings']
root_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'furo'
html_sidebars = {'**': ['sidebar/brand.html', 'sidebar/search.html', 'sidebar/editions.html',
                        'sidebar/scroll-start.html', 'sidebar/navigation.html',
                        'sidebar/scroll-end.html']}
latex_engine = 'xelatex'
latex_elements = {'papersize': 'a4paper'}
"""

BOOK = """\
[book]
slug = "next-volume"
title = "The Next Volume"
subtitle = "A study day of the series, in one language"
editors = ["The Editors"]
publisher = "The Programme"
languages = ["en"]

[event]
name = "Study Day 2030"
date = 2030-03-14
place = "Somewhere"

[recordings]
platform = "The Platform"
platform_url = "https://recordings.example.org/"
language = "en"

[kinds.plenary]
label = "Plenary"
requires = ["guiding-questions", "summary", "podcast"]
"""

INDEX = """\
# The Next Volume

```{book-identity}
```

```{toctree}
:maxdepth: 2

day/index
```
"""

PART = """\
# The day

```{day-part} day
```

```{toctree}
keynote
```
"""

SESSION = """\
# The keynote

```{session}
:kind: plenary
:part: day
```

```{guiding-questions}
- What did the keynote ask?
```

```{summary}
What the keynote said, in a few words.
```

```{podcast} https://recordings.example.org/keynote
```
"""


@pytest.fixture(scope='module')
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The toolchain as pip installs it from its wheel, into a folder of its own."""
    work = tmp_path_factory.mktemp('install')
    # The distribution's own files, so that building it leaves the checkout untouched.
    source = work / 'source'
    source.mkdir()
    for name in ('pyproject.toml', 'README.md'):
        shutil.copy2(PROJECT / name, source / name)
    shutil.copytree(PROJECT / 'proceedings', source / 'proceedings',
                    ignore=shutil.ignore_patterns('__pycache__'))
    pip = [sys.executable, '-m', 'pip', '--disable-pip-version-check', '-q']
    subprocess.run([*pip, 'wheel', '--no-deps', '--no-build-isolation', '-w', work / 'wheel',
                    source], check=True, capture_output=True)
    wheel = next((work / 'wheel').glob('proceedings_toolchain-*.whl'))
    target = work / 'site-packages'
    subprocess.run([*pip, 'install', '--no-deps', '--target', target, wheel], check=True,
                   capture_output=True)
    return target


@pytest.fixture(scope='module')
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp('next-volume')
    for name, text in {'conf.py': CONF, 'book.toml': BOOK, 'index.md': INDEX,
                       'day/index.md': PART, 'day/keynote.md': SESSION}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding='utf-8')
    return root


def environment(installed: Path) -> dict[str, str]:
    # The book's Python finds the installed toolchain first, before this checkout's.
    return {**os.environ, 'PYTHONPATH': os.fspath(installed), 'SOURCE_DATE_EPOCH': '1900000000'}


def test_the_installed_toolchain_is_the_wheels(installed, book):
    result = subprocess.run(
        [sys.executable, '-c', 'import proceedings, sys; print(proceedings.__file__)'],
        cwd=book, env=environment(installed), capture_output=True, text=True, check=True)
    assert Path(result.stdout.strip()).is_relative_to(installed)
    assert (installed / 'bin' / 'proceedings').is_file()


def test_a_book_outside_the_repository_publishes(installed, book):
    result = subprocess.run([installed / 'bin' / 'proceedings', 'publish'], cwd=book,
                            env=environment(installed), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    site = book / '_build' / 'site'
    edition = site / 'en'
    package = installed / 'proceedings' / 'sphinx_ext'
    # The style sheet and the templates came with the toolchain.
    assert ((edition / '_static' / 'proceedings.css').read_bytes()
            == (package / 'static' / 'proceedings.css').read_bytes())
    home = BeautifulSoup((edition / 'index.html').read_text('utf-8'), 'html.parser')
    assert home.find('nav', class_='sidebar-editions')
    assert home.find('meta', attrs={'name': 'citation_title'})['content'] == 'The Next Volume'
    assert home.find('meta', attrs={'http-equiv': 'Content-Security-Policy'})
    assert home.find(class_='book-event').get_text() == '14 March 2030 · Somewhere'
    session = BeautifulSoup((edition / 'day' / 'keynote.html').read_text('utf-8'), 'html.parser')
    for piece in ('guiding-questions', 'summary', 'podcast', 'chapter-citation'):
        assert session.find(class_=piece), piece
    assert (edition / 'next-volume-en.pdf').stat().st_size > 0
    assert (edition / 'next-volume-en.epub').stat().st_size > 0
    assert 'The Next Volume' in (site / 'index.html').read_text('utf-8')


def test_its_translators_tools_work(installed, book):
    result = subprocess.run([installed / 'bin' / 'proceedings', 'stats'], cwd=book,
                            env=environment(installed), capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert 'no translation yet' in result.stdout
