"""Consensus checks before a decision is written down: fist-of-five and dot voting."""

from __future__ import annotations

from typing import Any

from facilitator.i18n import _, local_decimal, ngettext

FIST_SCORES = (0, 1, 2, 3, 4, 5)
LOW = 2  # a score at or below this means "I cannot support this yet"


def fist_of_five(counts: dict[int, int], *, objections: str = "", addressed: bool = False,
                 objections_private: bool = False) -> dict[str, Any]:
    """How many people showed each score. Any low score opens an objections round: the decision is agreed
    only once the objections were heard and addressed."""
    counts = {score: int(counts.get(score, 0)) for score in FIST_SCORES}
    if any(n < 0 for n in counts.values()):
        raise ValueError(_("a count cannot be negative"))
    people = sum(counts.values())
    if people == 0:
        raise ValueError(_("record how many people showed each score"))
    low = sum(counts[s] for s in FIST_SCORES if s <= LOW)
    objections = objections.strip()
    if low and addressed and not objections:
        raise ValueError(_("write down the objections heard before marking them addressed"))
    result = {
        "method": "fist-of-five",
        "counts": {str(s): counts[s] for s in FIST_SCORES},
        "people": people,
        "average": round(sum(s * n for s, n in counts.items()) / people, 2),
        "low": low,
        "objections": objections,
        "agreed": low == 0 or (addressed and bool(objections)),
    }
    return keep_objections_private(result, objections_private)


def dot_voting(votes: dict[str, int], option_ids: list[str], *, objections: str = "", addressed: bool = False,
               confirmed: bool = False) -> dict[str, Any]:
    """Dots per option; the leader is the option with most dots (none when tied at the top).

    `objections` are those still open from a fist-of-five this vote replaces: a vote does not answer them, so
    the decision is agreed only once they are heard and addressed. `confirmed`: the room agrees with the
    decision as written even where it differs from the leader (see `settle`)."""
    unknown = set(votes) - set(option_ids)
    if unknown:
        raise ValueError(_("no option {ids}").format(ids=", ".join(sorted(unknown))))
    tally = {o: int(votes.get(o, 0)) for o in option_ids}
    if any(n < 0 for n in tally.values()):
        raise ValueError(_("a vote count cannot be negative"))
    if not any(tally.values()):
        raise ValueError(_("record the dots each option got"))
    objections = objections.strip()
    top = max(tally.values())
    leaders = [o for o, n in tally.items() if n == top]
    result: dict[str, Any] = {"method": "dot-voting", "votes": tally,
                              "leader": leaders[0] if len(leaders) == 1 else None,
                              "tied": leaders if len(leaders) > 1 else [], "agreed": len(leaders) == 1}
    if objections:
        result.update(objections=objections, addressed=addressed)
    if confirmed:
        result["confirmed"] = True
    return _agreed(result)


def keep_objections_private(result: dict[str, Any], private: bool) -> dict[str, Any]:
    """Mark what was said in an objections round as the coach's: out of exports and shared screens. The mark
    is there only when set, so a check without one reads as it always did."""
    kept = {k: v for k, v in result.items() if k != "objections_private"}
    if private and result.get("objections"):
        kept["objections_private"] = True
    return kept


def shared_consensus(result: dict[str, Any] | None) -> dict[str, Any] | None:
    """A consensus check as anyone may see it (exports, the room screen): objections marked coach-only are
    left out, and so is the mark itself."""
    if not result:
        return result
    shared = {k: v for k, v in result.items() if k != "objections_private"}
    if result.get("objections_private"):
        shared["objections"] = ""
    return shared


def open_objections(result: dict[str, Any] | None) -> str:
    """The objections a check left open, to carry into the check that replaces it ("" when none are open)."""
    if not result or result.get("agreed"):
        return ""
    if result["method"] == "fist-of-five" and result["low"]:
        # carried into the next check's objections, as the room's notes are: in the language of the room
        return result["objections"] or _("{low} at 2 or less; their objections were not written down").format(
            low=result["low"])
    if result["method"] == "dot-voting" and result.get("objections") and not result.get("addressed"):
        return result["objections"]
    return ""


def carry_objections(new: dict[str, Any], old: dict[str, Any] | None) -> dict[str, Any]:
    """A dot vote that replaces a fist-of-five keeps the objections that round left open: a new method must
    not make them disappear."""
    carried = open_objections(old)
    if new["method"] != "dot-voting" or not carried or new.get("objections"):
        return new
    return _agreed({**new, "objections": carried, "addressed": False})


def settle(result: dict[str, Any] | None, status: str, choice: str | None) -> dict[str, Any] | None:
    """A dot vote measured against the decision written down: a decision that is not the vote's leader is not
    agreed unless the room confirmed it."""
    if not result or result["method"] != "dot-voting":
        return result
    result = dict(result)
    result.pop("differs", None)
    if status == "decided" and result["leader"] is not None and choice != result["leader"]:
        result["differs"] = True
    return _agreed(result)


def _agreed(result: dict[str, Any]) -> dict[str, Any]:
    if result["method"] == "dot-voting":
        result["agreed"] = (result["leader"] is not None
                            and not (result.get("differs") and not result.get("confirmed"))
                            and not (result.get("objections") and not result.get("addressed")))
    return result


def describe(result: dict[str, Any] | None, labels: dict[str, str] | None = None) -> str:
    """One line for the screen; `labels` names the options of a dot vote (their ids otherwise)."""
    if not result:
        return ""
    name = (labels or {}).get
    if result["method"] == "fist-of-five":
        people = result["people"]
        average = local_decimal(f"{result['average']}")  # "3,5" in a German room, as it writes numbers
        text = ngettext("fist-of-five: {people} person, average {average}",
                        "fist-of-five: {people} people, average {average}", people).format(
            people=people, average=average)
        if result["low"]:
            text += (_(", {low} at 2 or less (objections heard and addressed)") if result["agreed"] else
                     _(", {low} at 2 or less (objections round open)")).format(low=result["low"])
        return text
    if result["leader"]:
        leader = result["leader"]
        dots = result["votes"][leader]
        text = ngettext("dot voting: leader {option} ({dots} dot)", "dot voting: leader {option} ({dots} dots)",
                        dots).format(option=name(leader, leader), dots=dots)
        if result.get("differs"):
            text += (_(", the decision written down differs (confirmed by the room)") if result.get("confirmed")
                     else _(", but the decision written down differs: not agreed until the room confirms it (v)"))
    else:
        text = _("dot voting: tie between {options}").format(options=", ".join(name(o, o) for o in result["tied"]))
    if result.get("objections"):
        text += (_("; earlier objections heard and addressed") if result.get("addressed")
                 else _("; objections still open: {objections}").format(objections=result["objections"]))
    return text
