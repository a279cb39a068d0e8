"""Every build of a translation reads its catalogues strictly first.

Sphinx reads a broken catalogue as best it can and says nothing: an unclosed string
becomes English, an unclosed ``**`` shows as two asterisks, a retyped address leads
elsewhere, and nothing names the PO file. So before reading the pages, a build in another
language than the source reads each of that language's catalogues strictly and compares
every translation in use with its English (see ``pofile`` and ``markup``). Like the
session checks, it logs one error per problem with its file and line, goes on, and exits
with status 1: ``make book`` stops there.

A translation of the extension's or the theme's words that lost a placeholder would make
the build crash where the words are used ("%s" with nothing to fill in): such a
translation is left out, and the English shows, as for a fuzzy one. What is only
unfinished (fuzzy or untranslated messages) shows in English too; ``make stats`` and
``make check-po`` report it.

What a check found is kept in the doctree folder with a digest of each catalogue, so a
rebuild reads only the catalogues that changed and reports the kept problems again.
"""

from __future__ import annotations

import hashlib
import pickle
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx import locale as sphinx_locale
from sphinx.util import logging

from proceedings.po import pofile
from proceedings.po.markup import Markup, kind_of, markup_problems
from proceedings.po.pofile import PoFile, Problem, counts, po_files, read, translated
from proceedings.sphinx_ext.settings import identity_of

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

#: Where the findings of the last check are kept, in the doctree folder, so that a rebuild
#: reads again only the catalogues whose bytes changed, not every catalogue of the book.
CACHE_NAME = 'proceedings-catalogues.pickle'
#: The code whose findings are kept: any change to it checks everything again.
CHECKERS = (Path(__file__), Path(pofile.__file__), Path(pofile.__file__).with_name('markup.py'))


@dataclass
class Findings:
    """What checking one catalogue found, and what the build must do about it."""

    problems: list[Problem] = field(default_factory=list)
    done: int = 0
    total: int = 0
    #: translations left out of the loaded catalogues: the message's key, and its string
    broken: dict = field(default_factory=dict)


def check_catalogues(app: Sphinx) -> None:
    """Read the build language's catalogues strictly; log each problem at its line."""
    from sphinx.builders.gettext import MessageCatalogBuilder

    language = app.config.language
    if isinstance(app.builder, MessageCatalogBuilder):
        return  # extracting the English texts: there is no translation to read
    if language == identity_of(app).source_language:
        return
    # The settings of MyST as the book uses them (a book without MyST has their defaults).
    settings = (tuple(sorted(getattr(app.config, 'myst_enable_extensions', ()))),
                tuple(getattr(app.config, 'myst_disable_syntax', ())))
    cache_path = Path(app.doctreedir) / CACHE_NAME
    fingerprint = _fingerprint(settings)
    kept = _load(cache_path, fingerprint)
    markup: Markup | None = None
    problems: list[Problem] = []
    done = total = 0
    findings_now: dict[str, tuple[str, Findings]] = {}
    unreadable: list[Path] = []
    for locale_dir in app.config.locale_dirs:
        for domain, path in po_files(app.srcdir / locale_dir / language / 'LC_MESSAGES').items():
            try:
                data = path.read_bytes()
            except OSError:
                data = None  # read() says why, with the file's name
                unreadable.append(path)
            digest = hashlib.blake2b(data, digest_size=16).hexdigest() if data is not None else ''
            key = str(path)  # its domain follows from it
            previous = kept.get(key)
            if data is not None and previous is not None and previous[0] == digest:
                findings = previous[1]
            else:
                if markup is None:  # building MyST's parser costs: only with work to do
                    markup = Markup(*settings)
                findings = _check(path, data, domain, markup, app)
            if data is not None:
                findings_now[key] = (digest, findings)
            problems += findings.problems
            done += findings.done
            total += findings.total
            _leave_out(domain, findings.broken)
    if findings_now != kept:
        try:
            _save(cache_path, fingerprint, findings_now)
        except OSError as exc:  # only the next build's speed depends on it
            logger.info('the findings of the catalogue check were not kept: %s', exc)
    for problem in sorted(set(problems)):
        if problem.line:
            logger.error(problem.message, location=f'{problem.path}:{problem.line}',
                         type='proceedings', subtype='catalogue')
        else:  # a location without a line would be taken for a document's name
            logger.error(problem.format(), type='proceedings', subtype='catalogue')
    if problems:
        app.statuscode = 1
    if unreadable:
        # Sphinx compiles every catalogue next, and a file it cannot read stops it with a
        # crash report: the error above, with the file's name, is all there is to say.
        raise SystemExit(1)
    if done < total:
        logger.info('%s: %d of %d messages translated; the others show in English '
                    '(make stats)', language, done, total)


