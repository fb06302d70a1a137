"""Finding workshops: the built-in scripts shipped in the package, or a file given by path."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.core.loader import LocatedProblem, WorkshopError, load_workshop
from facilitator.core.workshop import Workshop

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_dir() -> Path:
    """Where the built-in scripts are: inside the installed package, or the repository's workshops/."""
    shipped = _PACKAGE_DIR / "workshops"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent / "workshops"


def builtin_paths() -> dict[str, Path]:
    return {p.stem: p for p in sorted(builtin_dir().glob("*.yaml"))}


@dataclass(frozen=True)
class WorkshopEntry:
    ref: str
    path: Path
    workshop: Workshop | None
    error: WorkshopError | None


def list_builtin() -> list[WorkshopEntry]:
    entries = []
    for ref, path in builtin_paths().items():
        try:
            entries.append(WorkshopEntry(ref, path, load_workshop(path), None))
        except WorkshopError as exc:
            entries.append(WorkshopEntry(ref, path, None, exc))
    return entries


def resolve(ref: str) -> tuple[Workshop, str]:
    """Load a workshop from a built-in id or a path; returns it with the ref to store for resuming."""
    builtins = builtin_paths()
    if ref in builtins:
        return load_workshop(builtins[ref]), ref
    path = Path(ref).expanduser()
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in ref:
        return load_workshop(path), str(path.resolve())
    known = ", ".join(builtins) or "none installed"
    raise WorkshopError([LocatedProblem(ref, 1, 1, f"no built-in workshop or file '{ref}' (built-in: {known})")])
