"""The spelling of the translations, with hunspell and the book's glossary.

The glossary (``locale/glossary.toml``) is the one list of the field's terms and of the
names that stay as they are: translators read it, and this check accepts every word of
it. An entry of several words ("Read the Docs") is taken out of the text before the check
rather than added word by word, so that "the" does not become a French word.

The messages are cleaned with the same MyST parser as the markup check: code, addresses,
roles and placeholders never reach the dictionary. pospell does the same for
reStructuredText; it would read a MyST link's address as words.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from proceedings.po.pofile import Problem

GLOSSARY = Path('locale') / 'glossary.toml'
#: Spaces a French translation types around punctuation; phrases match across them.
SPACES = re.compile(r'[\s\u00a0\u202f]+')


class SpellingError(Exception):
    """The check cannot run: the message says what to install or fix."""


@dataclass
class Glossary:
    path: Path
    dictionaries: dict[str, str] = field(default_factory=dict)
    names: list[str] = field(default_factory=list)
    words: dict[str, list[str]] = field(default_factory=dict)
    terms: list[dict] = field(default_factory=list)

    def accepted(self, language: str) -> tuple[list[str], set[str]]:
        """What a text in *language* may contain: phrases of several words, and words."""
        entries = list(self.names) + list(self.words.get(language, []))
        for term in self.terms:
            entries += term.get(language, [])
        phrases = sorted({' '.join(SPACES.split(e.strip()))
                          for e in entries if SPACES.search(e.strip())}, key=len, reverse=True)
        words = set()
        for entry in entries:
            if not SPACES.search(entry.strip()):
                words.add(entry.strip())
                # hunspell splits inclusive forms at the middle dot: pair-aidant·e
                words.update(part for part in entry.split('·') if len(part) > 1)
        return phrases, words


def load_glossary(path: Path) -> Glossary:
    """Read the glossary; a mistake in it names the file and line."""
    try:
        data = tomllib.loads(path.read_text(encoding='utf-8'))
    except FileNotFoundError:
        raise SpellingError(f'{path}: the glossary is missing') from None
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r'line (\d+)', str(exc))
        where = f'{path}:{match.group(1)}' if match else str(path)
        raise SpellingError(f'{where}: not valid TOML: {exc}') from None
    glossary = Glossary(path)

    def strings(value: object, where: str) -> list[str]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise SpellingError(f'{path}: {where} must be a list of words, in double quotes')
        return value

    dictionaries = data.get('dictionaries', {})
    if not isinstance(dictionaries, dict) or not all(
            isinstance(v, str) for v in dictionaries.values()):
        raise SpellingError(f'{path}: [dictionaries] maps a language to a hunspell '
                            'dictionary: fr = "fr_FR"')
    glossary.dictionaries = dictionaries
    glossary.names = strings(data.get('names', {}).get('all', []), '[names] all')
    glossary.words = {lang: strings(v, f'[words] {lang}')
                      for lang, v in data.get('words', {}).items()}
    for number, term in enumerate(data.get('terms', []), 1):
        if not isinstance(term, dict) or not isinstance(term.get('en'), str):
            raise SpellingError(f'{path}: term {number} ([[terms]]) needs en = "…"')
        glossary.terms.append({
            key: (value if key in ('en', 'note') else strings(value, f'term {term["en"]!r}: {key}'))
            for key, value in term.items()
        })
    return glossary


@dataclass
class Text:
    """A translation to check: where it is, and its words without markup."""

    path: Path
    line: int
    text: str
    lines: list[str] = field(default_factory=list)  # the file's lines, to find a word


def available_dictionaries() -> set[str]:
    """The dictionaries hunspell finds (none without hunspell: the check then says so)."""
    if shutil.which('hunspell') is None:
        raise SpellingError('the spelling check needs hunspell: run `make po-tools`, or '
                            'sudo apt-get install hunspell')
    result = subprocess.run(['hunspell', '-D'], input='', capture_output=True, text=True,
                            check=False)
    found = set()
    for line in (result.stdout + result.stderr).splitlines():
        if line.startswith('/'):
            found.add(Path(line.strip()).name)
    return found


def check(texts: list[Text], language: str, glossary: Glossary) -> list[Problem]:
    """Every unknown word of *texts*, at its line; *language* has a dictionary in *glossary*."""
    dictionary = glossary.dictionaries[language]
    if shutil.which('hunspell') is None:
        raise SpellingError('the spelling check needs hunspell: run `make po-tools`, or '
                            'sudo apt-get install hunspell')
    if dictionary not in available_dictionaries():
        raise SpellingError(f'hunspell has no {dictionary} dictionary for {language!r}: run '
                            '`make po-tools`, or install the package that provides it '
                            f'(Debian: apt-cache search hunspell-{language})')
    phrases, words = glossary.accepted(language)
    lines = []
    for text in texts:
        plain = ' '.join(SPACES.split(text.text))
        for phrase in phrases:
            plain = plain.replace(phrase, ' ')
        lines.append(plain)
    with tempfile.NamedTemporaryFile('w', encoding='utf-8', suffix='.dic') as personal:
        personal.write('\n'.join(sorted(words)) + '\n')
        personal.flush()
        # One line per message, each behind "^" so that hunspell never reads it as a command.
        result = subprocess.run(
            ['hunspell', '-a', '-i', 'utf-8', '-d', dictionary, '-p', personal.name],
            input=''.join(f'^{line}\n' for line in lines), capture_output=True,
            encoding='utf-8', check=False,
        )
    if result.returncode:
        raise SpellingError(f'hunspell failed: {result.stderr.strip()}')
    problems = []
    index = 0
    glossary_path = glossary.path
    if glossary_path.is_relative_to(Path.cwd()):
        glossary_path = glossary_path.relative_to(Path.cwd())
    for line in result.stdout.splitlines()[1:]:  # the first line is hunspell's banner
        if not line:
            index += 1
        elif line[0] in '&#' and index < len(texts):
            word = line.split()[1].rstrip('.')
            if word in words:
                continue
            text = texts[index]
            problems.append(Problem(text.path, _line_of(text, word),
                                    f'unknown word {word!r}: correct it, or add it to '
                                    f'{glossary_path.as_posix()} if it is right'))
    return problems


def _line_of(text: Text, word: str) -> int:
    """The line of the msgstr that holds *word* (a long translation spans several)."""
    for offset, line in enumerate(text.lines[text.line - 1:], 0):
        if offset and not line.startswith('"'):
            break
        if word in line:
            return text.line + offset
    return text.line
