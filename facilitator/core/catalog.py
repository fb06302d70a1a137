"""Finding workshops: the built-in scripts shipped in the package, or a file given by path."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from facilitator.core.loader import LocatedProblem, WorkshopError, load_workshop
from facilitator.core.workshop import Workshop
from facilitator.i18n import SOURCE_LANGUAGE, _, base_language

# workshops/de/, workshops/de-CH/: a folder of translations is named by its language, nothing else
_LANGUAGE_FOLDER = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def builtin_dir() -> Path:
    """Where the built-in scripts are: inside the installed package, or the repository's workshops/."""
    shipped = _PACKAGE_DIR / "workshops"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parent / "workshops"


def builtin_paths() -> dict[str, Path]:
    """Built-in ids and their files: `check-in` is workshops/check-in.yaml (English), `de/check-in` its German
    version in workshops/de/ (same workshop id and step ids, so exports of both compare)."""
    root = builtin_dir()
    paths = {p.stem: p for p in sorted(root.glob("*.yaml"))}
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and _LANGUAGE_FOLDER.match(p.name)):
        paths.update({f"{folder.name}/{p.stem}": p for p in sorted(folder.glob("*.yaml"))})
    return paths


def base_ref(ref: str) -> str:
    """`de/check-in` -> `check-in`: the workshop a translated built-in is a version of."""
    head, _sep, tail = ref.partition("/")
    return tail if tail and _LANGUAGE_FOLDER.match(head) else ref


def ref_language(ref: str) -> str:
    """The language a built-in id names: `de/check-in` -> 'de'; a top-level built-in is the English original."""
    return ref.split("/", 1)[0] if base_ref(ref) != ref else SOURCE_LANGUAGE


def localized_ref(ref: str, language: str | None, builtins: dict[str, Path] | None = None) -> str:
    """The built-in to run when a workshop is named by its base id in `language`: its version in that language if
    one ships (`check-in` in German -> `de/check-in`), else the one named. A path or a ref that names its
    language (`de/check-in`, `check-in` in English) is taken as it is."""
    builtins = builtin_paths() if builtins is None else builtins
    if not language or "/" in ref or ref not in builtins:
        return ref
    lang = language.replace("_", "-")
    for candidate in (f"{lang}/{ref}", f"{base_language(lang)}/{ref}"):
        if candidate in builtins:
            return candidate
    return ref


@dataclass(frozen=True)
class WorkshopEntry:
    ref: str
    path: Path
    workshop: Workshop | None
    error: WorkshopError | None

    @property
    def base(self) -> str:
        return base_ref(self.ref)

    @property
    def language(self) -> str:
        """The script's own `language`, else the one its folder names."""
        return (self.workshop.language if self.workshop and self.workshop.language else "") or ref_language(self.ref)


def list_builtin() -> list[WorkshopEntry]:
    """Every built-in, grouped by workshop: the English original, then its versions in other languages."""
    entries = []
    paths = builtin_paths()
    for ref in sorted(paths, key=lambda r: (base_ref(r), r != base_ref(r), r)):
        path = paths[ref]
        try:
            entries.append(WorkshopEntry(ref, path, load_workshop(path), None))
        except WorkshopError as exc:
            entries.append(WorkshopEntry(ref, path, None, exc))
    return entries


def resolve(ref: str, language: str | None = None) -> tuple[Workshop, str]:
    """Load a workshop from a built-in id or a path; returns it with the ref to store for resuming.

    With `language` (starting a session), a built-in named by its base id is taken in that language when a version
    ships in it (see `localized_ref`); without it (resuming, importing) the ref is exactly the one stored."""
    builtins = builtin_paths()
    ref = localized_ref(ref, language, builtins)
    if ref in builtins:
        return load_workshop(builtins[ref]), ref
    path = Path(ref).expanduser()
    if path.exists() or path.suffix in (".yaml", ".yml") or "/" in ref:
        return load_workshop(path), str(path.resolve())
    known = ", ".join(builtins) or _("none installed")
    raise WorkshopError([LocatedProblem(ref, 1, 1, _("no built-in workshop or file '{ref}' (built-in: {known})").format(
        ref=ref, known=known))])
