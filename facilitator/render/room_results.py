"""The room's answers as terminal text: progress while collecting (counts only), the reveal as histograms.

Texts from phones are passed as rich `Text`, never as markup, and they were refused at the door if they carried
control characters; here they are also folded onto one line.
"""

from __future__ import annotations

from rich.text import Text

from facilitator.core.collection import KINDS, Collection, describe_result, histogram
from facilitator.core.records import one_line
from facilitator.core.room import Room

STATUS_WORDS = {"collecting": "collecting", "closed": "closed, not revealed", "revealed": "revealed"}


def progress_line(room: Room) -> str:
    joined, answered = room.progress()
    active = room.active()
    text = f"{joined} joined"
    if active is not None:
        text += f" · {answered} answered · {KINDS[active.kind].label.lower()} {STATUS_WORDS[active.status]}"
    if room.settings.locked:
        text += " · locked"
    return text


def result_text(room: Room, collection: Collection, *, width: int = 24) -> Text:
    """What a revealed collection says; nothing but the counts before the reveal."""
    out = Text()
    res = room.result(collection)
    if collection.status != "revealed":
        joined, answered = room.progress()
        out.append(f"{answered} of {joined} answered. ", style="bold")
        out.append("Nothing is shown until you reveal." if collection.status == "collecting"
                   else "Closed: v reveals the answers to the room.")
        return out
    labels = room.labels_of(collection)
    out.append(describe_result(res, labels) + "\n", style="bold")
    rows: dict[str, int] = {}
    if collection.kind in ("fist-of-five", "confidence"):
        rows = dict(res["counts"])
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
