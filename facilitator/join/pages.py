"""The phone pages: plain HTML forms that work without JavaScript, built only from a phone view (core/phone_view).

Everything interpolated goes through `html.escape`; styles and the polling script are files served from the
same origin, because the pages forbid inline scripts and styles (Content-Security-Policy: default-src 'self').
Every word is in the language spoken when the page is built: the join server builds it under the phone's language
(`i18n.using`), and the page's `lang` says which one that is. Translations are escaped like everything else.
"""

from __future__ import annotations

from html import escape
from typing import Any

from facilitator.core.collection import TEXT_MAX
from facilitator.i18n import N_, _, language, ngettext


def _e(value: Any) -> str:
    return escape(str(value), quote=True)


def _t(text: str) -> str:
    """A page's own words (a translation may carry '&' or '<'), as element text: quotes stay as they are."""
    return escape(text, quote=False)


def page(base: str, title: str, body: str, *, version: str = "", poll: bool = False) -> str:
    poll_attr = f' data-poll="{_e(base)}/poll" data-v="{_e(version)}"' if poll else ""
    return (
        f"<!doctype html>\n<html lang=\"{_e(language())}\"><head><meta charset=\"utf-8\">"
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
        return page(base, view["workshop"], head + _notice(
            _("The room is locked: no new people can join now. Ask the facilitator to open it.")) + _again(base))
    if view["full"]:
        return page(base, view["workshop"], head + _notice(_("The room is full. Ask the facilitator to make room."))
                    + _again(base))
    # Babel reads no call inside an f-string: every _() here stands outside one
    label = _t(_("Your name, if you like (only you see it; it is never shown next to an answer)"))
    button = _t(_("Join the room"))
    form = _form(base, "join", csrf, (
        f'<label for="name">{label}</label><input id="name" name="name" maxlength="40" autocomplete="nickname">'
        f'<button type="submit">{button}</button>'))
    return page(base, view["workshop"], head + "<p>" + _t(_(
        "Vote and write privately; the room sees the answers together when the facilitator reveals them."))
        + "</p>" + form)


def _notice(text: str) -> str:
    return f'<p class="notice">{_t(text)}</p>'


def _again(base: str) -> str:
    again = _t(_("Try again"))
    return f'<p><a href="{_e(base)}">{again}</a></p>'


def room_page(base: str, view: dict[str, Any], csrf: str, version: str) -> str:
    now = _t(_("Now: {step}")).format(step=_e(view["step"]))
    me = (_t(_("You joined as {name}.")).format(name=_e(view["name"])) if view["name"] else _t(_("You joined.")))
    head = f"<h1>{_e(view['workshop'])}</h1><p class=\"step\">{now}</p><p class=\"me\">{me}</p>"
    question = view["question"]
    if question is None:
        body = _notice(_("Nothing to answer yet. This page updates when the facilitator asks."))
    else:
        body = _question(base, question, csrf)
    refresh = _t(_("Refresh"))
    body += f'<p class="refresh"><a href="{_e(base)}">{refresh}</a></p>'
    return page(base, view["workshop"], head + body, version=version, poll=True)


def error_page(base: str, message: str) -> str:
    back_to_room = _t(_("Back to the room"))
    back = f'<p><a href="{_e(base)}">{back_to_room}</a></p>' if base else ""
    return page(base, _("Not taken"), f"<p class=\"notice\">{_e(message)}</p>{back}")


_STATUS = {
    "collecting": N_("Answer privately: nobody sees answers until the reveal."),
    "closed": N_("Answers are closed. The facilitator will reveal them to the room."),
    "revealed": N_("Revealed to the room:"),
}


def _question(base: str, q: dict[str, Any], csrf: str) -> str:
    out = [f"<section class=\"question {_e(q['status'])}\"><h2>{_e(q['prompt'])}</h2>"]
    if q.get("about"):
        out.append(f"<p class=\"about\">{_e(q['about'])}</p>")
    if q.get("proposal"):
        proposed = _t(_("Proposed: {proposal}")).format(proposal=_e(q["proposal"]))
        out.append(f"<p class=\"proposal\">{proposed}</p>")
    status = _t(_(_STATUS[q["status"]]))
    out.append(f"<p class=\"status\">{status}</p>")
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
            you_have = _t(ngettext("You have {dots} dot.", "You have {dots} dots.", q["dots"])).format(dots=q["dots"])
            send = _t(_("Send my dots"))
            out.append(_form(base, "answer", csrf, hidden + f"<p>{you_have}</p>"
                             f'<div class="dots">{rows}</div><button type="submit">{send}</button>'))
        labels = dict(q["options"])
        sent = ", ".join(f"{labels.get(o, o)}: {n}" for o, n in mine.items())
        out.append(_sent(sent))
    else:
        if collecting and q["left"]:
            send = _t(_("Send ({left} left)")).format(left=q["left"])
            label = _t(_("Your text (up to {most} characters)")).format(most=TEXT_MAX)
            out.append(_form(base, "answer", csrf, hidden + (
                f'<label for="text">{label}</label>'
                f'<textarea id="text" name="text" maxlength="{TEXT_MAX}" rows="4" required></textarea>'
                f'<button type="submit">{send}</button>')))
        elif collecting:
            out.append("<p>" + _t(_("You have sent as many texts as this step takes.")) + "</p>")
        if q["mine"]:
            items = []
            take = _t(_("Take back"))
            for text_id, text in q["mine"]:
                take_back = _form(base, "withdraw", csrf, f'<input type="hidden" name="text" value="{_e(text_id)}">'
                                  f'<button type="submit" class="small">{take}</button>',
                                  cls="inline") if collecting else ""
                items.append(f"<li>{_e(text)}{take_back}</li>")
            you_sent = _t(_("You sent:"))
            out.append(f"<p class=\"sent\">{you_sent}</p><ul class=\"mine\">{''.join(items)}</ul>")
    if "result" in q:
        out.append(_result(kind, q["result"]))
    out.append("</section>")
    return "".join(out)


def _sent(what: Any) -> str:
    if not what:
        return "<p class=\"sent\">" + _t(_("Not answered.")) + "</p>"
    return "<p class=\"sent\">" + _t(_("You sent: {answer}")).format(answer=f"<b>{_e(what)}</b>") + "</p>"


def _bars(rows: list[tuple[Any, int]]) -> str:
    top = max((n for _label, n in rows), default=0) or 1
    return "<table class=\"bars\">" + "".join(
        f"<tr><th>{_e(label)}</th><td><meter min=\"0\" max=\"{top}\" value=\"{n}\">{n}</meter></td>"
        f"<td class=\"n\">{n}</td></tr>" for label, n in rows) + "</table>"


def _result(kind: str, r: dict[str, Any]) -> str:
    people = r["people"]
    answered = _t(ngettext("{n} person answered.", "{n} people answered.", people)).format(n=people)
    out = [f"<div class=\"result\"><p>{answered}</p>"]
    if kind == "fist-of-five":
        out.append(_bars(r["counts"]))
        if people:
            low = _t(_("{low} at 2 or less")).format(low=r["low"])
            out.append("<p>" + _t(_("Average {average}; {low}.")).format(average=_e(r["average"]), low=f"<b>{low}</b>")
                       + "</p>")
    elif kind == "dot-voting":
        out.append(_bars(r["votes"]))
        if r["leader"]:
            out.append("<p>" + _t(_("Leader: {option}")).format(option=f"<b>{_e(r['leader'])}</b>") + "</p>")
        elif r["tied"]:
            out.append("<p>" + _t(_("Tie between {options}")).format(options=_e(", ".join(r["tied"]))) + "</p>")
    elif kind == "confidence":
        out.append(_bars(r["counts"]))
        if people:
            out.append("<p>" + _t(_("From {low} to {high}, median {median}.")).format(
                low=_e(r["min"]), high=_e(r["max"]), median=f"<b>{_e(r['median'])}</b>") + "</p>")
    else:
        out.append("<ul class=\"texts\">" + "".join(f"<li>{_e(t)}</li>" for t in r["texts"]) + "</ul>")
    out.append("</div>")
    return "".join(out)
