"""Start a volume, and add a session to it: ``proceedings new`` and ``proceedings new-session``.

A new volume is a folder that builds as it is with ``make book``: its ``book.toml`` (every
field commented, every text a placeholder that says so), ``conf.py``, a ``Makefile`` with
the toolchain's targets (it includes the toolchain's make rules, ``proceedings.mk``), a
home page, one part with one session chapter, and a catalogue per page for each
translation, empty but valid. Its ``requirements.txt`` pins the versions
that this toolchain runs with now, and the ``Makefile`` installs the toolchain itself from
where this one came from (``TOOLCHAIN``), so that the volume's own environment builds the
book the way this one would.

A new session is a chapter with the pieces its kind needs, each a placeholder that says
so, written beside its part's page and listed in that page's table of contents.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from proceedings.cli.makefile import RULES
from proceedings.core.identity import IdentityError, load
from proceedings.po import WIDTH

if TYPE_CHECKING:
    import argparse

#: The files a new volume starts with, as templates.
TEMPLATES = Path(__file__).resolve().parent / 'new-volume'
DISTRIBUTION = 'proceedings-toolchain'
#: The extras of the toolchain that a volume's environment has: `make serve`'s preview.
VOLUME_EXTRAS = ('serve',)
#: The hunspell dictionary of a language, where it is not <code>_<CODE>.
HUNSPELL_DICTIONARIES = {'en': 'en_GB', 'fr': 'fr_FR'}
#: The part and session a new volume starts with.
FIRST_PART = 'day'
FIRST_SESSION = 'first-session'
#: A name of a chapter file: what a toctree entry and a URL take without escaping.
NAME = re.compile(r'[a-z0-9][a-z0-9-]{0,79}')
#: A part declared by a part page, in a backtick or colon fence.
DAY_PART = re.compile(r'^[ \t]*(?:`{3,}|:{3,})\{day-part\}[ \t]+(\S+)', re.M)
TOCTREE = re.compile(r'^([ \t]*)(`{3,}|:{3,})\{toctree\}[^\n]*\n', re.M)
#: Characters that MyST would read as markup in a heading; a backslash makes each literal.
MARKDOWN_PUNCTUATION = re.compile(r'([\\`*_\[\]{}<>()#+!|~$&])')


class ScaffoldError(Exception):
    """What cannot be written, and why, in one line."""


# -- Escaping for where a text lands --------------------------------------------------------


def toml_value(value: object) -> str:
    """*value* as TOML: a basic string with its escapes, or a list of them."""
    if isinstance(value, (list, tuple)):
        return '[' + ', '.join(toml_value(item) for item in value) + ']'
    return json.dumps(str(value), ensure_ascii=False)  # JSON's string escapes are TOML's


def markdown_text(text: str) -> str:
    """*text* as literal MyST inline text: no markup, a role or a link of its own."""
    return MARKDOWN_PUNCTUATION.sub(r'\\\1', text)


def one_line(text: str, what: str) -> str:
    text = ' '.join(text.split())
    if not text:
        raise ScaffoldError(f'the {what} is empty')
    if any(unicodedata.category(c) in ('Cc', 'Cf') for c in text):
        raise ScaffoldError(f'the {what} holds a control character')
    return text


def file_name(title: str) -> str:
    """A chapter's file name from its title: ASCII letters and digits, joined by hyphens."""
    ascii_title = unicodedata.normalize('NFKD', title).encode('ascii', 'ignore').decode()
    return re.sub(r'[^a-z0-9]+', '-', ascii_title.lower()).strip('-')[:80].strip('-')


def _templates() -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), keep_trailing_newline=True,
                      undefined=StrictUndefined, autoescape=False)
    env.filters['toml'] = toml_value
    env.filters['md'] = markdown_text
    return env


# -- What the volume's environment installs --------------------------------------------------


def toolchain_source() -> str:
    """Where this toolchain was installed from, as pip takes it: a folder, a wheel, or
    the distribution's name and version when it came from a package index."""
    try:
        found = importlib.metadata.distribution(DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError:
        found = None
    if found is not None:
        direct = found.read_text('direct_url.json')
        if direct:
            url = json.loads(direct).get('url', '')
            if url.startswith('file://'):
                return unquote(urlsplit(url).path)
        return f'{DISTRIBUTION}=={found.version}'
    # Run from a checkout without being installed: the checkout is the toolchain.
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / 'pyproject.toml').is_file():
        return str(checkout)
    from proceedings import __version__
    return f'{DISTRIBUTION}=={__version__}'