#: Emitted with each catalogue the check read without a problem of syntax, and the babel
#: catalogue it read (``speedups.catalogues`` compiles it without reading it again).
CATALOGUE_READ = 'proceedings-catalogue-read'


def _check(path: Path, data: bytes | None, domain: str, markup: Markup,
           app: Sphinx | None = None) -> Findings:
    po, found = read(path, data)
    findings = Findings(problems=list(found))
    if po is None:
        return findings
    if app is not None:
        app.emit(CATALOGUE_READ, path, po.catalog)
    findings.problems += markup_problems(po, domain, markup)
    findings.broken = _broken_placeholders(po, domain, markup)
    numbers = counts(po)
    findings.done, findings.total = numbers['translated'], numbers['total']
    return findings


def _fingerprint(settings: tuple) -> str:
    digest = hashlib.blake2b(repr(settings).encode(), digest_size=16)
    for checker in CHECKERS:
        digest.update(checker.read_bytes())
    return digest.hexdigest()


def _load(path: Path, fingerprint: str) -> dict[str, tuple[str, Findings]]:
    try:
        with path.open('rb') as f:
            kept_fingerprint, findings = pickle.load(f)
    except Exception:  # noqa: BLE001 -- missing, truncated or from another version: check all
        return {}
    return findings if kept_fingerprint == fingerprint else {}


def _save(path: Path, fingerprint: str, findings: dict[str, tuple[str, Findings]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + '.partial')
    with partial.open('wb') as f:
        pickle.dump((fingerprint, findings), f, pickle.HIGHEST_PROTOCOL)
    partial.replace(path)  # never a half-written file for the next build to trust


def _broken_placeholders(po: PoFile, domain: str, markup: Markup) -> dict:
    """The translations of format strings whose placeholders broke, by message key."""
    broken = {}
    for message in po.messages():
        if message.fuzzy or not translated(message) or kind_of(message, domain) != 'format':
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if not any(markup.compare(ids[min(n, len(ids) - 1)], string, 'format', message.flags)
                   for n, string in enumerate(strings)):
            continue
        if isinstance(message.id, str):
            broken[ids[0]] = strings[0]
        else:
            broken.update({(ids[0], n): string for n, string in enumerate(strings)})
    return broken


def _leave_out(domain: str, broken: dict) -> None:
    """Take the translations whose placeholders broke out of the loaded catalogues.

    The extension's and the theme's catalogues are loaded before any builder exists (see
    ``i18n.load_catalogues``): the translation is removed from the loaded catalogue that
    holds it, and only there, so that Sphinx's own translation of the same words stays.
    """
    if not broken:
        return
    for (_namespace, catalogue), translator in sphinx_locale.translators.items():
        while catalogue == domain and translator is not None:
            loaded = getattr(translator, '_catalog', {})
            for key, string in broken.items():
                if loaded.get(key) == string:
                    del loaded[key]
            translator = getattr(translator, '_fallback', None)


def setup_translations(app: Sphinx) -> None:
    if CATALOGUE_READ not in app.events.events:  # a speed-up listed before the extension
        app.add_event(CATALOGUE_READ)
    app.connect('builder-inited', check_catalogues)
