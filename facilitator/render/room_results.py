"""The room's answers as terminal text: progress while collecting (counts only), the reveal as histograms.

Texts from phones are passed as rich `Text`, never as markup, and they were refused at the door if they carried
control characters; here they are also folded onto one line.
"""

from __future__ import annotations

from rich.text import Text

from facilitator.core.collection import Collection, describe_result, histogram, shown_number
from facilitator.core.records import one_line
from facilitator.core.room import Room
from facilitator.i18n import N_, _, ngettext

STATUS_WORDS = {"collecting": N_("collecting"), "closed": N_("closed, not revealed"), "revealed": N_("revealed")}
# the kind inside a line, where English writes it in lower case (a German noun keeps its capital)
KIND_WORDS = {"fist-of-five": N_("fist of five"), "dot-voting": N_("dot voting over the options"),
              "confidence": N_("confidence in a key result"), "writing": N_("silent writing")}


def progress_line(room: Room) -> str:
    joined, answered = room.progress()
    active = room.active()
    text = _("{joined} joined").format(joined=joined)
    if active is not None:
        text += " · " + ngettext("{answered} answered · {kind} {status}", "{answered} answered · {kind} {status}",
                                 answered).format(answered=answered, kind=_(KIND_WORDS.get(active.kind, active.kind)),
                                                  status=_(STATUS_WORDS[active.status]))
    if room.settings.locked:
        text += " · " + _("locked")
    return text


def result_text(room: Room, collection: Collection, *, width: int = 24) -> Text:
    """What a revealed collection says; nothing but the counts before the reveal."""
    out = Text()
    res = room.result(collection)
    if collection.status != "revealed":
        joined, answered = room.progress()
        out.append(_("{answered} of {joined} answered").format(answered=answered, joined=joined) + ". ", style="bold")
        out.append(_("Nothing is shown until you reveal.") if collection.status == "collecting"
                   else _("Closed: v reveals the answers to the room."))
        return out
    labels = room.labels_of(collection)
    out.append(describe_result(res, labels) + "\n", style="bold")
    rows: dict[str, int] = {}
    if collection.kind == "fist-of-five":
        rows = dict(res["counts"])
    elif collection.kind == "confidence":
        rows = {shown_number(float(value)): n for value, n in res["counts"].items()}
    elif collection.kind == "dot-voting":
        rows = {labels.get(o, o): res["votes"].get(o, 0) for o in labels}
    if rows:
        name_width = min(28, max(len(label) for label in rows))
        for label, n, bar in histogram(rows, width):
            out.append(f"{one_line(label)[:name_width]:>{name_width}} ")
            out.append("█" * bar, style="bold")
            out.append(f" {n}\n")
    if collection.kind == "writing":
        for text in res["texts"]:
            out.append("• " + one_line(text) + "\n")
    return out
