"""How each writer renders the session pieces: HTML (EPUB reuses it), LaTeX and text.

The pieces carry their label as an attribute: HTML makes it a heading of the piece's
section, LaTeX the title of a box (the guiding questions) or a run-in heading, text a
line of its own. On paper, the recording is a live link with its address written out
and a QR code beside it, so that a reader of the printed proceedings can reach it by phone.

A pending recording (its address is only the platform's home page) is never presented
as the recording: its link is labelled as the platform, a note says how to find the
recording there, and the printed page has the platform's address but no QR code.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from docutils import nodes

from proceedings.sphinx_ext.sessions import (
    guiding_questions,
    podcast,
    recording_link,
    session_abstract,
    session_meta,
    session_piece,
    session_summary,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.writers.html5 import HTML5Translator
    from sphinx.writers.latex import LaTeXTranslator
    from sphinx.writers.text import TextTranslator

QR_CODE_HEIGHT = '2.4cm'


# -- HTML ------------------------------------------------------------------------------


def visit_piece_html(self: HTML5Translator, node: session_piece) -> None:
    if node.piece == 'session':
        self.body.append(self.starttag(node, 'div'))
        return
    heading = f'{node.piece}-title'
    self.body.append(self.starttag(node, 'section', **{'aria-labelledby': heading}))
    self.body.append(
        f'<h2 class="session-piece-title" id="{heading}">{self.encode(node["label"])}</h2>\n'
    )


def depart_piece_html(self: HTML5Translator, node: session_piece) -> None:
    self.body.append('</div>\n' if node.piece == 'session' else '</section>\n')


def visit_podcast_html(self: HTML5Translator, node: podcast) -> None:
    self.body.append(self.starttag(node, 'div'))


def depart_podcast_html(self: HTML5Translator, node: podcast) -> None:
    if node.get('audio'):
        # preload="none": the page itself loads nothing from the recordings' host.
        label = node.next_node(recording_link).astext()
        self.body.append(
            '<audio class="podcast-player" controls preload="none" src="%s" aria-label="%s">'
            '</audio>\n' % (self.attval(node['audio']), self.attval(label))
        )
    self.body.append('</div>\n')


def visit_recording_link_html(self: HTML5Translator, node: recording_link) -> None:
    # docutils' reference visitor has no hreflang: a reader should know before following
    # the link that the audio is in another language.
    classes = 'reference external recording-link' + (' pending' if node.get('pending') else '')
    self.body.append(self.starttag(
        node, 'a', '', CLASS=classes, href=node['refuri'],
        hreflang=node['hreflang'], rel='noopener noreferrer',
    ))


def depart_recording_link_html(self: HTML5Translator, node: recording_link) -> None:
    self.body.append('</a>')


# -- LaTeX -----------------------------------------------------------------------------


def visit_meta_latex(self: LaTeXTranslator, node: session_meta) -> None:
    self.body.append('\n\\par\\noindent\n')


def depart_meta_latex(self: LaTeXTranslator, node: session_meta) -> None:
    self.body.append('\n\\par\\medskip\n')


def visit_questions_latex(self: LaTeXTranslator, node: guiding_questions) -> None:
    self.body.append('\n\\begin{sphinxadmonition}{note}{%s}\n' % self.encode(node['label']))


def depart_questions_latex(self: LaTeXTranslator, node: guiding_questions) -> None:
    self.body.append('\n\\end{sphinxadmonition}\n')


def visit_summary_latex(self: LaTeXTranslator, node: session_summary) -> None:
    # A run-in heading kept with what follows it (\proceedingspiecehead in latex.py).
    self.body.append('\n\\proceedingspiecehead{%s}\n' % self.encode(node['label']))


def depart_summary_latex(self: LaTeXTranslator, node: session_summary) -> None:
    self.body.append('\n\\par\n')


#: PostScript points per unit of the lengths a QR code's height may be given in.
_POINTS_PER = {'bp': 1.0, 'pt': 72 / 72.27, 'mm': 72 / 25.4, 'cm': 72 / 2.54, 'in': 72.0}
#: The engines whose driver takes PDF operators, and the special that passes them.
_PDF_LITERAL = {
    'xelatex': '\\special{pdf:content %s}',
    'pdflatex': '\\pdfliteral{%s}',
    'lualatex': '\\pdfextension literal{%s}',
}


@functools.lru_cache(maxsize=4096)
def _qr_code(uri: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The size of *uri*'s QR code in modules and each run of dark modules in its rows
    (column, row from the bottom, length). An address has one code: it is computed once
    per process, since segno scores the eight masks of the standard for each (several
    milliseconds), and the acts and the programme show the same recordings."""
    import segno

    matrix = segno.make(uri, error='m', micro=False).matrix
    size = len(matrix)
    runs = []
    for row, cells in enumerate(matrix):
        column = 0
        while column < size:
            if cells[column]:
                start = column
                while column < size and cells[column]:
                    column += 1
                runs.append((start, size - 1 - row, column - start))
            else:
                column += 1
    return size, tuple(runs)


def _points(length: str) -> float | None:
    number, unit = length[:-2], length[-2:]
    try:
        return float(number) * _POINTS_PER[unit]
    except (KeyError, ValueError):
        return None


