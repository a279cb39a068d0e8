"""The PDF's cover and metadata, from the book's identity in the edition's language."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sphinx.builders.latex.util import ExtBabel
from sphinx.util import texescape

from proceedings.core.editions import language_name
from proceedings.sphinx_ext.i18n import _, written_in

if TYPE_CHECKING:
    from proceedings.core.identity import TranslatedIdentity

COVER = r"""
\begin{titlepage}
  \centering
  \vspace*{0.18\textheight}
  {\Huge\bfseries %(title)s\par}
  \bigskip
  {\Large %(subtitle)s\par}
  \vspace{0.08\textheight}
  {\large %(date)s\par}
  \smallskip
  {\large %(place)s\par}
  \vspace{0.06\textheight}
  {\large\itshape %(edition)s\par}
  \vfill
  {\large %(editors)s\par}
\end{titlepage}
\setcounter{page}{1}
"""

# Replacing Sphinx's title page also drops its \hypersetup of title and author:
# the PDF's metadata are set here instead, with its language and subject. A reader's
# window shows the book's title rather than the file's name (DisplayDocTitle), and the
# bookmarks are open beside the first page.
METADATA = r"""
\hypersetup{pdftitle={%(title)s}, pdfauthor={%(editors)s}, pdfsubject={%(subtitle)s},
  pdfkeywords={%(keywords)s}, pdflang={%(language)s}, pdfdisplaydoctitle=true,
  pdfpagemode=UseOutlines}
"""


# Translators type French spacing themselves (U+00A0 before ":", U+202F before ";?!"):
# babel-french is told to keep what they typed instead of adding a space before every
# colon, which would also break "C:\\" or an address written out in the text.
FRENCH = r"""
\ifdefined\frenchsetup\frenchsetup{AutoSpacePunctuation=false}\fi
"""


def escape(text: str) -> str:
    """*text* as LaTeX prints it, whatever it holds (``\\input{…}``, ``& % # _``…).

    Sphinx fills its escape tables only when the LaTeX builder starts (``texescape.init``);
    the cover is written at ``config-inited``, before that, when ``escape`` would still
    return its input unchanged. Filling them is idempotent, so it is done here first.
    """
    texescape.init()
    return texescape.escape(text, 'xelatex')


# The page layout and the typography of the printed acts.
LAYOUT = r"""
\makeatletter
% A blank page left so that a chapter starts on a recto carries no running head or folio.
\renewcommand{\cleardoublepage}{\clearpage\if@twoside\ifodd\c@page\else
  \hbox{}\thispagestyle{empty}\newpage\if@twocolumn\hbox{}\newpage\fi\fi\fi}
% Headings are never hyphenated; nor are words that start with a capital (EXPAIRs, MSHB,
% Rennes): French typography keeps acronyms and names whole.
\renewcommand{\py@HeaderFamily}{\spx@opt@HeaderFamily\hyphenpenalty\@M\exhyphenpenalty\@M}
\ifdefined\ChTitleVar
  \ChTitleVar{\Large\sffamily\hyphenpenalty\@M\exhyphenpenalty\@M}
\fi
\uchyph=0
% An inverted verb (« parle-t-on », proceedings/typography.py) is never broken.
\newcommand*{\DUrolenobreak}[1]{\mbox{#1}}
\AtBeginDocument{\pdfstringdefDisableCommands{\def\DUrole#1#2{#2}}}
% The run-in heading of a session's piece (summary, citation) never ends a page.
\newcommand{\proceedingspiecehead}[1]{\par\medskip\needspace{5\baselineskip}%
  \noindent\sphinxstylestrong{#1}\par\nobreak\@afterheading}
\makeatother
"""


# A passage in another of the book's languages (a name marked by ``language_of_parts``, a
# text a catalogue leaves untranslated, ``untranslated``) carries the class
# ``language-<code>``, which Sphinx's LaTeX writer turns into ``\DUrole{language-<code>}``.
# Typeset with that language's hyphenation patterns and typographic rules, as babel's
# ``\foreignlanguage`` does, an English word of the French PDF is not hyphenated as French.
# Only the book's own languages are loaded: their TeX packages are those that
# ``make tex-debian`` installs (``proceedings.core.languages``); a name in any other
# language is printed as it is.
FOREIGN = r"""
\expandafter\newcommand\csname DUrolelanguage-%(code)s\endcsname[1]{\foreignlanguage{%(babel)s}{#1}}
"""


def other_languages(book: TranslatedIdentity) -> dict[str, str]:
    """The book's languages other than the edition's that babel knows, with their names
    for babel, in the book's order."""
    found = {}
    for code in book.identity.languages:
        if code == book.language:
            continue
        babel = ExtBabel(code, use_polyglossia=False)
        if babel.is_supported_language():
            found[code] = babel.get_language()
    return found


def edition_label(book: TranslatedIdentity) -> str:
    """"French edition" on the cover; for a language in progress, that it is a preview."""
    identity, language = book.identity, book.language
    if identity.in_progress(language):
        template = _('%s edition, a preview: its translation is in progress')
    else:
        template = _('%s edition')
    return template % language_name(
        language, written_in(template, language, identity.source_language))


def latex_elements_for(book: TranslatedIdentity, latex_elements: dict[str, str]) -> dict[str, str]:
    """*latex_elements* with the cover and the metadata of *book* added."""
    fields = {
        'title': escape(book.title),
        'subtitle': escape(book.subtitle),
        'date': escape(book.event_date),
        'place': escape(book.event_place),
        'editors': escape(book.authors),
        'language': escape(book.language),
        'keywords': escape(', '.join(book.keywords)),
        'edition': escape(edition_label(book)),
    }
    elements = dict(latex_elements)
    # In the PDF's metadata (strings, not typeset text) Sphinx's \sphinxhyphen{} would be
    # dropped, and hyperref makes "--" a dash: a hyphen there is a hyphen, kept apart.
    metadata = {key: value.replace(r'\sphinxhyphen{}', '-{}') for key, value in fields.items()}
    elements['preamble'] = elements.get('preamble', '') + METADATA % metadata + LAYOUT
    elements['extrapackages'] = elements.get('extrapackages', '') + '\\usepackage{needspace}\n'
    if book.language == 'fr':
        elements['preamble'] += FRENCH
    others = other_languages(book)
    main = ExtBabel(book.language, use_polyglossia=False)
    if others and main.is_supported_language() and 'babel' not in latex_elements:
        # Sphinx passes the edition's language to the document class; babel makes the
        # last language it loads the main one unless told which.
        elements['babel'] = r'\usepackage[%s,main=%s]{babel}' % (
            ','.join(others.values()), main.get_language())
        elements['preamble'] += ''.join(FOREIGN % {'code': code, 'babel': name}
                                        for code, name in others.items())
    elements['maketitle'] = COVER % fields
    return elements
