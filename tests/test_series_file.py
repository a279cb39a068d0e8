"""The series file, read without a build: what ``proceedings series`` says of a mistake."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from testing import PROJECT

pytestmark = pytest.mark.extension

EXAMPLE = PROJECT / 'examples' / 'expeerts-conference-2019'


def series(tmp_path: Path, text: str) -> subprocess.CompletedProcess:
    path = tmp_path / 'series.toml'
    path.write_text(text, 'utf-8')
    return subprocess.run([sys.executable, '-m', 'proceedings', 'series', str(path),
                           '--builddir', str(tmp_path / 'build')],
                          capture_output=True, text=True, check=False)


HEAD = '[series]\ntitle = "A series"\nlanguages = ["en", "fr"]\n'


@pytest.mark.parametrize(('text', 'message'), [
    ('[series]\nlanguages = ["en"]\n[[volumes]]\npath = "x"\n',
     '[series] needs title = "<the name of the series>"'),
    (HEAD, 'needs one [[volumes]] table per volume, with its path'),
    (HEAD + '[[volumes]]\npath = "nowhere"\n',
     'volume 1: {tmp}/nowhere/book.toml: the book identity file is missing'),
    (HEAD + f'[[volumes]]\npath = "{EXAMPLE}"\n[[volumes]]\npath = "{EXAMPLE}"\n',
     "two volumes have the slug 'expeerts-conference-2019'"),
    (HEAD + 'base_url = "javascript:alert(1)"\n[[volumes]]\npath = "x"\n',
     "base_url 'javascript:alert(1)' is not the absolute https:// or http:// address"),
    ('[series\n', 'not valid TOML'),
])
def test_a_mistake_in_the_series_file_is_named_in_one_message(tmp_path, text, message):
    result = series(tmp_path, text)
    assert result.returncode == 1
    assert message.format(tmp=tmp_path) in result.stderr, result.stderr
    assert 'Traceback' not in result.stderr
    assert not (tmp_path / 'build' / 'site').exists()


def test_the_volumes_are_described_for_their_pages_in_each_language(tmp_path):
    from proceedings.cli.series import description, load_series

    path = tmp_path / 'series.toml'
    path.write_text(HEAD + '[series.title_translations]\nfr = "Une série"\n'
                    f'[[volumes]]\npath = "{EXAMPLE}"\n[[volumes]]\npath = "{PROJECT}"\n',
                    'utf-8')
    described = description(load_series(path), 'expeerts-conference-2019')
    assert described['title'] == {'en': 'A series', 'fr': 'Une série'}
    # By date, whatever the file's order.
    assert [v['slug'] for v in described['volumes']] == [
        'expeerts-study-day-2018', 'expeerts-conference-2019']
    conference = described['volumes'][1]['in']
    assert conference['en'] == {'title': 'EXPEERTs Conference 2019',
                                'date': '14–15 November 2019', 'language': 'en'}
    assert conference['fr'] == {'title': 'Colloque EXPAIRs 2019',
                                'date': '14–15 novembre 2019', 'language': 'fr'}


def test_the_example_is_translated_and_its_catalogues_pass_the_checks():
    result = subprocess.run([sys.executable, '-m', 'proceedings', 'check-po', 'fr'],
                            cwd=EXAMPLE, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    for built in EXAMPLE.rglob('*.mo'):
        built.unlink()  # compiled by the check: keep the example as it is in git
