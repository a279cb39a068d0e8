"""What an edition is built from, so that ``make book`` rebuilds only the editions that changed.

An edition (its HTML, EPUB and PDF, built from one reading of its pages) is rebuilt
whenever one of its inputs differs from those of its last successful build; otherwise the
files it built are reused, once checked against their recorded digests. It is rebuilt from
clean unless its pages alone changed (``changed_pages``): then Sphinx's own incremental
build reads them again. What goes into an edition's digest, to the byte:

- every file of the source folder (chapters, ``conf.py``, ``book.toml``, templates,
  static files, catalogues, and whatever else lies there), but the build's outputs,
  version control, virtual environments, caches and compiled catalogues, and but the
  catalogues of the book's other languages (``locale/<other>/``), which an edition does
  not read (a test watches every file an English build opens);
- every file of the installed toolchain (``proceedings/``), the name and version of every
  distribution in the Python environment, and Python's own version;
- the TeX tools found on ``PATH``, and the versions of the Debian packages that make the
  PDF: TeX Live, fonts, and the libraries XeTeX typesets with (``DEBIAN_PACKAGES``);
- docutils' configuration files outside the book (``/etc/docutils.conf``, ``~/.docutils``);
- the date of the build (``SOURCE_DATE_EPOCH``), the site's address, the language, and the
  environment variables that Python, Sphinx, docutils, TeX and latexmk read.

When in doubt a file is in; a change to a test or to the benchmark also rebuilds, which
costs time, never a wrong site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path, PurePosixPath

import proceedings

#: Folders of the source folder never read by a build: version control, environments,
#: caches, the npm tools of the quality gates.
IGNORED_FOLDERS = frozenset({
    '.git', '.hg', '.svn', '.venv', 'venv', '.tox', '.nox', '__pycache__',
    '.pytest_cache', '.mypy_cache', '.ruff_cache', 'node_modules', '_build',
})
#: Compiled catalogues: Sphinx writes them beside their sources, from the ``.po``.
IGNORED_SUFFIXES = ('.mo', '.pyc')
#: Environment variables that change what Python, Sphinx, docutils, TeX or latexmk make.
VARIABLES = frozenset({
    'SOURCE_DATE_EPOCH', 'FORCE_SOURCE_DATE', 'PATH', 'HOME', 'LANG', 'LANGUAGE', 'TZ',
    'PAPER', 'LATEXOPTS', 'LATEXMKOPTS', 'XINDYOPTS', 'DOCUTILSCONFIG',
})
VARIABLE_PREFIXES = ('PYTHON', 'SPHINX', 'TEX', 'LATEX', 'LC_', 'KPSE', 'MT_')
TEX_TOOLS = ('xelatex', 'latexmk', 'xindy', 'makeindex', 'kpsewhich')
#: Debian's package database, and the beginnings of the names of the packages in it that
#: the PDF depends on: any other package may come and go (on a shared machine, often)
#: without a rebuild.
DPKG_STATUS = Path('/var/lib/dpkg/status')
DEBIAN_PACKAGES = (
    'texlive', 'tex-', 'latexmk', 'xindy', 'lmodern', 'fonts-', 'fontconfig', 'libfontconfig',
    'libfreetype', 'libharfbuzz', 'libgraphite2', 'libicu', 'libkpathsea', 'libptexenc',
    'libsynctex', 'libtexlua', 'libteckit', 'libzzip', 'libpng', 'libpaper', 'zlib1g',
    'ghostscript', 'libgs', 't1utils', 'tipa', 'preview-latex',
)
#: The record of an edition's last successful build, in its build folder.
RECORD = 'inputs.json'


def _hash_file(digest: hashlib._Hash, path: Path, name: str) -> None:
    digest.update(name.encode('utf-8', 'surrogateescape') + b'\0')
    with path.open('rb') as handle:
        digest.update(hashlib.file_digest(handle, 'blake2b').digest())


def _walk(root: Path, skip: set[Path], leave_out: set[Path]) -> list[tuple[str, Path]]:
    """Every file under *root* with its name relative to it, links followed, sorted."""
    found = []
    seen: set[Path] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        here = Path(folder)
        real = here.resolve()
        if real in seen:  # a link back into the tree
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = sorted(d for d in dirs if d not in IGNORED_FOLDERS
                         and (here / d).absolute() not in skip
                         and (here / d).absolute() not in leave_out)
        for name in files:
            path = here / name
            if name.endswith(IGNORED_SUFFIXES) or path.absolute() in skip:
                continue
            if path.is_file():
                found.append((path.relative_to(root).as_posix(), path))
    return sorted(found)


@dataclass(frozen=True)
class EditionInputs:
    """What an edition is built from: *digest* of all of it; *foundation*, of all but its
    pages (whose names it holds); *pages*, each page's digest by its name."""

    digest: str
    foundation: str
    pages: dict[str, str]