def pinned_requirements() -> list[str]:
    """The toolchain's requirements and theirs, at the versions installed here."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins: dict[str, str] = {}
    pending = [(DISTRIBUTION, VOLUME_EXTRAS)]
    while pending:
        name, extras = pending.pop()
        try:
            found = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            continue
        for text in found.requires or ():
            requirement = Requirement(text)
            if requirement.marker and not any(
                    requirement.marker.evaluate({'extra': extra}) for extra in ('', *extras)):
                continue
            key = canonicalize_name(requirement.name)
            if key in pins:
                continue
            try:
                version = importlib.metadata.version(requirement.name)
            except importlib.metadata.PackageNotFoundError:
                continue
            pins[key] = f'{requirement.name}=={version}'
            pending.append((requirement.name, tuple(requirement.extras)))
    # `pip install --no-build-isolation` builds the toolchain with the pinned backend.
    try:
        pins.setdefault('setuptools', f'setuptools=={importlib.metadata.version("setuptools")}')
    except importlib.metadata.PackageNotFoundError:
        pass
    return sorted(pins.values(), key=str.lower)


def requirements_text() -> str:
    lines = [
        '# What builds this volume, pinned: the versions the proceedings toolchain ran with',
        '# when `proceedings new` started the volume. `make` installs these, then the',
        '# toolchain itself (the Makefile\'s TOOLCHAIN) without its dependencies.',
        *pinned_requirements(),
    ]
    return '\n'.join(lines) + '\n'


# -- Catalogues -------------------------------------------------------------------------------


def empty_catalogue(language: str, project: str) -> str:
    """A catalogue with its header and no message yet: `make update-po` fills it."""
    from io import BytesIO

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    catalogue = Catalog(locale=language, project=project, fuzzy=False, creation_date=now,
                        revision_date=now, copyright_holder='the translators of the volume',
                        header_comment=f'# The {language} translations of {project}; '
                                       '`make update-po` keeps them in step.')
    out = BytesIO()
    write_po(out, catalogue, width=WIDTH, omit_header=False)
    return out.getvalue().decode('utf-8')


# -- proceedings new --------------------------------------------------------------------------


def new_volume(folder: Path, title: str, slug: str, date: dt.date,
               languages: tuple[str, ...]) -> list[Path]:
    """Write a new volume into *folder* (absent or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ScaffoldError(f'{folder}: already exists and is not an empty folder; '
                            'name a new one')
    title = one_line(title, 'title')
    if not re.fullmatch(r'[A-Za-z0-9][A-Za-z0-9._-]{0,99}', slug):
        raise ScaffoldError(f'the slug {slug!r} must be a file name of letters, digits and '
                            '. _ - (starting with a letter or digit)')
    env = _templates()
    context = {
        'title': title, 'slug': slug, 'date': date.isoformat(), 'event': title,
        'languages': list(languages), 'part': FIRST_PART, 'part_title': 'The day',
        'session': FIRST_SESSION,
    }
    files = {
        'book.toml': env.get_template('book.toml.jinja').render(context),
        'conf.py': (TEMPLATES / 'conf.py').read_text('utf-8'),
        'Makefile': (TEMPLATES / 'Makefile').read_text('utf-8').replace(
            '@TOOLCHAIN@', toolchain_source()).replace('@MAKE_RULES@', str(RULES)),
        'requirements.txt': requirements_text(),
        '.gitignore': (TEMPLATES / 'gitignore').read_text('utf-8'),
        'index.md': env.get_template('index.md.jinja').render(context),
        '404.md': (TEMPLATES / '404.md.jinja').read_text('utf-8'),
        f'chapters/{FIRST_PART}/index.md': env.get_template('part.md.jinja').render(context),
    }
    if languages[1:]:
        files['locale/glossary.toml'] = env.get_template('glossary.toml.jinja').render(
            context, dictionaries=HUNSPELL_DICTIONARIES)
    written = []
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding='utf-8')
        written.append(path)
    identity = load(folder / 'book.toml')
    written.append(write_session(folder, identity, FIRST_PART, 'Placeholder: the title of the '
                                 'first session', name=FIRST_SESSION, listed=False))
    pages = ['index', '404', f'chapters/{FIRST_PART}/index',
             f'chapters/{FIRST_PART}/{FIRST_SESSION}']
    for language in languages[1:]:
        for domain in [*pages, 'proceedings', 'sphinx']:
            path = folder / 'locale' / language / 'LC_MESSAGES' / f'{domain}.po'
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(empty_catalogue(language, title), encoding='utf-8')
            written.append(path)
    if languages[1:]:
        fill_catalogues(folder)
        toolchain = Path(toolchain_source())
        if toolchain.is_dir():
            seed_interface(folder, toolchain / 'locale', languages[1:])
    return written


