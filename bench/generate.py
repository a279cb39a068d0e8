"""Synthetic proceedings: N session chapters of this project, in parts, in two languages.

    python -m bench.generate DEST --sessions 200 [--per-part 20] [--days 0] [--variety]

A generated book is laid out like the real one (``index.md``, ``chapters/<part>/index.md``
declaring its part with ``{day-part}``, one chapter per session with its four pieces) and
builds with the project's own ``conf.py``, templates and extension: the generated
``conf.py`` runs the project's. Its French catalogues are complete, written from the
same pairs of texts as the chapters (``bench.texts``).

``--days`` nests the parts in days (index, day, part, session: one more level in the
navigation); ``--variety`` adds what a navigation test must also see: a part title with
markup and characters that HTML escapes, a hidden toctree with an external link and the
index, a ``self`` entry, ``titlesonly``, sections inside sessions and an orphan page.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bench import texts
from proceedings.po import WIDTH

PROJECT = Path(__file__).resolve().parent.parent
LANGUAGE = 'fr'
#: What the synthetic book takes from the project as it is (its icon); the templates and
#: styles come with the installed toolchain.
LINKED = ('_static',)
COPIED_CATALOGUES = ('proceedings.po', 'sphinx.po')

CONF = '''\
"""A synthetic book of the benchmark (bench/generate.py), configured by the project's conf.py.