def is_page(name: str, language: str) -> bool:
    """Whether *name* (relative to the source folder) is a chapter or a chapter's
    catalogue in *language*: what Sphinx's own incremental build reads again alone."""
    path = PurePosixPath(name)
    if path.parts[:1] == ('chapters',):
        return path.suffix == '.md'
    return (path.parts[:4] == ('locale', language, 'LC_MESSAGES', 'chapters')
            and path.suffix == '.po')


def shared_inputs(environment: dict[str, str], outputs: list[Path]) -> str:
    """The digest of what every edition of a run shares, and is costly to read: the
    Python distributions, the TeX tools, Debian's packages, the toolchain's files."""
    skip = {path.absolute() for path in outputs}
    digest = hashlib.blake2b()
    digest.update(json.dumps({
        'python': sys.version,
        'distributions': sorted({(d.metadata['Name'] or '', d.version)
                                 for d in metadata.distributions()}),
        'tex': [_tool(name, environment) for name in TEX_TOOLS],
        'debian': _debian_packages(),
    }, sort_keys=True).encode())
    toolchain = Path(proceedings.__file__).resolve().parent
    for name, path in _walk(toolchain, skip, set()):
        _hash_file(digest, path, 'toolchain/' + name)
    for outside in (Path('/etc/docutils.conf'),
                    Path(environment.get('HOME', '/nonexistent')) / '.docutils'):
        if outside.is_file():
            _hash_file(digest, outside, 'system' + os.fspath(outside))
    return digest.hexdigest()


def edition_inputs(source: Path, language: str, languages: tuple[str, ...], *,
                   base_url: str, environment: dict[str, str],
                   outputs: list[Path], pdf: bool = True) -> str:
    """The digest of everything the edition in *language* is built from."""
    return edition_inputs_by_part(source, language, languages, base_url=base_url,
                                  environment=environment, outputs=outputs, pdf=pdf).digest


def edition_inputs_by_part(source: Path, language: str, languages: tuple[str, ...], *,
                           base_url: str, environment: dict[str, str], outputs: list[Path],
                           pdf: bool = True, shared: str | None = None) -> EditionInputs:
    """Everything the edition in *language* is built from, its pages apart; *shared*
    (``shared_inputs``), computed once for all the editions of a run."""
    source = source.absolute()
    skip = {path.absolute() for path in outputs}
    other_catalogues = {source / 'locale' / other for other in languages if other != language}
    if shared is None:
        shared = shared_inputs(environment, outputs)
    foundation = hashlib.blake2b()
    foundation.update(json.dumps({
        'language': language, 'base_url': base_url, 'pdf': pdf, 'shared': shared,
        'environment': {key: value for key, value in sorted(environment.items())
                        if key in VARIABLES or key.startswith(VARIABLE_PREFIXES)
                        or key.islower()},
    }, sort_keys=True).encode())
    pages = {}
    for name, path in _walk(source, skip, other_catalogues):
        if is_page(name, language):
            foundation.update(b'page\0' + name.encode('utf-8', 'surrogateescape') + b'\0')
            with path.open('rb') as handle:
                pages[name] = hashlib.file_digest(handle, 'blake2b').hexdigest()
        else:
            _hash_file(foundation, path, 'book/' + name)
    whole = hashlib.blake2b(foundation.digest())
    whole.update(json.dumps(pages, sort_keys=True).encode())
    return EditionInputs(whole.hexdigest(), foundation.hexdigest(), pages)


