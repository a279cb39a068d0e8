"""What an edition is built from, so that ``make book`` rebuilds only the editions that changed.

An edition (its HTML, EPUB and PDF, which share one build environment) is rebuilt from
clean, as ever, whenever one of its inputs differs from those of its last successful
build; otherwise the files it built are reused, once checked against their recorded
digests. What goes into an edition's digest, to the byte:

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
from importlib import metadata
from pathlib import Path

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


def edition_inputs(source: Path, language: str, languages: tuple[str, ...], *,
                   base_url: str, environment: dict[str, str],
                   outputs: list[Path], pdf: bool = True) -> str:
    """The digest of everything the edition in *language* is built from."""
    source = source.absolute()
    skip = {path.absolute() for path in outputs}
    other_catalogues = {source / 'locale' / other for other in languages if other != language}
    digest = hashlib.blake2b()
    digest.update(json.dumps({
        'language': language, 'base_url': base_url, 'pdf': pdf, 'python': sys.version,
        'environment': {key: value for key, value in sorted(environment.items())
                        if key in VARIABLES or key.startswith(VARIABLE_PREFIXES)
                        or key.islower()},
        'distributions': sorted({(d.metadata['Name'] or '', d.version)
                                 for d in metadata.distributions()}),
        'tex': [_tool(name, environment) for name in TEX_TOOLS],
        'debian': _debian_packages(),
    }, sort_keys=True).encode())
    for name, path in _walk(source, skip, other_catalogues):
        _hash_file(digest, path, 'book/' + name)
    toolchain = Path(proceedings.__file__).resolve().parent
    for name, path in _walk(toolchain, skip, set()):
        _hash_file(digest, path, 'toolchain/' + name)
    for outside in (Path('/etc/docutils.conf'),
                    Path(environment.get('HOME', '/nonexistent')) / '.docutils'):
        if outside.is_file():
            _hash_file(digest, outside, 'system' + os.fspath(outside))
    return digest.hexdigest()


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


def reusable(edition_dir: Path, inputs: str, outputs: list[tuple[str, Path]]) -> bool:
    """Whether the edition's last build was made from *inputs* and its *outputs* (what
    the site takes from it) are still as it made them."""
    try:
        record = json.loads((edition_dir / RECORD).read_text('utf-8'))
    except (OSError, ValueError):
        return False
    if not isinstance(record, dict) or record.get('inputs') != inputs:
        return False
    try:
        return tree_digests(edition_dir, outputs) == record.get('outputs')
    except OSError:
        return False


def forget(edition_dir: Path) -> None:
    """The edition is being rebuilt: until it succeeds, nothing of it may be reused."""
    (edition_dir / RECORD).unlink(missing_ok=True)


def remember(edition_dir: Path, inputs: str, outputs: list[tuple[str, Path]]) -> None:
    """Record, after a successful build, what the edition was built from and what it made."""
    record = edition_dir / RECORD
    temporary = record.with_name(record.name + '.tmp')
    temporary.write_text(json.dumps({'inputs': inputs,
                                     'outputs': tree_digests(edition_dir, outputs)},
                                    indent=0, sort_keys=True), encoding='utf-8')
    os.replace(temporary, record)