Running the project's own conf.py keeps the book's settings the real book's, whatever
they become. Only the sidebars change, when a reference theme other than furo is asked
for with -D html_theme=...: furo's sidebar templates do not exist in other themes.
"""

with open({conf!r}, encoding='utf-8') as _conf:
    exec(compile(_conf.read(), {conf!r}, 'exec'))
_project_setup = globals().get('setup')
# The book's navigation lists the index among its special pages (a varied tree for the
# navigation's tests), so this book has one, unlike the real book.
html_use_index = True
# Nor has it an accessibility statement: its footers link to none.
proceedings_accessibility_page = ''


def _reference_theme_sidebars(app, config):
    if config.html_theme != 'furo':
        config.html_sidebars = {{}}


def setup(app):
    if _project_setup is not None:
        _project_setup(app)
    app.connect('config-inited', _reference_theme_sidebars)
'''


@dataclass
class Document:
    """One page: its MyST source, and each of its messages with the French translation."""

    docname: str
    source: str
    messages: list[tuple[str, str]] = field(default_factory=list)

    def say(self, pair: tuple[str, str], **values: object) -> str:
        """The English text of *pair*, noting its translation for the catalogue.

        A value given as an (English, French) pair fills each language with its own word.
        """
        english, french = (
            text.format(**{name: value[i] if isinstance(value, tuple) else value
                           for name, value in values.items()})
            for i, text in enumerate(pair)
        )
        self.messages.append((english, french))
        return english


@dataclass(frozen=True)
class Session:
    docname: str
    number: int
    part: str


@dataclass
class Book:
    root: Path
    sessions: list[Session]
    docnames: list[str]
    variety: bool


def _toctree(entries: list[str], *options: str) -> str:
    lines = ['```{toctree}', *options]
    if options:
        lines.append('')
    return '\n'.join([*lines, *entries, '```'])


def session_document(session: Session, *, variety: bool = False, edited: bool = False) -> Document:
    """A complete session chapter: session, guiding questions, summary, podcast."""
    n = session.number
    topic = texts.FIELDS[n % len(texts.FIELDS)]
    doc = Document(session.docname, '')
    title = doc.say(texts.SESSION_TITLE, n=n, field=topic)
    questions = [doc.say(pair, n=n, field=topic) for pair in texts.QUESTIONS]
    summary = [doc.say(pair, n=n, field=topic) for pair in texts.SUMMARY]
    if edited:
        english, french = doc.messages.pop()
        summary[-1] = doc.say((english + texts.EDIT[0], french + texts.EDIT[1]))
    blocks = [
        f'# {title}',
        '```{session}\n:kind: %s\n:part: %s\n```'
        % ('plenary' if n % 2 else 'round-table', session.part),
        '```{guiding-questions}\n%s%s\n```' % (
            ':derived:\n' if n % 3 == 0 else '',
            '\n'.join(f'- {question}' for question in questions),
        ),
        '```{summary}\n%s\n```' % '\n\n'.join(summary),
        f'```{{podcast}} https://recordings.example.org/session-{n:04d}\n:language: fr\n```',
    ]
    if variety and n % 4 == 1:
        blocks += [f'## {doc.say(texts.DISCUSSION_TITLE)}', doc.say(texts.DISCUSSION)]
    doc.source = '\n\n'.join(blocks) + '\n'
    return doc


def plan_book(sessions: int, *, per_part: int = 20, days: int = 0,
              variety: bool = False) -> tuple[list[Document], list[Session]]:
    """Every page of a book of *sessions* sessions, in parts of at most *per_part*."""
    if sessions < 1:
        raise ValueError('a book needs at least one session')
    part_count = max(2 if sessions > 1 else 1, math.ceil(sessions / per_part))
    day_count = min(days, part_count) if days else 0
    documents: list[Document] = []
    all_sessions: list[Session] = []

    index = Document('index', '')
    title = index.say(texts.BOOK_TITLE, sessions=sessions)
    intro = index.say(texts.BOOK_INTRO)
    contents = index.say(texts.CONTENTS)
    top_entries = ['chapters/introduction']

    introduction = Document('chapters/introduction', '')
    introduction.source = '\n\n'.join([
        f'# {introduction.say(texts.INTRODUCTION_TITLE)}',
        *(introduction.say(pair) for pair in texts.INTRODUCTION),
    ]) + '\n'
    documents.append(introduction)

    # Parts, spread evenly over the days, sessions spread evenly over the parts.
    part_folders = []
    for k in range(part_count):
        folder = f'chapters/part-{k + 1:02d}'
        if day_count:
            folder = f'chapters/day-{k * day_count // part_count + 1}/part-{k + 1:02d}'
        part_folders.append(folder)
    session_number = 0
    for k, folder in enumerate(part_folders):
        size = sessions * (k + 1) // part_count - sessions * k // part_count
        part_name = f'part-{k + 1:02d}'
        part = Document(f'{folder}/index', '')
        part_title = texts.MARKED_PART_TITLE if variety and k == 0 else texts.PART_TITLE
        heading = part.say(part_title, part=k + 1, theme=texts.THEMES[k % len(texts.THEMES)])
        entries = []
        if variety and k == 0:
            entries.append('self')
        for _ in range(size):
            session_number += 1
            session = Session(f'{folder}/session-{session_number:04d}', session_number, part_name)
            all_sessions.append(session)
            documents.append(session_document(session, variety=variety))
            entries.append(session.docname.rsplit('/', 1)[1])
        part.source = '\n\n'.join([
            f'# {heading}',
            f'```{{day-part}} {part_name}\n```',
            part.say(texts.PART_TEXT),
            _toctree(entries, ':maxdepth: 1'),
        ]) + '\n'
        documents.append(part)

    if day_count:
        for day in range(1, day_count + 1):
            doc = Document(f'chapters/day-{day}/index', '')
            entries = [f'{folder.rsplit("/", 1)[1]}/index' for folder in part_folders
                       if folder.startswith(f'chapters/day-{day}/')]
            options = (':titlesonly:',) if variety and day == 1 else ()
            doc.source = '\n\n'.join([
                f'# {doc.say(texts.DAY_TITLE, day=day)}',
                doc.say(texts.DAY_TEXT, day=day),
                _toctree(entries, *options),
            ]) + '\n'
            documents.append(doc)
            top_entries.append(doc.docname)
    else:
        top_entries += [f'{folder}/index' for folder in part_folders]

    resources = Document('chapters/resources', '')
    resources.source = '\n\n'.join([
        f'# {resources.say(texts.RESOURCES_TITLE)}',
        resources.say(texts.RESOURCES),
    ]) + '\n'
    documents.append(resources)
    top_entries.append('chapters/resources')

    blocks = [f'# {title}', intro, _toctree(top_entries, ':maxdepth: 2', f':caption: {contents}')]
    if variety:
        more = index.say(texts.MORE)
        recordings = index.say(texts.RECORDINGS_LINK)
        blocks.append(_toctree(
            [f'{recordings} <https://recordings.example.org/>', 'genindex'],
            f':caption: {more}', ':hidden:',
        ))
        orphan = Document('chapters/orphan', '')
        orphan.source = '\n\n'.join([
            '---\norphan: true\n---',
            f'# {orphan.say(texts.ORPHAN_TITLE)}',
            orphan.say(texts.ORPHAN_TEXT),
        ]) + '\n'
        documents.append(orphan)
    index.source = '\n\n'.join(blocks) + '\n'
    documents.insert(0, index)
    return documents, all_sessions


def write_document(root: Path, document: Document) -> None:
    source = root / f'{document.docname}.md'
    source.parent.mkdir(parents=True, exist_ok=True)
    source.write_text(document.source, encoding='utf-8')
    write_catalogue(root / 'locale' / LANGUAGE / 'LC_MESSAGES' / f'{document.docname}.po',
                    document.messages)


def write_catalogue(path: Path, messages: list[tuple[str, str]]) -> None:
    catalog = Catalog(locale=LANGUAGE, project='Synthetic proceedings', fuzzy=False)
    for english, french in messages:
        catalog.add(english, french)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open('wb') as out:
        write_po(out, catalog, width=WIDTH)
    # A stale compiled catalogue would hide the change from Sphinx if both had one mtime.
    path.with_suffix('.mo').unlink(missing_ok=True)


def generate_book(root: Path, sessions: int, *, per_part: int = 20, days: int = 0,
                  variety: bool = False, project: Path = PROJECT) -> Book:
    """Write a synthetic book into *root* (emptied first) and describe it."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    documents, all_sessions = plan_book(sessions, per_part=per_part, days=days, variety=variety)
    for document in documents:
        write_document(root, document)
    (root / 'conf.py').write_text(
        CONF.format(project=os.fspath(project), conf=os.fspath(project / 'conf.py')),
        encoding='utf-8',
    )
    shutil.copy2(project / 'book.toml', root / 'book.toml')
    for name in LINKED:
        (root / name).symlink_to(project / name, target_is_directory=True)
    messages = project / 'locale' / LANGUAGE / 'LC_MESSAGES'
    for name in COPIED_CATALOGUES:
        shutil.copy2(messages / name, root / 'locale' / LANGUAGE / 'LC_MESSAGES' / name)
    return Book(root, all_sessions, [d.docname for d in documents], variety)


def edit_session(book: Book, session: Session) -> Path:
    """Add a sentence to a session's summary, and its translation to the catalogue."""
    document = session_document(session, variety=book.variety, edited=True)
    write_document(book.root, document)
    return book.root / f'{session.docname}.md'


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('dest', type=Path)
    parser.add_argument('--sessions', type=int, required=True)
    parser.add_argument('--per-part', type=int, default=20)
    parser.add_argument('--days', type=int, default=0)
    parser.add_argument('--variety', action='store_true')
    args = parser.parse_args(argv)
    book = generate_book(args.dest.resolve(), args.sessions, per_part=args.per_part,
                         days=args.days, variety=args.variety)
    print(f'{len(book.docnames)} pages, {len(book.sessions)} sessions in {book.root}')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
