"""What each language brings: its packages derived from its code, and its state."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proceedings.cli.packages import packages
from proceedings.core.identity import IdentityError, load
from proceedings.core.languages import hunspell_dictionary, hunspell_package, tex_package
from testing import PROJECT

pytestmark = pytest.mark.extension


@pytest.mark.parametrize('language, dictionary, package, tex', [
    ('fr', 'fr_FR', 'hunspell-fr', 'texlive-lang-french'),
    ('es', 'es_ES', 'hunspell-es', 'texlive-lang-spanish'),
    ('de', 'de_DE', 'hunspell-de-de', 'texlive-lang-german'),
    ('pt', 'pt_BR', 'hunspell-pt-br', 'texlive-lang-portuguese'),
    ('nl', 'nl_NL', 'hunspell-nl', 'texlive-lang-european'),
    ('en', 'en_US', 'hunspell-en-us', ''),
])
def test_a_languages_packages_follow_from_its_code(language, dictionary, package, tex):
    assert hunspell_dictionary(language) == dictionary
    assert hunspell_package(dictionary) == package
    assert tex_package(language) == tex


def test_the_glossary_names_another_dictionary():
    assert hunspell_dictionary('pt', {'pt': 'pt_PT'}) == 'pt_PT'
    assert hunspell_package('pt_PT') == 'hunspell-pt-pt'


def _book(tmp_path: Path, old: str, new: str) -> Path:
    shutil.copy(PROJECT / 'book.toml', tmp_path / 'book.toml')
    path = tmp_path / 'book.toml'
    text = path.read_text('utf-8')
    assert old in text
    path.write_text(text.replace(old, new, 1), 'utf-8')
    return path


def test_make_gets_the_packages_of_every_language(tmp_path):
    path = _book(tmp_path, 'languages = ["en", "fr"]',
                 'languages = ["en", "fr", "es"]\nin_progress = ["es"]')
    assert packages(path, 'tex') == (['texlive-lang-french', 'texlive-lang-spanish'], [])
    assert packages(path, 'spelling') == (['hunspell-fr', 'hunspell-es'], [])
    assert load(path).languages_in_progress == ('es',)
    unknown = _book(tmp_path, 'languages = ["en", "fr"]', 'languages = ["en", "fr", "haw"]')
    assert packages(unknown, 'tex') == (['texlive-lang-french'], ['haw'])


@pytest.mark.parametrize('line', ['in_progress = ["en"]', 'in_progress = ["es"]',
                                  'in_progress = "fr"'])
def test_only_a_translation_of_the_book_can_be_in_progress(tmp_path, line):
    path = _book(tmp_path, 'languages = ["en", "fr"]', f'languages = ["en", "fr"]\n{line}')
    with pytest.raises(IdentityError, match=r'\[book\] in_progress must list translations'):
        load(path)
