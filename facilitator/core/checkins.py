"""Check-ins: where each key result stands between drafting and reflect-and-reset, and where it is heading.

A check-in records, per key result, the current value, the room's confidence, a short note and blockers with
an owner. Its status (on track, at risk, off track) is derived, never typed: progress against the share of the
cycle that has passed, and confidence on the room's scale, the worse of the two. The trend across a cycle's
check-ins is what a coach watches: confidence that drops early is the signal a team can still act on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from facilitator.core.okr import DECIMAL, KeyResult, Scale
from facilitator.core.okr_checks import kr_type  # the type the author chose, or the one its text reads as
from facilitator.i18n import N_, _, local_decimal

STATUSES: tuple[str, ...] = ("on-track", "at-risk", "off-track")
# marked for the catalogue; a screen shows _(label), an export the English word
STATUS_LABELS = {"on-track": N_("on track"), "at-risk": N_("at risk"), "off-track": N_("off track"), "": N_("no data")}
# Progress may trail the time elapsed by this much (a share of the whole change) and still be on track:
# key results rarely move in a straight line, and a team a week behind is not yet at risk.
ON_TRACK_SLACK = 0.10
AT_RISK_SLACK = 0.30
# Confidence as a share of the room's scale: below these the owner is telling the room it is in trouble.
CONFIDENCE_OFF_TRACK = 0.3
CONFIDENCE_AT_RISK = 0.5
# A fall of this share of the scale since the last check-in is worth a question, whatever the status says.
CONFIDENCE_DROP = 0.15
MAINTAIN_TOLERANCE = 0.05  # a "maintain" key result may wander this share of its level

# marked for the catalogue; shown with _()
FALLING_QUESTIONS: tuple[str, ...] = (
    N_("What changed since last time?"),
    N_("What would get it back on track?"),
    N_("Whom do we need, and who asks them by when?"),
)
# languages that write 38,5 where English writes 38.5 (as okr_checks and the follow-up do)


def shown_number(value: float) -> str:
    """A check-in's number as a person reads it in the language spoken now: 38,5 in German (parse_value reads
    both back)."""
    return local_decimal(f"{value:g}")


@dataclass
class Blocker:
    text: str
    owner: str = ""


@dataclass
class KeyResultCheckIn:
    """One key result at one check-in. `value` is in the key result's unit (for a milestone: 0-1 done)."""

    key_result_id: str
    value: float | None = None
    confidence: float | None = None
    note: str = ""
    blockers: list[Blocker] = field(default_factory=list)
    status: str = ""  # derived when recorded, kept so an export reads the same as the screen did

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> KeyResultCheckIn:
        blockers = [Blocker(**{k: v for k, v in b.items() if k in ("text", "owner")})
                    for b in data.get("blockers") or () if isinstance(b, dict)]
        return cls(key_result_id=str(data.get("key_result_id", "")), value=_number(data.get("value")),
                   confidence=_number(data.get("confidence")), note=str(data.get("note") or ""),
                   blockers=blockers, status=str(data.get("status") or ""))


@dataclass(frozen=True)
class Cycle:
    start: date
    end: date

    def elapsed(self, today: date) -> float:
        """The share of the cycle that has passed, 0 before it starts and 1 after it ends."""
        days = (self.end - self.start).days
        if days <= 0:
            return 1.0
        return min(1.0, max(0.0, (today - self.start).days / days))