def _debian_packages() -> list[str]:
    """Each installed package that the PDF depends on, with its version and status."""
    try:
        text = DPKG_STATUS.read_text('utf-8', errors='replace')
    except OSError:
        return []
    found = []
    for stanza in text.split('\n\n'):
        fields = dict(line.split(': ', 1) for line in stanza.splitlines()
                      if ': ' in line and not line.startswith(' '))
        if fields.get('Package', '').startswith(DEBIAN_PACKAGES):
            found.append(' '.join(fields.get(key, '') for key in
                                  ('Package', 'Architecture', 'Version', 'Status')))
    return sorted(found)


def _tool(name: str, environment: dict[str, str]) -> str | None:
    found = shutil.which(name, path=environment.get('PATH'))
    if found is None:
        return None
    real = Path(found).resolve()
    stat = real.stat()
    return f'{found} -> {real} {stat.st_size} {stat.st_mtime_ns}'


def tree_digests(root: Path, files: list[tuple[str, Path]] | None = None) -> dict[str, str]:
    """Each file under *root* (or each of *files*), by its name, with the digest of its bytes."""
    digests = {}
    for name, path in (_walk(root, set(), set()) if files is None else files):
        with path.open('rb') as handle:
            digests[name] = hashlib.file_digest(handle, 'blake2b').hexdigest()
    return digests


def _digest_of(inputs: str | EditionInputs) -> str:
    return inputs if isinstance(inputs, str) else inputs.digest


def _record(edition_dir: Path) -> dict:
    try:
        record = json.loads((edition_dir / RECORD).read_text('utf-8'))
    except (OSError, ValueError):
        return {}
    return record if isinstance(record, dict) else {}


def reusable(edition_dir: Path, inputs: str | EditionInputs,
             outputs: list[tuple[str, Path]]) -> bool:
    """Whether the edition's last build was made from *inputs* and its *outputs* (what
    the site takes from it) are still as it made them."""
    record = _record(edition_dir)
    if not record or record.get('inputs') != _digest_of(inputs):
        return False
    try:
        return tree_digests(edition_dir, outputs) == record.get('outputs')
    except OSError:
        return False


def changed_pages(edition_dir: Path, source: Path, inputs: EditionInputs) -> list[str] | None:
    """The pages (``is_page``) changed since the edition's last successful build, when
    they are all that changed, so that Sphinx's own incremental build, which reads again
    the pages whose files are newer than its last reading, may make the edition; None
    when it must be built from clean.

    Sphinx misses what is not a page: a template, ``book.toml``, ``conf.py``, the
    extension's catalogues, the toolchain; and a page added, removed or renamed leaves
    stale files in its output folders. Any of these (the foundation) rebuilds from
    clean, as does a changed page whose time of modification is not later than the
    start of the last build (restored from an archive, say), which Sphinx would not
    read again."""
    record = _record(edition_dir)
    pages, started = record.get('pages'), record.get('started')
    if (record.get('foundation') != inputs.foundation or not isinstance(pages, dict)
            or set(pages) != set(inputs.pages) or not isinstance(started, int)):
        return None
    changed = sorted(name for name, digest in inputs.pages.items() if pages[name] != digest)
    try:
        if any((source / name).stat().st_mtime_ns <= started for name in changed):
            return None
    except OSError:
        return None
    return changed


def forget(edition_dir: Path) -> None:
    """The edition is being rebuilt: until it succeeds, nothing of it may be reused."""
    (edition_dir / RECORD).unlink(missing_ok=True)


def remember(edition_dir: Path, inputs: str | EditionInputs, outputs: list[tuple[str, Path]],
             started: int | None = None) -> None:
    """Record, after a successful build, what the edition was built from and what it made;
    *started*, the time (``time.time_ns()``) before its inputs were read."""
    record = edition_dir / RECORD
    data: dict = {'inputs': _digest_of(inputs), 'outputs': tree_digests(edition_dir, outputs)}
    if isinstance(inputs, EditionInputs) and started is not None:
        data.update(foundation=inputs.foundation, pages=inputs.pages, started=started)
    temporary = record.with_name(record.name + '.tmp')
    temporary.write_text(json.dumps(data, indent=0, sort_keys=True), encoding='utf-8')
    os.replace(temporary, record)
