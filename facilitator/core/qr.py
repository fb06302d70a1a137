"""QR codes drawn with half-block characters, so a phone can read one off a terminal or a shared screen.

Each character cell holds two modules (upper and lower half). Dark modules are drawn on a light background
with a quiet zone around the code: phone cameras need the contrast the right way round and the margin.
"""

from __future__ import annotations

from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_L, ERROR_CORRECT_M

from facilitator.core.parameters import BY_ID, PARAMETER_IDS
from facilitator.i18n import _

QUIET_ZONE = 4  # modules; the QR standard's margin
MIN_QUIET_ZONE = 2  # still read by phone cameras when a small terminal leaves no room for more


@dataclass(frozen=True)
class Drawing:
    lines: list[str]
    version: int
    quiet_zone: int
    scale: int = 1  # character cells per module, across (a module is scale/2 rows high)

    @property
    def width(self) -> int:
        return len(self.lines[0]) if self.lines else 0

    @property
    def height(self) -> int:
        return len(self.lines)


def matrix(data: str, quiet_zone: int = QUIET_ZONE, error_correction: int = ERROR_CORRECT_M) -> list[list[bool]]:
    code = qrcode.QRCode(error_correction=error_correction, border=quiet_zone)
    code.add_data(data.encode("utf-8"))
    code.make(fit=True)
    return code.get_matrix()


def half_blocks(modules: list[list[bool]]) -> list[str]:
    """Two module rows per text row: '█' both dark, '▀' upper dark, '▄' lower dark, ' ' both light."""
    rows = [*modules, [False] * len(modules[0])] if len(modules) % 2 else modules
    glyphs = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}
    return ["".join(glyphs[(top, bottom)] for top, bottom in zip(upper, lower, strict=True))
            for upper, lower in zip(rows[0::2], rows[1::2], strict=True)]


def enlarge(modules: list[list[bool]], scale: int) -> list[list[bool]]:
    """Each module as a scale x scale square of modules: drawn in half blocks it stays square, only bigger."""
    return [[m for m in row for _across in range(scale)] for row in modules for _down in range(scale)]


def draw(data: str, max_width: int, max_height: int, max_scale: int = 1) -> Drawing | None:
    """The most robust drawing of `data` that fits, or None when the space is too small to scan.

    With `max_scale` above 1 the largest size that fits comes first: a code on a projector is read from the back
    of the room, and a bigger module reads from further away than a wider quiet zone or more error correction.
    """
    matrices: dict[tuple[int, int], list[list[bool]]] = {}
    for scale in range(max(1, max_scale), 0, -1):
        for quiet in (QUIET_ZONE, MIN_QUIET_ZONE):
            for correction in (ERROR_CORRECT_M, ERROR_CORRECT_L):
                if (quiet, correction) not in matrices:
                    try:
                        matrices[quiet, correction] = matrix(data, quiet, correction)
                    except (ValueError, qrcode.exceptions.DataOverflowError):
                        return None
                modules = matrices[quiet, correction]
                side = len(modules) * scale
                if side > max_width or (side + 1) // 2 > max_height:
                    continue
                lines = half_blocks(enlarge(modules, scale) if scale > 1 else modules)
                return Drawing(lines, (len(modules) - 2 * quiet - 17) // 4, quiet, scale)
    return None


def decisions_text(title: str, team: str, decisions: dict[str, object]) -> str:
    """A short plain-text record of the decisions, for phones: one line per decided or parked parameter, in the
    language spoken now (the screen's that shows the code)."""
    lines = [title + (f" - {team}" if team else "")]  # ASCII: some decoders guess the charset wrongly
    for parameter in PARAMETER_IDS:
        d = decisions.get(parameter)
        status = getattr(d, "status", "open")
        if status == "decided":
            lines.append(f"{_(BY_ID[parameter].title)}: {getattr(d, 'decision', '')}")
        elif status == "parked":
            lines.append(_("{parameter}: parked").format(parameter=_(BY_ID[parameter].title)))
    return "\n".join(lines)
