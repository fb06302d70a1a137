"""The phone pages: plain HTML forms that work without JavaScript, built only from a phone view (core/phone_view).

Everything interpolated goes through `html.escape`; styles and the polling script are files served from the
same origin, because the pages forbid inline scripts and styles (Content-Security-Policy: default-src 'self').
"""

from __future__ import annotations

from html import escape
from typing import Any


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def page(base: str, title: str, body: str, *, version: str = "", poll: bool = False) -> str:
    poll_attr = f' data-poll="{_e(base)}/poll" data-v="{_e(version)}"' if poll else ""
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{_e(title)}</title><link rel=\"stylesheet\" href=\"{_e(base)}/app.css\">"
        f"<script src=\"{_e(base)}/app.js\" defer></script></head>"
        f"<body{poll_attr}><main>{body}</main></body></html>\n"
    )


def _form(base: str, action: str, csrf: str, inner: str, *, cls: str = "") -> str:
    klass = f' class="{cls}"' if cls else ""
    return (f'<form method="post" action="{_e(base)}/{action}"{klass}>'
            f'<input type="hidden" name="csrf" value="{_e(csrf)}">{inner}</form>')


def join_page(base: str, view: dict[str, Any], csrf: str) -> str:
    head = f"<h1>{_e(view['workshop'])}</h1>"
    if view["locked"]:
        return page(base, view["workshop"], head + "<p class=\"notice\">The room is locked: no new people can "
                    "join now. Ask the facilitator to open it.</p>"
                    f'<p><a href="{_e(base)}">Try again</a></p>')
    if view["full"]:
        return page(base, view["workshop"], head + "<p class=\"notice\">The room is full. Ask the facilitator "
                    "to make room.</p>" f'<p><a href="{_e(base)}">Try again</a></p>')
    form = _form(base, "join", csrf, (
        '<label for="name">Your name, if you like (only you see it; it is never shown next to an answer)</label>'
        '<input id="name" name="name" maxlength="40" autocomplete="nickname">'
        '<button type="submit">Join the room</button>'))
    return page(base, view["workshop"], head + "<p>Vote and write privately; the room sees the answers "
                "together when the facilitator reveals them.</p>" + form)


def room_page(base: str, view: dict[str, Any], csrf: str, version: str) -> str:
    who = f" as {_e(view['name'])}" if view["name"] else ""
    head = (f"<h1>{_e(view['workshop'])}</h1><p class=\"step\">Now: {_e(view['step'])}</p>"
            f"<p class=\"me\">You joined{who}.</p>")
    question = view["question"]
    if question is None:
        body = "<p class=\"notice\">Nothing to answer yet. This page updates when the facilitator asks.</p>"
    else:
        body = _question(base, question, csrf)
    body += f'<p class="refresh"><a href="{_e(base)}">Refresh</a></p>'
    return page(base, view["workshop"], head + body, version=version, poll=True)


def error_page(base: str, message: str) -> str:
    back = f'<p><a href="{_e(base)}">Back to the room</a></p>' if base else ""
    return page(base, "Not taken", f"<p class=\"notice\">{_e(message)}</p>{back}")


_STATUS = {
    "collecting": "Answer privately: nobody sees answers until the reveal.",
    "closed": "Answers are closed. The facilitator will reveal them to the room.",
    "revealed": "Revealed to the room:",
}


