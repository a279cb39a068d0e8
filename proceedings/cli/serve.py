"""``proceedings serve``: the live preview of one edition, which reloads itself.

    proceedings serve [--source .] [--builddir _build] [--language en] [--port 8000]

sphinx-autobuild rebuilds the edition when a chapter, a catalogue, ``book.toml`` or the
toolchain changes, and tells the open pages to reload. Three things make that work for
this book:

- The build names the server's address (``-D proceedings_preview=host:port``), so that
  its pages' Content-Security-Policy allows sphinx-autobuild's reload script and its
  WebSocket; the published site's pages never do.
- ``book.toml`` is checked before every build, the first one included: a broken one is
  one line with its line number, and the server goes on serving the last build, as
  sphinx-autobuild does for a broken chapter, instead of printing Sphinx's crash report.
- The server does not outlive whoever started it: Ctrl-C, a ``kill`` of this process or
  the end of its parent (``make``, killed in any way) stops it, and the build it was
  running with it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from proceedings.cli.checkbook import identity_problem

if TYPE_CHECKING:
    import argparse

#: Folders of the book's folder that are never its sources: their changes rebuild nothing.
IGNORED_FOLDERS = ('.git', '.venv', 'tests', 'tools', 'bench', '.pytest_cache')
#: Files anywhere under it that are not sources either: compiled catalogues (the build
#: writes them), Python's caches, editors' swap and backup files.
IGNORED_FILES = ('*.mo', '*.pyc', '*.swp', '*~', '*/.#*')
PR_SET_PDEATHSIG = 1


def _checked_builder(base: type, identity: Path) -> type:
    """sphinx-autobuild's builder, which checks the identity file before each build."""

    class CheckedBuilder(base):
        def __call__(self, *, changed_paths):
            problem = identity_problem(identity)
            if problem is None:
                return super().__call__(changed_paths=changed_paths)
            print(problem, file=sys.stderr, flush=True)
            print(f'(still serving the last build on {self.uri}: fix the file and save it)',
                  file=sys.stderr, flush=True)
            return None

    # The builder runs in a process pool, which finds it by this name (pickle).
    CheckedBuilder.__qualname__ = CheckedBuilder.__name__
    globals()['CheckedBuilder'] = CheckedBuilder
    return CheckedBuilder


def stop_with_parent() -> None:
    """Have the kernel send SIGTERM to this process when its parent ends (Linux)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() == 1:  # the parent ended before the request was made
        os.kill(os.getpid(), signal.SIGTERM)


def run(args: argparse.Namespace) -> int:
    source = args.source.resolve()
    identity = args.source / 'book.toml'  # named in messages as the editor typed it
    problem = identity_problem(identity)
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    try:
        import sphinx_autobuild.__main__ as autobuild
    except ImportError:
        print('The preview needs sphinx-autobuild: pip install -r requirements.txt',
              file=sys.stderr)
        return 1
    builddir = args.builddir.resolve()
    out = builddir / f'serve-{args.language}'
    address = f'{args.host}:{args.port}'
    argv = [
        os.fspath(source), os.fspath(out),
        '-D', f'language={args.language}', '-D', f'proceedings_preview={address}',
        '--host', args.host, '--port', str(args.port),
        '--watch', os.fspath(Path(__file__).resolve().parents[1]),
        '--ignore', os.fspath(builddir),
        # sphinx-autobuild matches each pattern against whole paths, '*' across folders.
        *(part for name in IGNORED_FOLDERS for part in ('--ignore', os.fspath(source / name))),
        *(part for name in IGNORED_FILES for part in ('--ignore', f'{source}/{name}')),
        *(args.sphinx_options[1:] if args.sphinx_options[:1] == ['--']
          else args.sphinx_options),
    ]
    autobuild.Builder = _checked_builder(autobuild.Builder, identity)
    stop_with_parent()
    # Stopped as by Ctrl-C: the server's own handler ends the process pool's build too.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        autobuild.main(argv)
    except KeyboardInterrupt:
        pass
    finally:
        stop_descendants()
    print('The preview has stopped.', file=sys.stderr)
    return 0


def stop_descendants() -> None:
    """End whatever this process started and left running (a build in progress)."""
    children = _descendants(os.getpid())
    for pid in children:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass


def _descendants(pid: int) -> list[int]:
    found = []
    try:
        with open(f'/proc/{pid}/task/{pid}/children', encoding='ascii') as handle:
            children = [int(child) for child in handle.read().split()]
    except OSError:
        return found
    for child in children:
        found.extend(_descendants(child))
        found.append(child)
    return found
