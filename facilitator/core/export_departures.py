"""The follow-up's list of a self-guided team's departures from its own rules, written from the export document
(`okrs.departures`, see core/rule_departures.py): each is a decision the team took, so the client part of the
follow-up lists it, with the rule as decided and the team's reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from facilitator.core.okr_checks import BOARD
from facilitator.core.parameters import BY_ID
from facilitator.i18n import _


def departures_markdown(document: dict[str, Any], inline: Callable[[Any], str],
                        sentence: Callable[[Any], str]) -> str:
    okrs = document.get("okrs") or {}
    departures = okrs.get("departures") or []
    if not departures:
        return ""
    names = {o["id"]: o["title"] for o in okrs.get("objectives") or []}
    names.update({kr["id"]: kr["text"] for o in okrs.get("objectives") or [] for kr in o.get("key_results") or []})
    lines = ["## " + _("Departures from our rules"), "",
             _("This time we set our own rules aside on purpose, and said why (review them at reflect-and-reset):"),
             ""]
    for d in departures:
        title = _(BY_ID[d["parameter"]].title) if d["parameter"] in BY_ID else d["parameter"]
        # Translators: the quotation marks around a title in running text (German „…“)
        target = _("the whole board") if d["target"] == BOARD else _("“{text}”").format(
            text=inline(names.get(d["target"], d["target"])))
        if inline(d["finding"]):
            line = "- " + _("**{rule}**, on {target}: {finding}").format(rule=title, target=target,
                                                                        finding=sentence(d["finding"]))
        else:
            line = "- " + _("**{rule}**, on {target}.").format(rule=title, target=target)
        if inline(d["rule"]):
            line += " " + _("We decided: {rule}").format(rule=sentence(d["rule"]))
        line += " " + _("Why we depart: {reason}").format(reason=sentence(d["reason"]))
        lines.append(line)
    return "\n".join(lines)
