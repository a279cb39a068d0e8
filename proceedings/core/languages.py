"""What each language of a book needs on a Debian machine: hyphenation and a dictionary.

A language brings its TeX hyphenation patterns and babel support (``texlive-lang-…``) for
the PDF, and a hunspell dictionary for the spelling check. Both are derived from the
language codes of ``book.toml``, so that ``make`` installs them as it installs French's,
and a language whose needs are unknown here is named rather than skipped.
"""

from __future__ import annotations

from babel.core import get_global

#: Debian's TeX Live collection that holds each language's hyphenation and babel files.
#: English is in every TeX Live (``texlive-base``): it needs none.
TEX_COLLECTIONS = {
    'en': '',
    'fr': 'texlive-lang-french', 'de': 'texlive-lang-german',
    'es': 'texlive-lang-spanish', 'ca': 'texlive-lang-spanish',
    'gl': 'texlive-lang-spanish', 'eu': 'texlive-lang-spanish',
    'it': 'texlive-lang-italian', 'pt': 'texlive-lang-portuguese',
    'pl': 'texlive-lang-polish', 'cs': 'texlive-lang-czechslovak',
    'sk': 'texlive-lang-czechslovak', 'el': 'texlive-lang-greek',
    'ru': 'texlive-lang-cyrillic', 'uk': 'texlive-lang-cyrillic',
    'bg': 'texlive-lang-cyrillic', 'ar': 'texlive-lang-arabic',
    'zh': 'texlive-lang-chinese', 'ja': 'texlive-lang-japanese', 'ko': 'texlive-lang-korean',
    **{code: 'texlive-lang-european' for code in (
        'nl', 'da', 'sv', 'no', 'nb', 'nn', 'fi', 'et', 'lv', 'lt', 'hu', 'is', 'ro', 'sl',
        'hr', 'sr', 'tr', 'cy', 'ga', 'br', 'hy', 'sq')},
}
#: The languages whose Debian hunspell package names a country (hunspell-de-de); every
#: other language's is hunspell-<language> (hunspell-es, hunspell-fr).
HUNSPELL_BY_COUNTRY = frozenset({'de', 'en', 'pt'})


def hunspell_dictionary(language: str, declared: dict[str, str] | None = None) -> str:
    """The hunspell dictionary of *language*: the glossary's, or its most likely region's
    ("es" is es_ES, "pt" pt_BR), as hunspell names its files."""
    if declared and declared.get(language):
        return declared[language]
    if '_' in language or '-' in language:
        return language.replace('-', '_')
    likely = get_global('likely_subtags').get(language, '')
    region = next((part for part in likely.split('_')[1:] if part.isupper() and len(part) == 2),
                  '')
    return f'{language}_{region}' if region else language


def hunspell_package(dictionary: str) -> str:
    """Debian's package of a hunspell dictionary: hunspell-fr for fr_FR, hunspell-de-de…"""
    language, _sep, region = dictionary.partition('_')
    if language in HUNSPELL_BY_COUNTRY and region:
        return f'hunspell-{language}-{region.lower()}'
    return f'hunspell-{language}'


def tex_package(language: str) -> str | None:
    """Debian's TeX Live collection for *language*: '' when TeX Live has it built in,
    None when this toolchain does not know which it is."""
    return TEX_COLLECTIONS.get(language.replace('_', '-').split('-')[0].lower())
