"""Numbers in a grid, as an HTML table: matrices for convolution and pooling, layer
tables for chains. Cells can be marked (the ones that contribute to an answer);
colours come from the stylesheet, so day and night mode both read."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from html import escape

from backprop_deck.core.numbers import display


def grid(values: Sequence[Sequence[float | str]], *, caption: str = "",
         marked: Collection[tuple[int, int]] = (), muted: Collection[tuple[int, int]] = (),
         row_labels: Sequence[str] = (), column_labels: Sequence[str] = ()) -> str:
    """A table of numbers; ``marked`` cells are highlighted, ``muted`` ones greyed
    (zero padding). Labels are plain text."""
    rows = []
    marked, muted = set(marked), set(muted)
    if column_labels:
        corner = "<th></th>" if row_labels else ""
        rows.append("<tr>" + corner + "".join(f"<th>{escape(c)}</th>" for c in column_labels)
                    + "</tr>")
    for r, row in enumerate(values):
        cells = [f"<th>{escape(row_labels[r])}</th>"] if row_labels else []
        for c, value in enumerate(row):
            # a number's digits, point and minus need no escaping
            text = escape(value) if isinstance(value, str) else display(value)
            if (r, c) in marked or (r, c) in muted:
                classes = [name for name, where in (("marked", marked), ("muted", muted))
                           if (r, c) in where]
                cells.append(f'<td class="{" ".join(classes)}">{text}</td>')
            else:
                cells.append(f"<td>{text}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    caption_html = f"<caption>{caption}</caption>" if caption else ""
    return f'<table class="grid">{caption_html}{"".join(rows)}</table>'


def grids(*tables: str) -> str:
    """Tables side by side where they fit, wrapping on a narrow screen."""
    return f'<div class="grids">{"".join(tables)}</div>'