#: The catalogues of the words that the toolchain writes, whatever the volume: the
#: extension's labels, the theme's interface, and the page a volume starts with for an
#: address that has none.
INTERFACE_CATALOGUES = ('proceedings.po', 'sphinx.po', '404.po')


def seed_interface(folder: Path, locale: Path, languages: tuple[str, ...]) -> None:
    """Give the new volume the translations of the toolchain's own words that the
    toolchain's checkout has (its labels, the theme's words), so that a new edition in
    French is French around its texts; the volume's own texts stay untranslated."""
    from babel.messages.pofile import read_po, write_po

    for language in languages:
        for name in INTERFACE_CATALOGUES:
            known_path = locale / language / 'LC_MESSAGES' / name
            path = folder / 'locale' / language / 'LC_MESSAGES' / name
            if not known_path.is_file() or not path.is_file():
                continue
            with known_path.open('rb') as handle:
                known = read_po(handle, locale=language)
            with path.open('rb') as handle:
                catalogue = read_po(handle, locale=language)
            for message in catalogue:
                if not message.id or message.string:
                    continue
                found = known.get(message.id, message.context)
                if found is not None and found.string and not found.fuzzy:
                    message.string = found.string
            with path.open('wb') as handle:
                write_po(handle, catalogue, width=WIDTH)


def fill_catalogues(folder: Path) -> None:
    """Give each catalogue the volume's texts, untranslated: `make update-po`'s work, so
    that `make stats` counts from the start what is left to translate."""
    import shutil
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix='proceedings-new-') as work:
        steps = [
            [sys.executable, '-m', 'sphinx', '-M', 'gettext', '.', work, '-q'],
            [sys.executable, '-m', 'proceedings', 'update-po', '--pot',
             str(Path(work) / 'gettext')],
        ]
        for command in steps:
            result = subprocess.run(command, cwd=folder, capture_output=True, text=True,
                                    check=False)
            if result.returncode:
                raise ScaffoldError(
                    f'the texts of the new volume could not be extracted into its catalogues '
                    f'({" ".join(command[2:4])}): {(result.stderr or result.stdout).strip()}')
    for built in folder.rglob('*.mo'):
        built.unlink()
    shutil.rmtree(folder / '_build', ignore_errors=True)


# -- proceedings new-session ------------------------------------------------------------------


def kinds_of(identity) -> dict[str, tuple[str, ...]]:
    """Each kind of session the volume declares, with the pieces its chapters need."""
    return {key: tuple(piece for piece in kind.pieces if piece in kind.requires)
            for key, kind in identity.kinds.items()}


def part_pages(source: Path) -> dict[str, Path]:
    """Each part declared by a page of the book, with that page."""
    found: dict[str, Path] = {}
    for path in sorted(source.rglob('*.md')):
        relative = path.relative_to(source)
        if relative.parts[0] in ('_build', '.venv', 'locale') or relative.parts[0].startswith('.'):
            continue
        for match in DAY_PART.finditer(path.read_text(encoding='utf-8')):
            found.setdefault(match.group(1), path)
    return found


def session_text(identity, title: str, kind: str, part: str, pieces: tuple[str, ...]) -> str:
    blocks = [f'# {markdown_text(title)}',
              f'```{{session}}\n:kind: {kind}\n:part: {part}\n```']
    for piece in pieces:
        if piece == 'guiding-questions':
            blocks.append('```{guiding-questions}\n'
                          '- Placeholder: a question that the session asked?\n```')
        elif piece == 'summary':
            blocks.append('```{summary}\nPlaceholder: one to three paragraphs, in your own '
                          'words, on what the session was about, as its sources say it.\n```')
        elif piece == 'abstract':
            blocks.append('```{abstract}\nPlaceholder: the abstract of the paper.\n```')
        elif piece == 'podcast':
            # The platform's home page: the book says that the recording's own address is
            # not known yet, until an editor writes it here.
            blocks.append(f'```{{podcast}} {identity.recordings_url}\n'
                          f':language: {identity.recordings_language}\n```')
        else:
            blocks.append(f'```{{{piece}}}\nPlaceholder: the {piece.replace("-", " ")} of '
                          'the session.\n```')
    return '\n\n'.join(blocks) + '\n'