def _question(base: str, q: dict[str, Any], csrf: str) -> str:
    out = [f"<section class=\"question {_e(q['status'])}\"><h2>{_e(q['prompt'])}</h2>"]
    if q.get("about"):
        out.append(f"<p class=\"about\">{_e(q['about'])}</p>")
    if q.get("proposal"):
        out.append(f"<p class=\"proposal\">Proposed: {_e(q['proposal'])}</p>")
    out.append(f"<p class=\"status\">{_e(_STATUS[q['status']])}</p>")
    collecting = q["status"] == "collecting"
    hidden = f'<input type="hidden" name="collection" value="{_e(q["id"])}">'
    kind = q["kind"]
    if kind in ("fist-of-five", "confidence"):
        field = "score" if kind == "fist-of-five" else "value"
        if collecting:
            pressed = ' class="mine" aria-pressed="true"'
            buttons = "".join(
                f'<button type="submit" name="{field}" value="{_e(value)}"'
                f'{pressed if value == q["mine"] else ""}>{_e(label)}</button>'
                for value, label in q["choices"])
            out.append(_form(base, "answer", csrf, hidden + f'<div class="choices">{buttons}</div>'))
        out.append(_sent(q["mine"] and next((lbl for v, lbl in q["choices"] if v == q["mine"]), q["mine"])))
    elif kind == "dot-voting":
        mine = q["mine"]
        if collecting:
            rows = "".join(
                f'<label for="dot-{_e(oid)}">{_e(label)}</label>'
                f'<input id="dot-{_e(oid)}" name="dot-{_e(oid)}" type="number" inputmode="numeric" min="0" '
                f'max="{q["dots"]}" value="{mine.get(oid, 0)}">'
                for oid, label in q["options"])
            out.append(_form(base, "answer", csrf, hidden + f"<p>You have {q['dots']} dots.</p>"
                             f'<div class="dots">{rows}</div><button type="submit">Send my dots</button>'))
        labels = dict(q["options"])
        sent = ", ".join(f"{labels.get(o, o)}: {n}" for o, n in mine.items())
        out.append(_sent(sent))
    else:
        if collecting and q["left"]:
            out.append(_form(base, "answer", csrf, hidden + (
                '<label for="text">Your text (up to 500 characters)</label>'
                '<textarea id="text" name="text" maxlength="500" rows="4" required></textarea>'
                f'<button type="submit">Send ({q["left"]} left)</button>')))
        elif collecting:
            out.append("<p>You have sent as many texts as this step takes.</p>")
        if q["mine"]:
            items = []
            for text_id, text in q["mine"]:
                take_back = _form(base, "withdraw", csrf, f'<input type="hidden" name="text" value="{_e(text_id)}">'
                                  '<button type="submit" class="small">Take back</button>',
                                  cls="inline") if collecting else ""
                items.append(f"<li>{_e(text)}{take_back}</li>")
            out.append(f"<p class=\"sent\">You sent:</p><ul class=\"mine\">{''.join(items)}</ul>")
    if "result" in q:
        out.append(_result(kind, q["result"]))
    out.append("</section>")
    return "".join(out)


def _sent(what: Any) -> str:
    return f"<p class=\"sent\">You sent: <b>{_e(what)}</b></p>" if what else "<p class=\"sent\">Not answered.</p>"


def _bars(rows: list[tuple[Any, int]]) -> str:
    top = max((n for _, n in rows), default=0) or 1
    return "<table class=\"bars\">" + "".join(
        f"<tr><th>{_e(label)}</th><td><meter min=\"0\" max=\"{top}\" value=\"{n}\">{n}</meter></td>"
        f"<td class=\"n\">{n}</td></tr>" for label, n in rows) + "</table>"


def _result(kind: str, r: dict[str, Any]) -> str:
    people = r["people"]
    out = [f"<div class=\"result\"><p>{people} {'person' if people == 1 else 'people'} answered.</p>"]
    if kind == "fist-of-five":
        out.append(_bars(r["counts"]))
        if people:
            out.append(f"<p>Average {_e(r['average'])}; <b>{r['low']} at 2 or less</b>.</p>")
    elif kind == "dot-voting":
        out.append(_bars(r["votes"]))
        if r["leader"]:
            out.append(f"<p>Leader: <b>{_e(r['leader'])}</b></p>")
        elif r["tied"]:
            out.append(f"<p>Tie between {_e(', '.join(r['tied']))}</p>")
    elif kind == "confidence":
        out.append(_bars(r["counts"]))
        if people:
            out.append(f"<p>From {_e(r['min'])} to {_e(r['max'])}, median <b>{_e(r['median'])}</b>.</p>")
    else:
        out.append("<ul class=\"texts\">" + "".join(f"<li>{_e(t)}</li>" for t in r["texts"]) + "</ul>")
    out.append("</div>")
    return "".join(out)