def _number(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(value)


def progress(kr: KeyResult, value: float | None) -> float | None:
    """How far the key result has come, 0 at its start and 1 at its target (beyond 1 when it overshot)."""
    if value is None:
        return None
    if kr_type(kr) == "milestone":
        return min(1.0, max(0.0, value))
    if kr_type(kr) == "baseline":
        return 1.0  # the measure exists now: establishing it was the key result
    if kr.direction == "maintain" or (kr.start is not None and kr.target is not None and kr.start == kr.target):
        level = kr.target if kr.target is not None else kr.start
        if level is None:
            return None
        tolerance = abs(level) * MAINTAIN_TOLERANCE or MAINTAIN_TOLERANCE
        return 1.0 if abs(value - level) <= tolerance else 0.0
    if kr.start is None or kr.target is None:
        return None
    return (value - kr.start) / (kr.target - kr.start)


def confidence_share(confidence: float | None, scale: Scale = DECIMAL) -> float | None:
    if confidence is None or scale.max == scale.min:
        return None
    return (confidence - scale.min) / (scale.max - scale.min)


def derive_status(kr: KeyResult, value: float | None, confidence: float | None, *, elapsed: float,
                  scale: Scale = DECIMAL, today: date | None = None) -> str:
    """on-track, at-risk or off-track: the worse of what the progress and the confidence say; "" with neither."""
    verdicts = []
    moved = progress(kr, value)
    if kr_type(kr) == "milestone" and kr.due and today is not None and (moved or 0) < 1:
        try:
            due = date.fromisoformat(kr.due)
        except ValueError:
            due = None
        if due is not None and today > due:
            verdicts.append("off-track")  # the date has passed and it is not done
    if kr_type(kr) == "baseline" and moved is None and elapsed >= 0.5:
        verdicts.append("at-risk")  # half the cycle gone and still nothing measured
    if moved is not None and kr_type(kr) not in ("baseline", "milestone"):
        gap = elapsed - moved
        verdicts.append("on-track" if gap <= ON_TRACK_SLACK else "at-risk" if gap <= AT_RISK_SLACK else "off-track")
    elif moved is not None:  # a milestone under way or a baseline measured: the date and confidence decide
        verdicts.append("on-track")
    share = confidence_share(confidence, scale)
    if share is not None:
        verdicts.append("off-track" if share < CONFIDENCE_OFF_TRACK
                        else "at-risk" if share < CONFIDENCE_AT_RISK else "on-track")
    if not verdicts:
        return ""
    return max(verdicts, key=STATUSES.index)


def validate(kr: KeyResult, value: float | None, confidence: float | None, scale: Scale) -> None:
    """Raise ValueError, saying what and how to fix it, for a value the key result or the scale cannot take."""
    if confidence is not None and not scale.min <= confidence <= scale.max:
        raise ValueError(_("confidence {confidence} for '{text}' is outside the room's scale {scale} "
                           "({low}-{high})").format(confidence=shown_number(confidence), text=kr.text,
                                                    scale=scale.name, low=shown_number(scale.min),
                                                    high=shown_number(scale.max)))
    if kr_type(kr) == "milestone" and value is not None and not 0 <= value <= 1:
        raise ValueError(_("'{text}' is a milestone: its value is how much of it is done, 0 to 1 (1 = done), "
                           "not {value}").format(text=kr.text, value=shown_number(value)))


@dataclass(frozen=True)
class TrendPoint:
    at: str  # the check-in's date
    progress: float | None
    confidence: float | None
    status: str


@dataclass(frozen=True)
class Trend:
    key_result_id: str
    points: tuple[TrendPoint, ...]

    @property
    def progress_series(self) -> list[float]:
        """Progress at each check-in that measured it (a gap is left out, not drawn as a fall to zero)."""
        return [p.progress for p in self.points if p.progress is not None]

    @property
    def confidence_series(self) -> list[float]:
        return [p.confidence for p in self.points if p.confidence is not None]

    def confidence_dropped(self, scale: Scale = DECIMAL) -> bool:
        """True when the last check-in's confidence fell by a noticeable share of the scale since the one before."""
        known = [p.confidence for p in self.points if p.confidence is not None]
        if len(known) < 2 or scale.max == scale.min:
            return False
        return (known[-2] - known[-1]) / (scale.max - scale.min) >= CONFIDENCE_DROP

    def falling(self, scale: Scale = DECIMAL) -> bool:
        """A key result whose coaching questions should be asked: confidence dropped or the status got worse."""
        if self.confidence_dropped(scale):
            return True
        statuses = [p.status for p in self.points if p.status]
        return len(statuses) >= 2 and STATUSES.index(statuses[-1]) > STATUSES.index(statuses[-2])


def trend(kr: KeyResult, history: Iterable[tuple[str, KeyResultCheckIn]]) -> Trend:
    """The key result across the cycle's check-ins, oldest first, from (date, check-in) pairs."""
    points = [TrendPoint(at, progress(kr, c.value), c.confidence, c.status)
              for at, c in sorted(history, key=lambda pair: pair[0]) if c.key_result_id == kr.id]
    return Trend(kr.id, tuple(points))


def at_risk_first(rows: Sequence[tuple[KeyResult, str]]) -> list[tuple[KeyResult, str]]:
    """The key results the room should talk about first: off track, then at risk, then the rest as drafted."""
    rank = {"off-track": 0, "at-risk": 1}
    return sorted(rows, key=lambda row: rank.get(row[1], 2))


_DONE = {"done": 1.0, "yes": 1.0, "y": 1.0, "fertig": 1.0, "ja": 1.0, "no": 0.0, "n": 0.0, "nein": 0.0}
_NUMBER = re.compile(r"^[-+]?\d+(?:[.,]\d+)?$")


def parse_value(text: str, kr: KeyResult | None, *, what: str = "value") -> float | None:
    """A number as people type it in a check-in: "38.5", "38,5", "38.5%", "1 200", "€ 12"; "done" or "no"
    for a milestone. Blank is no value (not measured), never zero."""
    raw = " ".join((text or "").split())
    if not raw:
        return None
    if kr is not None and kr_type(kr) == "milestone" and raw.casefold() in _DONE:
        return _DONE[raw.casefold()]
    cleaned = raw.strip("%€$£ ").replace("\u202f", "").replace(" ", "")
    if kr is not None and kr.unit:
        cleaned = cleaned.removesuffix(kr.unit.strip()).strip()
    if "," in cleaned and "." in cleaned:
        cleaned = cleaned.replace(",", "") if cleaned.rfind(".") > cleaned.rfind(",") else \
            cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(",") == 1:
        cleaned = cleaned.replace(",", ".")
    if not _NUMBER.match(cleaned.replace(",", "")):
        raise ValueError(_not_a_number(raw[:40], kr, what))
    return float(cleaned.replace(",", ""))


def _not_a_number(raw: str, kr: KeyResult | None, what: str) -> str:
    # whole sentences per case: German puts the key result and the hint elsewhere in the sentence
    if what == "confidence":
        return _("'{raw}' is not a confidence: write a number like {example}").format(
            raw=raw, example=shown_number(0.7))
    example = shown_number(38.5)
    if kr is None:
        return _("'{raw}' is not a value: write a number like {example}").format(raw=raw, example=example)
    if kr_type(kr) == "milestone":
        return _("'{raw}' is not a value for '{text}': write a number like {example} (or done / no for a "
                 "milestone)").format(raw=raw, text=kr.text, example=example)
    return _("'{raw}' is not a value for '{text}': write a number like {example}").format(
        raw=raw, text=kr.text, example=example)


def suggested_score(kr: KeyResult, entry: KeyResultCheckIn | None, scale: Scale = DECIMAL) -> float | None:
    """Where reflect-and-reset starts scoring a key result: its progress at the last check-in, on the room's
    scale (a traffic light takes the status). The room still sets the final score."""
    if entry is None:
        return None
    if scale.name == "traffic-light" and entry.status:
        return {"on-track": scale.max, "at-risk": (scale.min + scale.max) / 2, "off-track": scale.min}[entry.status]
    moved = progress(kr, entry.value)
    if moved is None:
        return None
    return round(scale.min + min(1.0, max(0.0, moved)) * (scale.max - scale.min), 2)