def add_to_toctree(page: Path, entry: str) -> str:
    """The text of *page* with *entry* last in its first table of contents."""
    text = page.read_text(encoding='utf-8')
    match = TOCTREE.search(text)
    if match is None:
        return text.rstrip('\n') + f'\n\n```{{toctree}}\n:maxdepth: 1\n\n{entry}\n```\n'
    indent, fence = match.group(1), match.group(2)
    closing = re.compile(rf'^{re.escape(indent)}{re.escape(fence)}[ \t]*$', re.M)
    end = closing.search(text, match.end())
    if end is None:
        raise ScaffoldError(f'{page}: its table of contents has no closing {fence}')
    body = text[match.end():end.start()]
    if entry in {line.strip() for line in body.splitlines()}:
        raise ScaffoldError(f'{page}: its table of contents already lists {entry}')
    if body and not body.endswith('\n'):
        body += '\n'
    return text[:match.end()] + body + f'{indent}{entry}\n' + text[end.start():]


def write_session(source: Path, identity, part: str, title: str, kind: str | None = None,
                  name: str | None = None, listed: bool = True) -> Path:
    """Write a session chapter for *part*; list it in the part page's table of contents."""
    title = one_line(title, 'title of the session')
    kinds = kinds_of(identity)
    kind = kind or next(iter(kinds), '')
    if kind not in kinds:
        raise ScaffoldError(f'there is no kind of session {kind!r} in {identity.path.name}; '
                            f'the kinds are: {", ".join(kinds) or "none ([kinds.<name>])"}')
    parts = part_pages(source)
    if part not in parts:
        known = ', '.join(parts) or 'none (a part page declares one with {day-part})'
        raise ScaffoldError(f'there is no part {part!r} in the book; its parts are: {known}')
    name = name if name is not None else file_name(title)
    if not NAME.fullmatch(name):
        raise ScaffoldError(f'the file name {name!r} must be lower-case letters, digits and '
                            'hyphens (--name …)')
    page = parts[part]
    chapter = page.parent / f'{name}.md'
    if chapter.exists():
        raise ScaffoldError(f'{chapter.relative_to(source)} already exists; choose another '
                            'name (--name …)')
    updated = add_to_toctree(page, name) if listed else None
    chapter.write_text(session_text(identity, title, kind, part, kinds[kind]), encoding='utf-8')
    if updated is not None:
        page.write_text(updated, encoding='utf-8')
    return chapter


# -- The commands -----------------------------------------------------------------------------


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ScaffoldError(f'the date {text!r} must be written YYYY-MM-DD') from None


def run_new(args: argparse.Namespace) -> int:
    """``proceedings new DIR``."""
    folder = args.folder
    try:
        date = _date(args.date) if args.date else dt.date.today()
        languages = tuple(args.languages.split(',')) if args.languages else ('en', 'fr')
        written = new_volume(folder, args.title or 'Placeholder: the title of the volume',
                             args.slug or file_name(folder.resolve().name) or 'volume',
                             date, languages)
    except (ScaffoldError, IdentityError) as exc:
        print(f'proceedings new: {exc}', file=sys.stderr)
        return 1
    print(f'A new volume in {folder} ({len(written)} files). Next: replace the placeholders '
          f'of {folder / "book.toml"}, then run `make book` in {folder}.')
    return 0


def run_new_session(args: argparse.Namespace) -> int:
    """``proceedings new-session --part PART TITLE``."""
    source = args.source
    try:
        identity = load(source / 'book.toml')
        chapter = write_session(source, identity, args.part, args.title, kind=args.kind,
                                name=args.name)
    except (ScaffoldError, IdentityError) as exc:
        print(f'proceedings new-session: {exc}', file=sys.stderr)
        return 1
    print(f'{chapter.relative_to(source)}: a new session, listed in its part\'s contents. '
          'Replace its placeholders with what the sources say.')
    return 0