def qr_code_latex(uri: str, height: str = QR_CODE_HEIGHT, engine: str = 'xelatex') -> str:
    """*uri* as a QR code, *height* high: vector, in the .tex itself, and quick.

    The matrix is computed here (segno) rather than by TeX (the qrcode package takes a
    quarter of a second per code in each XeLaTeX pass: minutes for a large book). With
    an engine that passes PDF operators through, the code is one filled path in a box
    of its size: TeX handles one token list, where a rule per run of dark modules was
    a thousand boxes per code to set and ship out on every pass (a second per pass in
    a book of 500 recordings), and no seam between two rows can show where a viewer
    rounds their edges. Otherwise each run of dark modules in a row is one rule.
    """
    size, dark = _qr_code(uri)
    quiet = 2  # modules of white around the code, for a phone's camera to find its edge
    modules = size + 2 * quiet
    runs = [(column + quiet, row + quiet, length) for column, row, length in dark]
    points = _points(height)
    if engine in _PDF_LITERAL and points is not None:
        scale = f'{points / modules:.5f}'
        path = ' '.join(f'{column} {row} {length} 1 re' for column, row, length in runs)
        literal = _PDF_LITERAL[engine] % f'q 0 g {scale} 0 0 {scale} 0 0 cm {path} f Q'
        return f'\\hbox to {height}{{\\vrule width 0pt height {height}{literal}\\hss}}'
    rules = '%\n'.join(f'\\put({column},{row}){{\\rule{{{length}\\unitlength}}{{\\unitlength}}}}'
                        for column, row, length in runs)
    return ('{\\setlength{\\unitlength}{\\dimexpr %s/%d\\relax}%%\n'
            '\\begin{picture}(%d,%d)%%\n%s%%\n\\end{picture}}'
            % (height, modules, modules, modules, rules))


def _paragraph_with_class(node: nodes.Element, name: str) -> nodes.paragraph | None:
    return next((p for p in node.findall(nodes.paragraph) if name in p['classes']), None)


def visit_podcast_latex(self: LaTeXTranslator, node: podcast) -> None:
    link = node.next_node(recording_link)
    uri = self.encode_uri(node['uri'])
    duration = _paragraph_with_class(node, 'podcast-duration')
    if node.get('pending'):
        # No QR code: a code is read as "the recording", and this address is not it.
        note = _paragraph_with_class(node, 'podcast-pending-note')
        self.body.append(
            '\n\\par\\medskip\\noindent\n'
            '\\sphinxhref{%(uri)s}{%(label)s}\\par\n'
            '{\\small\\sphinxnolinkurl{%(uri)s}}\\par\n'
            '{\\small %(note)s}\\par\\medskip\n'
            % {'uri': uri, 'label': self.encode(link.astext()),
               'note': self.encode(note.astext()) if note is not None else ''}
        )
        raise nodes.SkipNode
    self.body.append(
        '\n\\par\\medskip\\noindent\n'
        '\\begin{minipage}[c]{\\dimexpr\\linewidth-%(qr)s-1em\\relax}\n'
        '\\sphinxhref{%(uri)s}{%(label)s}\\par\n'
        '{\\small\\sphinxnolinkurl{%(uri)s}}\\par\n'
        '%(duration)s'
        '\\end{minipage}\\hfill\n'
        '\\begin{minipage}[c]{%(qr)s}\\raggedleft\n'
        '%(qr_code)s\n'
        '\\end{minipage}\\par\\medskip\n'
        % {
            'uri': uri,
            'label': self.encode(link.astext()),
            'duration': '{\\small %s}\\par\n' % self.encode(duration.astext()) if duration else '',
            'qr': QR_CODE_HEIGHT,
            'qr_code': qr_code_latex(node['uri'], engine=self.config.latex_engine),
        }
    )
    raise nodes.SkipNode


def visit_recording_link_latex(self: LaTeXTranslator, node: recording_link) -> None:
    self.visit_reference(node)


def depart_recording_link_latex(self: LaTeXTranslator, node: recording_link) -> None:
    self.depart_reference(node)


# -- Text ------------------------------------------------------------------------------


def visit_piece_text(self: TextTranslator, node: session_piece) -> None:
    if node.get('label'):
        self.new_state(0)
        self.add_text(node['label'])
        self.end_state()


def depart_piece_text(self: TextTranslator, node: session_piece) -> None:
    pass


def visit_podcast_text(self: TextTranslator, node: podcast) -> None:
    label = node.next_node(recording_link).astext()
    self.new_state(0)
    self.add_text(f'{label}: <{node["uri"]}>')
    self.end_state(wrap=False)  # an address broken across lines cannot be followed
    note = _paragraph_with_class(node, 'podcast-pending-note')
    if note is not None:
        self.new_state(0)
        self.add_text(note.astext())
        self.end_state()
    raise nodes.SkipNode


def visit_recording_link_text(self: TextTranslator, node: recording_link) -> None:
    pass


def depart_recording_link_text(self: TextTranslator, node: recording_link) -> None:
    self.add_text(f' <{node["refuri"]}>')


def setup_writers(app: Sphinx) -> None:
    text_piece = (visit_piece_text, depart_piece_text)
    html_piece = (visit_piece_html, depart_piece_html)
    app.add_node(session_meta, html=html_piece, text=text_piece,
                 latex=(visit_meta_latex, depart_meta_latex))
    app.add_node(guiding_questions, html=html_piece, text=text_piece,
                 latex=(visit_questions_latex, depart_questions_latex))
    app.add_node(session_summary, html=html_piece, text=text_piece,
                 latex=(visit_summary_latex, depart_summary_latex))
    app.add_node(session_abstract, html=html_piece, text=text_piece,
                 latex=(visit_summary_latex, depart_summary_latex))
    app.add_node(podcast, html=(visit_podcast_html, depart_podcast_html),
                 latex=(visit_podcast_latex, None), text=(visit_podcast_text, None))
    app.add_node(recording_link,
                 html=(visit_recording_link_html, depart_recording_link_html),
                 latex=(visit_recording_link_latex, depart_recording_link_latex),
                 text=(visit_recording_link_text, depart_recording_link_text))
