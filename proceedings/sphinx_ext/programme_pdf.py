"""The programme of the day as a PDF of its own, beside the acts in each edition.

The LaTeX build writes ``<slug>-programme-<language>.tex`` beside the acts' ``.tex``.
Sphinx's Makefile in the LaTeX folder compiles every ``.tex`` it finds there with latexmk
and XeLaTeX, so ``make latexpdf`` and ``make book`` make both PDFs with the same
toolchain, and the programme takes the acts' font, language and babel settings from the
LaTeX builder (babel-french in French).

Its content is the programme page's (``schedule``): the days of the event when
``book.toml`` declares them, their parts, each with its sessions, their kind, title,
the people they name (with affiliations and ORCID iDs) and recordings. A recording that is only the
platform's home page is pending: the programme says where it will be published, and
prints neither that address nor a QR code as if it were the recording.

Not a second entry of ``latex_documents``: that would need a source page of its own,
which would become a page of the HTML site and of the EPUB, and Sphinx gives every
document of the build the same ``latex_elements``, so the programme would carry the
acts' cover and the acts' PDF metadata.

Sphinx's Makefile compiles the ``.tex`` files one after the other; the programme, one
XeLaTeX run, then waits for the three runs of the acts. A ``GNUmakefile`` beside it, which
GNU make reads first, includes it and lets the two documents be typeset side by side
(``make latexpdf`` is GNU make's on every system Sphinx's Makefile supports), and with
XeLaTeX makes the PDF once, after the last run, as Sphinx's Makefile suggests.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

from sphinx.util.texescape import escape

from proceedings.core.editions import download_names, edition_url, language_name
from proceedings.sphinx_ext.i18n import _, written_in
from proceedings.sphinx_ext.latex import FRENCH
from proceedings.sphinx_ext.schedule import ProgrammeDay, ProgrammeSession, programme_days
from proceedings.sphinx_ext.sessions import ROLE_LABELS
from proceedings.sphinx_ext.settings import identity_of
from proceedings.sphinx_ext.writers import qr_code_latex

if TYPE_CHECKING:
    from collections.abc import Callable

    from sphinx.application import Sphinx

#: The QR codes of the programme: smaller than the acts', a session is a few lines.
QR_CODE_HEIGHT = '2cm'

#: What RFC 3986 lets an address hold unencoded; anything else (braces, backslashes,
#: carets, spaces, non-ASCII letters) is percent-encoded, which TeX reads as it is.
ADDRESS_SAFE = "-._~:/?#[]@!$&'()*+,;=%"


# -- LaTeX -----------------------------------------------------------------------------


def tex_escaper(app: Sphinx) -> Callable[[str], str]:
    """How a text from the book's data is written for the build's LaTeX engine."""
    engine = app.config.latex_engine
    return lambda text: escape(text, engine)


def tex_address(uri: str) -> str:
    r"""An address as ``\href`` and ``\nolinkurl`` read it outside any command's argument.

    Sphinx's own escaping suits text, not addresses: ``\$`` or ``{[}`` would reach the
    link as written. Here only ``%`` and ``#`` need a backslash.
    """
    return quote(uri, safe=ADDRESS_SAFE).replace('%', r'\%').replace('#', r'\#')


PREAMBLE = r"""%% The programme of the day, written by the proceedings extension from the session
%% chapters at every LaTeX build: edit the chapters, not this file.
%% No cross-references, so no auxiliary files: latexmk runs XeLaTeX once, not twice.
\nofiles
\documentclass[a4paper,11pt%(language_option)s]{article}
\usepackage[a4paper,top=18mm,bottom=18mm,left=22mm,right=22mm]{geometry}
%(inputenc)s
%(fontenc)s
%(fontpkg)s
%(multilingual)s
%(utf8extra)s
%(french)s
\usepackage{xcolor}
\usepackage{hyperref}
\makeatletter
%% What Sphinx's escaping writes for a hyphen (it stops -- from becoming a dash).
\protected\def\sphinxhyphen#1{-\kern\z@}
\pdfstringdefDisableCommands{\def\sphinxhyphen#1{-}}
\makeatother
\definecolor{programmelink}{rgb}{0.05,0.22,0.45}
\hypersetup{colorlinks=true, allcolors=programmelink, pdftitle={%(pdftitle)s},
  pdfauthor={%(editors)s}, pdfsubject={%(subtitle)s}, pdfkeywords={%(keywords)s},
  pdflang={%(language)s}, pdfcreator={Sphinx, XeLaTeX}}
\urlstyle{same}
\pagestyle{empty}
\setlength{\parindent}{0pt}
\setlength{\parskip}{0pt}
\raggedright
\begin{document}
\begin{center}
{\large\scshape %(heading)s\par}
\medskip
{\LARGE\bfseries %(name)s\par}
\smallskip
{\large %(subtitle)s\par}
\medskip
%(date)s\quad ·\quad %(place)s\par
\end{center}
"""

DAY = r"""
\bigskip
{\LARGE\bfseries %(heading)s\par}
\nopagebreak
"""

PART = r"""
\bigskip
{\Large\bfseries %(title)s\par}
\nopagebreak\medskip
"""

SESSION = r"""
\noindent\begin{minipage}[c]{\dimexpr\linewidth-%(qr)s-1em\relax}
%(lines)s
\end{minipage}\hfill
\begin{minipage}[c]{%(qr)s}\raggedleft
%(qr_code)s
\end{minipage}\par\medskip
"""

ONLINE = r"""
\vfill
\noindent\begin{minipage}[c]{\dimexpr\linewidth-%(qr)s-1em\relax}
%(label)s\par
\url{%(uri)s}\par
\end{minipage}\hfill
\begin{minipage}[c]{%(qr)s}\raggedleft
%(qr_code)s
\end{minipage}\par
"""


def _online_label(language: str, source: str) -> str:
    template = _('The proceedings online, in %s:')
    return template % language_name(language, written_in(template, language, source))


def session_tex(app: Sphinx, session: ProgrammeSession, online: str) -> str:
    tex = tex_escaper(app)
    identity = identity_of(app)
    language = app.config.language
    lines = []
    if session.kind:
        lines.append(r'{\small\scshape %s}\par' % tex(session.kind))
    if online:
        uri = tex_address(f'{online}{session.docname}.html')
        lines.append(r'{\bfseries\href{%s}{%s}\par}' % (uri, tex(session.title)))
    else:
        lines.append(r'{\bfseries %s\par}' % tex(session.title))
    for role, (one, several) in ROLE_LABELS.items():
        named = [person for named_as, person in session.people if named_as == role]
        if named:
            lines.append(r'{\itshape %s%s%s\par}' % (
                tex(str(one if len(named) == 1 else several)), tex(_(': ')),
                ', '.join(person_tex(tex, person) for person in named)))
    qr_code = ''
    for recording in session.recordings:
        if not recording.get('url'):
            continue
        audio = recording.get('language') or identity.recordings_language
        if recording.get('pending'):
            template = _('Recording (in %(language)s) on %(platform)s: find it by its title')
            words = written_in(template, language, identity.source_language)
            lines.append(r'{\small %s\par}' % tex(template % {
                'language': language_name(audio, words),
                'platform': identity.recordings_platform}))
        else:
            uri = tex_address(recording['url'])
            template = _('Recording (in %s)')
            words = written_in(template, language, identity.source_language)
            lines.append(r'{\small\href{%s}{%s}\par}' % (
                uri, tex(template % language_name(audio, words))))
            lines.append(r'{\small\nolinkurl{%s}\par}' % uri)
            # One code per session: the first recording's, which the page lists first.
            qr_code = qr_code or qr_code_latex(recording['url'], QR_CODE_HEIGHT, app.config.latex_engine)
    return SESSION % {'lines': '\n'.join(lines), 'qr': QR_CODE_HEIGHT, 'qr_code': qr_code}


def person_tex(tex: Callable[[str], str], person) -> str:
    """A person as the programme prints them: name (affiliation, ORCID iD)."""
    details = [tex(person.affiliation)] if person.affiliation else []
    if person.orcid:
        details.append(r'\href{%s}{ORCID %s}' % (tex_address(person.orcid_url),
                                                tex(person.orcid)))
    return tex(person.name) + (' (%s)' % ', '.join(details) if details else '')


def programme_tex(app: Sphinx, days: list[ProgrammeDay]) -> str:
    identity = identity_of(app)
    language = app.config.language
    book = identity.translated(language, _)
    context = app.builder.context
    tex = tex_escaper(app)
    several_days = identity.event_end_date is not None
    heading = _('Programme') if several_days else _('Programme of the day')
    fields = {
        # Babel takes the language as a class option, as in the acts; polyglossia
        # (another language under XeLaTeX) sets it in ``multilingual``.
        'language_option': f',{app.builder.babel.get_language()}' if context.get('babel') else '',
        'inputenc': context.get('inputenc', ''),
        'fontenc': context.get('fontenc', ''),
        'fontpkg': context.get('fontpkg', ''),
        'multilingual': context.get('multilingual', ''),
        'utf8extra': context.get('utf8extra', ''),
        'french': FRENCH if language == 'fr' else '',
        'pdftitle': tex((_('Programme — %s') if several_days else _('Programme of the day — %s'))
                        % book.event_name),
        'editors': tex(book.authors),
        'subtitle': tex(book.subtitle),
        'keywords': tex(', '.join((heading, *book.keywords))),
        'language': tex(language),
        'heading': tex(heading),
        'name': tex(book.event_name),
        'date': tex(book.event_date),
        'place': tex(book.event_place),
    }
    online = edition_url(identity, language)
    body = [PREAMBLE % fields]
    for day in days:
        if day.heading:
            body.append(DAY % {'heading': tex(day.heading)})
        for part in day.parts:
            body.append(PART % {'title': tex(part.title)})
            body.extend(session_tex(app, session, online) for session in part.sessions)
    if online:
        body.append(ONLINE % {
            'label': tex(_online_label(language, identity.source_language)),
            'uri': tex_address(online),
            'qr': QR_CODE_HEIGHT,
            'qr_code': qr_code_latex(online, QR_CODE_HEIGHT, app.config.latex_engine),
        })
    body.append('\n\\end{document}\n')
    return ''.join(body)


def programme_stem(app: Sphinx) -> str:
    """The programme's file name without its extension: the .tex and the PDF share it."""
    name = download_names(identity_of(app).slug, app.config.language)['programme']
    return name.removesuffix('.pdf')


def write_programme_tex(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != 'latex':
        return
    target = Path(app.outdir, programme_stem(app) + '.tex')
    text = programme_tex(app, programme_days(app))
    # Unchanged, it keeps its time, and latexmk has nothing to do.
    if not target.is_file() or target.read_text(encoding='utf-8') != text:
        target.write_text(text, encoding='utf-8')


#: Beside Sphinx's Makefile: the same rules, with as many jobs as there are documents.
GNUMAKEFILE = """\
# Written by the proceedings extension (proceedings/sphinx_ext/programme_pdf.py): the
# acts and the programme are typeset side by side.
include Makefile
MAKEFLAGS += --jobs=2%(xelatex)s
"""
#: What Sphinx's Makefile advises for XeLaTeX and leaves to the user: latexmk runs
#: XeLaTeX without its PDF driver until the runs agree, then xdvipdfmx once, rather than
#: making a PDF at each of the acts' three runs.
XELATEX = """
# XeLaTeX writes no PDF until its last run.
PDFLATEX = latexmk -xelatex -dvi- -ps-"""


def write_gnumakefile(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.name != 'latex':
        return
    target = Path(app.outdir, 'GNUmakefile')
    text = GNUMAKEFILE % {'xelatex': XELATEX if app.config.latex_engine == 'xelatex' else ''}
    if not target.is_file() or target.read_text(encoding='utf-8') != text:
        target.write_text(text, encoding='utf-8')


def setup_programme_pdf(app: Sphinx) -> None:
    app.connect('build-finished', write_programme_tex)
    app.connect('build-finished', write_gnumakefile)
