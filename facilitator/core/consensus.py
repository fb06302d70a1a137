"""Consensus checks before a decision is written down: fist-of-five and dot voting."""

from __future__ import annotations

from typing import Any

FIST_SCORES = (0, 1, 2, 3, 4, 5)
LOW = 2  # a score at or below this means "I cannot support this yet"


def fist_of_five(counts: dict[int, int], *, objections: str = "", addressed: bool = False) -> dict[str, Any]:
    """How many people showed each score. Any low score opens an objections round: the decision is agreed
    only once the objections were heard and addressed."""
    counts = {score: int(counts.get(score, 0)) for score in FIST_SCORES}
    if any(n < 0 for n in counts.values()):
        raise ValueError("a count cannot be negative")
    people = sum(counts.values())
    if people == 0:
        raise ValueError("record how many people showed each score")
    low = sum(counts[s] for s in FIST_SCORES if s <= LOW)
    objections = objections.strip()
    if low and addressed and not objections:
        raise ValueError("write down the objections heard before marking them addressed")
    return {
        "method": "fist-of-five",
        "counts": {str(s): counts[s] for s in FIST_SCORES},
        "people": people,
        "average": round(sum(s * n for s, n in counts.items()) / people, 2),
        "low": low,
        "objections": objections,
        "agreed": low == 0 or (addressed and bool(objections)),
    }


def dot_voting(votes: dict[str, int], option_ids: list[str]) -> dict[str, Any]:
    """Dots per option; the leader is the option with most dots (none when tied at the top)."""
    unknown = set(votes) - set(option_ids)
    if unknown:
        raise ValueError(f"no option {', '.join(sorted(unknown))}")
    tally = {o: int(votes.get(o, 0)) for o in option_ids}
    if any(n < 0 for n in tally.values()):
        raise ValueError("a vote count cannot be negative")
    if not any(tally.values()):
        raise ValueError("record the dots each option got")
    top = max(tally.values())
    leaders = [o for o, n in tally.items() if n == top]
    return {"method": "dot-voting", "votes": tally, "leader": leaders[0] if len(leaders) == 1 else None,
            "tied": leaders if len(leaders) > 1 else [], "agreed": len(leaders) == 1}


def describe(result: dict[str, Any] | None, labels: dict[str, str] | None = None) -> str:
    """One line for the screen; `labels` names the options of a dot vote (their ids otherwise)."""
    if not result:
        return ""
    name = (labels or {}).get
    if result["method"] == "fist-of-five":
        people = result["people"]
        text = f"fist-of-five: {people} {'person' if people == 1 else 'people'}, average {result['average']}"
        if result["low"]:
            text += f", {result['low']} at 2 or less"
            text += " (objections heard and addressed)" if result["agreed"] else " (objections round open)"
        return text
    if result["leader"]:
        leader = result["leader"]
        dots = result["votes"][leader]
        return f"dot voting: leader {name(leader, leader)} ({dots} {'dot' if dots == 1 else 'dots'})"
    return f"dot voting: tie between {', '.join(name(o, o) for o in result['tied'])}"
