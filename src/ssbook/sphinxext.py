"""A small Sphinx extension for the book (loaded through _config.yml).

sphinx-book-theme puts the page title and the book title into its templates as plain text,
without HTML escaping (its print header and sidebar). Titles here can come from the data (a vehicle's
name), so they are escaped before the templates see them.
"""

from __future__ import annotations

import html


def _escape_titles(app, pagename, templatename, context, doctree) -> None:
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html.escape(context[key])


def setup(app):
    # After sphinx-book-theme's own handler (priority 500), which sets these values.
    app.connect("html-page-context", _escape_titles, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
