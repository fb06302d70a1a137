"""The follow-up as one self-contained HTML file: pasted into (or attached to) an e-mail, or printed to PDF.

Written from the Markdown follow-up, so both say the same from the same export document. Nothing external: no
scripts, fonts, images or links to style sheets, which mail clients block. The essential styles are inline on
each element too, because several mail clients drop a `<style>` block; the block adds print rules so a table is
never cut across a page on A4 or Letter (rows stay whole, headers repeat, long words wrap).
"""

from __future__ import annotations

import html
import re
from typing import Any

from markdown_it import MarkdownIt

from facilitator import i18n
from facilitator.core.export import document_title
from facilitator.core.export_markdown import to_markdown

FONT = "-apple-system, 'Segoe UI', Helvetica, Arial, sans-serif"
# inline on every element of its kind: what a mail client that drops <style> still shows
INLINE = {
    "h1": "font-size:22px;line-height:1.25;margin:0 0 12px 0;",
    "h2": "font-size:18px;margin:24px 0 8px 0;padding-bottom:4px;border-bottom:1px solid #d0d7de;",
    "h3": "font-size:15px;margin:16px 0 6px 0;",
    "p": "margin:0 0 10px 0;",
    "ul": "margin:0 0 10px 0;padding-left:22px;",
    "ol": "margin:0 0 10px 0;padding-left:22px;",
    "li": "margin:0 0 4px 0;",
    "table": "border-collapse:collapse;width:100%;margin:0 0 12px 0;table-layout:auto;",
    "th": "border:1px solid #d0d7de;background:#f3f4f6;padding:6px 8px;text-align:left;vertical-align:top;",
    "td": "border:1px solid #d0d7de;padding:6px 8px;text-align:left;vertical-align:top;"
          "overflow-wrap:anywhere;word-break:break-word;",
    "code": "font-family:Menlo,Consolas,monospace;font-size:90%;background:#f3f4f6;padding:1px 4px;",
}
STYLE = """
body { margin: 0; padding: 24px; background: #ffffff; }
main { max-width: 46em; margin: 0 auto; }
thead { display: table-header-group; }
td:last-child, th:last-child { white-space: nowrap; }
tr, li, blockquote { break-inside: avoid; page-break-inside: avoid; }
h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
@page { margin: 16mm 14mm; }
@media print {
  body { padding: 0; font-size: 10.5pt; }
  main { max-width: none; }
  a { color: inherit; text-decoration: none; }
  th { background: #eeeeee !important; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""
_OPEN_TAG = re.compile(r"<(h1|h2|h3|p|ul|ol|li|table|th|td|code)>")
_LAST_CELL = re.compile(r'<t[dh] style="[^"]*">(?:(?!<t[dh] ).)*?</t[dh]>\s*</tr>', re.S)


def _renderer() -> MarkdownIt:
    # html=False: anything typed in the room that looks like a tag is shown as text, never run as markup
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def body_html(markdown: str) -> str:
    rendered = _renderer().render(markdown)
    # raw HTML is off, so every tag here came from the renderer: adding the inline styles cannot touch user text
    styled = _OPEN_TAG.sub(lambda m: f'<{m.group(1)} style="{INLINE[m.group(1)]}">', rendered)
    # a table's last column is the due date: "2026-12-01" must not break at its hyphens, in a mail client too
    return _LAST_CELL.sub(lambda m: m.group(0).replace('style="', 'style="white-space:nowrap;', 1), styled)


def to_html(document: dict[str, Any]) -> str:
    title = html.escape(document_title(document["session"]), quote=False)
    body = body_html(to_markdown(document))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{i18n.language()}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{title}</title>\n<style>{STYLE}</style>\n</head>\n"
        f'<body style="font-family:{FONT};font-size:15px;line-height:1.45;color:#1f2328;">\n'
        f"<main>\n{body}</main>\n</body>\n</html>\n"
    )
