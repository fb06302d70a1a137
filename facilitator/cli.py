"""The command line. Every failure is a plain message on stderr and a non-zero exit, never a traceback."""

from __future__ import annotations

import argparse
import gc
import os
import shlex
import sys
from collections.abc import Sequence
from contextlib import closing
from pathlib import Path

from facilitator import __version__, i18n
from facilitator.cli_output import visible_output, write_data
from facilitator.core import catalog, export_formats
from facilitator.core.cycles import name_key
from facilitator.core.loader import WorkshopError, load_workshop
from facilitator.core.records import NAME_MAX, local_time, one_line
from facilitator.core.timer import format_minutes
from facilitator.core.visible import visible
from facilitator.i18n import _, ngettext
from facilitator.store import SCHEMA_VERSION, Store, StoreError, StoreLocked, atomic_write_text, read_json_file
from facilitator.workspace import NO_SESSION_GIVEN, Selection, SessionConflict, SessionNotFound, Workspace

# Exit codes scripts can rely on (documented in the README); argparse itself exits with USAGE.
OK, FAILURE, USAGE, NOT_FOUND, LOCKED, INVALID_INPUT, CONFLICT = 0, 1, 2, 3, 4, 5, 6
INTERRUPTED = 130
# commands that only read: they open the database without its write lock, so they work while a session runs
READ_COMMANDS = ("sessions", "rules", "export", "cycle")


class CliError(Exception):
    def __init__(self, message: str, code: int = FAILURE):
        super().__init__(message)
        self.code = code


def _exit_code(exc: Exception) -> int:
    from facilitator.core.importer import ImportProblem

    if isinstance(exc, CliError):
        return exc.code
    if isinstance(exc, StoreLocked):
        return LOCKED
    if isinstance(exc, SessionNotFound):
        return NOT_FOUND
    if isinstance(exc, SessionConflict):
        return CONFLICT
    if isinstance(exc, (ImportProblem, WorkshopError)):
        return INVALID_INPUT
    return FAILURE


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="facilitator",
        description=_("Run live, timed OKR workshops: the 10 deployment parameters, then OKR drafting."),
        epilog=_("With no command, opens the home screen to start or resume a session."),
    )
    parser.add_argument("--version", action="version", version=f"facilitator {__version__}")
    parser.add_argument("--db", metavar="PATH",
                        help=_("database file (default: $FACILITATOR_DB, else the user data folder)"))
    parser.add_argument("--present", action="store_true",
                        help=_("start in presenter mode: safe to share, no facilitator notes"))
    parser.add_argument("--read-only", action="store_true",
                        help=_("open the database without changing it (works while another facilitator has it)"))
    parser.add_argument("--lang", metavar="LANG", type=_language_tag,
                        help=_("the language of screens and messages, like de or en (default: $LANGUAGE, $LC_ALL, "
                             "$LC_MESSAGES or $LANG; English where no translation exists)"))
    # --db is accepted before or after the command; SUPPRESS keeps a subcommand from resetting it to None.
    db_anywhere = argparse.ArgumentParser(add_help=False)
    db_anywhere.add_argument("--lang", metavar="LANG", type=_language_tag, default=argparse.SUPPRESS,
                             help=argparse.SUPPRESS)
    db_anywhere.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    db_anywhere.add_argument("--read-only", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    db_anywhere.add_argument("--present", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    clock = argparse.ArgumentParser(add_help=False)
    clock.add_argument("--auto-start", action="store_true",
                       help=_("start each step's timer when you move to it (a workshop file can ask for it too)"))
    clock.add_argument("--end-at", metavar="HH:MM",
                       help=_("the session should end at this time: the agenda shows each step's clock time and "
                            "the screen says when it will end at this pace"))
    clock.add_argument("--flash", action="store_true",
                       help=_("flash the clock a minute before each timebox ends and at zero (key b too)"))
    clock.add_argument("--bell", action="store_true",
                       help=_("ring the terminal bell a minute before each timebox ends and at zero (key b too)"))

    join = argparse.ArgumentParser(add_help=False)
    join.add_argument("--join", action="store_true",
                      help=_("open the room to phones at once (key j): they join by QR code, vote and write privately"))
    join.add_argument("--join-host", metavar="HOST",
                      help=_("the address phones use and the server listens on (default: this machine's LAN address)"))
    join.add_argument("--join-url", metavar="URL",
                      help=_("the address phones use when a port is forwarded, like http://192.168.1.20:8765 "
                           "(the server then listens on 127.0.0.1, or --join-host)"))
    run = sub.add_parser("run", parents=[db_anywhere, clock, join],
                         help=_("start a new session of a workshop and open it"))
    run.add_argument("workshop", metavar="WORKSHOP", help=_("a built-in workshop id or a path to a YAML file"))
    run.add_argument("--org", help=_("the organization (asked for when not given; --org '' for none)"))
    run.add_argument("--team", help=_("the team in the room (asked for when not given; --team '' for none)"))
    run.add_argument("--facilitator", default="", help=_("who facilitates"))
    run.add_argument("--from", dest="previous", metavar="SESSION",
                     help=_("reflect-and-reset: the earlier session to reflect on (default: the team's latest)"))
    run.add_argument("--self-guided", action="store_true",
                     help=_("for a team without a coach: examples on every step, answers checked before moving on"))
    run.add_argument("--share-url", default="", metavar="URL",
                     help=_("a link the QR code (key r) carries: a pre-read, a survey, where the record will be"))

    # which sessions a command means, besides an id: `export latest --team Platform`
    select = argparse.ArgumentParser(add_help=False)
    select.add_argument("--org", dest="select_org", metavar="NAME", help=_("only this organization's sessions"))
    select.add_argument("--team", dest="select_team", metavar="NAME", help=_("only this team's sessions"))
    select.add_argument("--workshop", dest="select_workshop", metavar="ID", help=_("only sessions of this workshop id"))
    session_ref = _("a session id or unique prefix, or 'latest' (the default): the latest started")

    resume = sub.add_parser("resume", parents=[db_anywhere, select, clock, join],
                            help=_("reopen a saved session where it was left"))
    resume.add_argument("session", metavar="SESSION", nargs="?", default="latest", help=session_ref)

    room = sub.add_parser("room", parents=[db_anywhere],
                          help=_("the room's own screen (a projector, a second window): follows the coach's session"))
    room.add_argument("session", metavar="SESSION", nargs="?", default=None,
                      help=_("a session id or unique prefix, or 'latest' (default: the session the coach runs now, "
                           "else the latest)"))
    room.add_argument("--pin", action="store_true",
                      help=_("stay on this session when the coach opens another one"))

    sessions = sub.add_parser("sessions", parents=[db_anywhere, select],
                              help=_("list saved sessions (with --team: that team's, oldest first: its cycles)"))
    sessions.add_argument("--json", action="store_true",
                          help=_("for scripts: one JSON document, oldest started first, times in UTC"))
    sub.add_parser("workshops", parents=[db_anywhere], help=_("list the built-in workshops"))

    one = sub.add_parser("session", parents=[db_anywhere],
                         help=_("show a session's organization and team, or change them (its rules and cycles follow)"))
    one.add_argument("session", metavar="SESSION", help=_("a session id or unique prefix, or 'latest'"))
    one.add_argument("--org", metavar="ORG", help=_("the organization it belongs to ('' for none)"))
    one.add_argument("--team", metavar="TEAM", help=_("the team in the room ('' for none)"))

    cycle = sub.add_parser("cycle", parents=[db_anywhere],
                           help=_("a team's OKR cycle: what is done, the next step and when (with the command that "
                                  "starts it), and what is open"))
    cycle.add_argument("--org", dest="cycle_org", metavar="ORG", default="", help=_("the organization"))
    cycle.add_argument("--team", dest="cycle_team", metavar="TEAM", default=None, required=True,
                       help=_("the team whose cycle to show"))
    cycle.add_argument("--self-guided", action="store_true",
                       help=_("a team without a coach: the setup it starts with is the self-guided one"))
    cycle.add_argument("--json", action="store_true",
                       help=_("for scripts: one JSON document ({format})").format(format=CYCLE_FORMAT))

    rules = sub.add_parser("rules", parents=[db_anywhere],
                           help=_("the rules a session works under: each of the 10 decisions and where it came from"))
    rules.add_argument("session", metavar="SESSION", nargs="?", default="latest",
                       help=_("a session id or unique prefix, or 'latest' (the default)"))

    validate = sub.add_parser("validate", parents=[db_anywhere],
                              help=_("check workshop files; exit 1 on any problem"))
    validate.add_argument("files", metavar="FILE", nargs="+", help=_("workshop files (YAML)"))

    export = sub.add_parser("export", parents=[db_anywhere, select],
                            formatter_class=argparse.RawDescriptionHelpFormatter,
                            help=_("export a session as {join}").format(join=', '.join(export_formats.ids())),
                            epilog=_("formats:\n") + "\n".join(f"  {f.id:<10} {_(f.summary)}"
                                                             for f in export_formats.FORMATS))
    export.add_argument("session", metavar="SESSION", nargs="?", default="latest", help=session_ref)
    export.add_argument("--format", choices=export_formats.ids(), default=export_formats.DEFAULT,
                        help=_("one of the formats below (default: {DEFAULT})").format(DEFAULT=export_formats.DEFAULT))
    export.add_argument("--excel", action="store_true",
                        help=_("CSV for Excel: starts with a byte order mark so accented names open correctly"))
    export.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))
    export.add_argument("--include-private", action="store_true",
                        help=_("add the facilitator notes to {formats} (never included otherwise; not for "
                               "sharing)").format(formats=", ".join(f.id for f in export_formats.FORMATS if f.private)))

    sub.add_parser("schema", parents=[db_anywhere], help=_("print the JSON Schema of the YAML export format"))

    importer = sub.add_parser("import", parents=[db_anywhere],
                              help=_("make a new session from an export (YAML or JSON), or bring in a shared folder "
                                   "(a git checkout); the same files twice are no change"))
    importer.add_argument("file", metavar="FILE|DIR",
                          help=_("an export file, - for standard input, or a folder `publish` wrote (read "
                                 "recursively)"))
    importer.add_argument("--replace", action="store_true",
                          help=_("overwrite a session of the same id (a rescue file); its last state stays backed up"))

    updates = sub.add_parser("update-key-results", parents=[db_anywhere, select],
                             help=_("key result values from a tracker, by id (CSV or JSON): a check-in's value and "
                                  "confidence, or reflect-and-reset scores; rows that match nothing refuse the file"))
    updates.add_argument("session", metavar="SESSION", help=session_ref)
    updates.add_argument("file", metavar="FILE", help=_("a CSV sheet with a key_result_id column, or JSON; - for "
                                                      "standard input"))

    publish = sub.add_parser("publish", parents=[db_anywhere],
                             help=_("write every session to a shared folder (a git checkout): ORG/TEAM/DATE-ID.yaml"))
    publish.add_argument("folder", metavar="DIR", help=_("the folder; only files whose content changed are rewritten"))
    publish.add_argument("--org", metavar="ORG", help=_("only this organization's sessions"))

    report = sub.add_parser("report", parents=[db_anywhere],
                            help=_("across teams: decisions side by side, objectives and alignment, bottom-up share, "
                                 "scores across cycles, open actions"))
    report.add_argument("source", metavar="DIR|db", help=_("a folder `publish` wrote, or db for the database"))
    report.add_argument("--format", choices=("markdown", "csv"), default="markdown", dest="report_format")
    report.add_argument("--org", metavar="ORG", help=_("only this organization"))
    report.add_argument("-o", "--output", metavar="FILE", help=_("write to FILE instead of standard output"))

    db = sub.add_parser("db", parents=[db_anywhere], help=_("check or recover the database"))
    db_sub = db.add_subparsers(dest="db_command", metavar="ACTION", required=True)
    db_sub.add_parser("check", parents=[db_anywhere],
                      help=_("check every file of the database; exit 1 on any problem"))
    db_sub.add_parser("restore", parents=[db_anywhere],
                      help=_("replace damaged session files with their last good backup and rebuild the index"))
    return parser


def _language_tag(text: str) -> str:
    if not i18n.is_language_tag(text):
        raise argparse.ArgumentTypeError(_("'{text}' is not a language, like de or en").format(text=text))
    return text


def _asked_language(argv: Sequence[str]) -> str | None:
    """--lang, read before the parser is built: its help and errors are already in that language."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _set_language(argv: Sequence[str]) -> None:
    asked = _asked_language(argv)
    if asked is not None and not i18n.is_language_tag(asked):
        asked = None  # the parser says what is wrong with it
    chosen = i18n.set_language(asked)
    i18n.install_argparse()
    if asked and i18n.base_language(asked) != chosen:
        print(_("facilitator: no {asked} translation yet (translations: {join}); using English").format(
            asked=asked, join=', '.join(i18n.available())), file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    # Start-up makes tens of thousands of long-lived objects (Textual's classes, styles, the session), and the
    # collector scanning them cost ~40 ms before the first screen. Collection resumes once that screen is drawn
    # (FacilitatorApp.on_ready), or when a command without a screen ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with visible_output():  # nothing printed runs as a terminal escape (cli_output.py)
            return _main(argv)
    finally:
        if collecting:
            gc.enable()


def _main(argv: Sequence[str] | None) -> int:
    try:
        _set_language(sys.argv[1:] if argv is None else argv)
        args = build_parser().parse_args(argv)
        return _dispatch(args)
    except WorkshopError as exc:
        print(str(exc), file=sys.stderr)
        return _exit_code(exc)
    except Exception as exc:
        from facilitator.core.importer import ImportProblem

        if not isinstance(exc, (CliError, StoreError, ImportProblem)):
            raise
        print(_("facilitator: {exc}").format(exc=exc), file=sys.stderr)
        return _exit_code(exc)
    except KeyboardInterrupt:
        return INTERRUPTED


def _dispatch(args: argparse.Namespace) -> int:
    if args.command == "validate":
        return cmd_validate(args.files)
    if args.command == "workshops":
        return cmd_workshops()
    if args.command == "db":
        return cmd_db(args)
    if args.command == "schema":
        from facilitator.core.export import schema_text

        write_data(schema_text())
        return 0
    if args.command == "export" and args.excel and not export_formats.BY_ID[args.format].sheet:
        raise CliError(_("--excel is for the spreadsheet formats ({join}), not {format}").format(
            join=', '.join(export_formats.sheet_ids()), format=args.format), USAGE)
    if args.db is not None and not args.db.strip():
        raise CliError(_("--db needs the path of a database file"), USAGE)
    if args.command == "room":
        return cmd_room(args.db, args.session, args.pin)
    if args.command in READ_COMMANDS:
        with closing(_open_for_reading(args.db)) as store:
            workspace = Workspace(store)
            if args.command == "sessions":
                if args.select_org is not None and not args.json:
                    return cmd_organization(workspace, args.select_org, args.select_team, args.select_workshop)
                return cmd_sessions(workspace, _selection(args), as_json=args.json)
            if args.command == "rules":
                return cmd_rules(workspace, args.session)
            if args.command == "cycle":
                return cmd_cycle(workspace, args.cycle_org, args.cycle_team, self_guided=args.self_guided,
                                 as_json=args.json, db=args.db)
            return cmd_export(workspace, args.session, args.output, args.format, args.include_private,
                              export_formats.ExportOptions(excel=args.excel), _selection(args), args.lang)
    if args.command == "session":
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            return cmd_session(Workspace(store), args.session, args.org, args.team)
    if args.command == "publish":
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            return cmd_publish(Workspace(store), Path(args.folder), args.org)
    if args.command == "report" and args.source != "db":
        return cmd_report(None, Path(args.source), args.report_format, args.org, args.output, args.lang)
    if args.command == "report":
        with closing(_open_for_reading(args.db)) as store:
            return cmd_report(Workspace(store), None, args.report_format, args.org, args.output, args.lang)
    if args.command == "import" and args.file != "-" and Path(args.file).is_dir():
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            return cmd_import_folder(Workspace(store), Path(args.file))
    if args.command == "import":
        text, source = _import_text(args.file)
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            return cmd_import(Workspace(store), text, source, args.replace)
    if args.command == "update-key-results":
        text, source = _import_text(args.file)
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            return cmd_update_key_results(Workspace(store), args.session, text, source, _selection(args))
    if args.command == "run":
        if args.read_only:
            raise CliError(_("cannot start a session with --read-only: nothing could be saved"), USAGE)
        for option, value in (("--org", args.org), ("--team", args.team), ("--facilitator", args.facilitator)):
            if len(value or "") > NAME_MAX:
                raise CliError(_("{option} is {count:,} characters long; names are kept under {NAME_MAX} so they "
                                 "fit every screen").format(
                                     option=option, count=len(value), NAME_MAX=NAME_MAX), INVALID_INPUT)
        end_at = _end_at(args.end_at)
        join = _join_options(args)  # a bad --join-url is said before a session is made
        workshop, ref = catalog.resolve(args.workshop, language=i18n.language())
        _need_a_terminal("run")
        # Asked before the database is opened for writing: an answer of EOF (ctrl+d) leaves nothing behind.
        organization, team = _ask_names(args.db, args.org, args.team)
        with closing(_open_for_writing(args.db, False)) as store:
            workspace = Workspace(store)
            session = workspace.start(workshop, ref, organization=organization, team=team,
                                      facilitator=args.facilitator, share_url=args.share_url,
                                      self_guided=args.self_guided, previous=args.previous,
                                      auto_start=args.auto_start, end_at=end_at or "")
            return _run_app(workspace, session, args.present, _cues(args), join, db=args.db)
    if args.command == "resume":
        if not args.session.strip():
            raise SessionNotFound(_(NO_SESSION_GIVEN))
        end_at = _end_at(args.end_at)
        join = _join_options(args)
        _need_a_terminal("resume")
        with closing(_open_for_writing(args.db, args.read_only)) as store:
            workspace = Workspace(store)
            session = workspace.resume(args.session, _selection(args))
            if (args.auto_start or end_at is not None) and not args.read_only:
                session.plan_clock(auto_start=True if args.auto_start else None, end_at=end_at)
            return _run_app(workspace, session, args.present, _cues(args), join, db=args.db)
    _need_a_terminal("facilitator")
    with closing(_open_for_writing(args.db, args.read_only)) as store:
        return _run_app(Workspace(store), None, args.present, db=args.db)


def _end_at(text: str | None) -> str | None:
    from facilitator.core.follow_up_verbs import clock_time

    if text is None:
        return None
    try:
        return clock_time(text, "--end-at")
    except ValueError as exc:
        raise CliError(str(exc), INVALID_INPUT) from None


def _cues(args: argparse.Namespace):
    from facilitator.core.schedule import Cues

    return Cues(flash=args.flash, bell=args.bell)


def _selection(args: argparse.Namespace) -> Selection:
    return Selection(organization=args.select_org, team=args.select_team, workshop=args.select_workshop)


def _ask_names(db: str | None, organization: str | None, team: str | None) -> tuple[str, str]:
    """Whose session this is, asked at the terminal when `run` was not told: a session with its organization
    and team finds the rules and the company objectives it works under. Names already in the database are
    offered, and match however they are typed; enter leaves one out (`t` on the facilitate screen sets it later)."""
    if organization is not None and team is not None:
        return organization, team
    store = _known_names(db)
    try:
        cycles = Workspace(store).cycles() if store else None
        if organization is None:
            organization = _ask(_("Organization"), cycles.organizations() if cycles else [])
        if team is None:
            known = (cycles.teams(organization) if organization.strip() else cycles.teams()) if cycles else []
            team = _ask(_("Team"), known)
    finally:
        if store:
            store.close()
    return organization, team


def _known_names(db: str | None) -> Store | None:
    """The database opened to read the names it holds, without its write lock; None for a database not made yet
    (or one that cannot be read as it is: opening it for writing says why, after the questions)."""
    store = Store(db, read_only=True)
    if not store.path.is_file():
        return None
    try:
        return store.open()
    except StoreError:
        return None


def _ask(what: str, known: list[str]) -> str:
    shown = ", ".join(one_line(name) for name in known[:6]) + (", ..." if len(known) > 6 else "")
    hint = _(" (known: {names}; enter for none)").format(names=shown) if known else _(" (enter for none)")
    while True:
        try:
            answer = one_line(input(f"{what}{hint}: "))
        except EOFError:
            raise CliError(_("no answer: nothing was started"), USAGE) from None
        if len(answer) <= NAME_MAX:
            return answer
        print(_("That is {length} characters long; names are kept under {limit}.").format(
            length=f"{len(answer):,}", limit=NAME_MAX), file=sys.stderr)


def _need_a_terminal(command: str) -> None:
    """The screens need a terminal to draw on and read keys from: without one, say so before anything is made."""
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise CliError(_("{command} needs a terminal (standard input and output are not one), so nothing was "
                         "started or saved; scripts read sessions with `facilitator sessions --json` and "
                         "`facilitator export`").format(command=command), USAGE)


def _open_for_writing(db: str | None, read_only: bool) -> Store:
    store = Store(db, read_only=read_only).open()
    if store.migrated_from is not None:
        print(_("Upgraded {path} from schema {version}; the old file is kept as {backup}").format(
            path=store.path, version=store.migrated_from, backup=store.migration_backup), file=sys.stderr)
    return store


def _open_for_reading(db: str | None) -> Store:
    """Read commands take no write lock, so a script can read while a facilitator runs a session. A database
    that must be upgraded first is the exception: the upgrade writes, once, under the lock."""
    path = Path(db).expanduser() if db else None
    if path is not None and not path.parent.is_dir():
        # a mistyped --db must not read as a new, empty database
        raise CliError(_("no folder {parent} for the database {path}").format(parent=path.parent, path=path), NOT_FOUND)
    store = Store(db, read_only=True)
    try:
        store.open()
        holder = store.holder()
        if holder:
            print(_("facilitator: {path} is in use by another facilitator ({holder}); reading it without changing "
                    "anything").format(path=store.path, holder=holder), file=sys.stderr)
        return store
    except StoreError:
        if not _needs_upgrade(store.path):
            raise
    return _open_for_writing(db, False)


def _needs_upgrade(path: Path) -> bool:
    try:
        data = read_json_file(path) or {}
    except StoreError:
        return False
    version = (data.get("meta", {}).get("1") or {}).get("schema_version", 0)
    return isinstance(version, int) and version < SCHEMA_VERSION


def cmd_room(db: str | None, ref: str | None, pin: bool) -> int:
    """The room screen only ever reads: the database is opened read-only, without the coach's lock."""
    from facilitator.room_feed import RoomFeed

    with Store(db, read_only=True) as store:
        feed = RoomFeed(Workspace(store), ref, pin=pin)
        from facilitator.room_app import make_room_app  # Textual is imported only when a screen is needed

        make_room_app(feed).run()
    return 0


def _join_options(args: argparse.Namespace):
    from facilitator.app import JoinOptions
    from facilitator.core.join_address import JoinUrlError, resolve

    if args.join_url:
        try:
            resolve(interfaces=[], join_url=args.join_url)  # say what is wrong before the screen opens
        except JoinUrlError as exc:
            raise CliError(str(exc), INVALID_INPUT) from None
    if args.join_host is not None and not args.join_host.strip():
        raise CliError(_("--join-host needs an address, like 192.168.1.20"), INVALID_INPUT)
    return JoinOptions(at_start=args.join, host=args.join_host, url=args.join_url)


def _run_app(workspace: Workspace, session, present: bool, cues=None, join=None,
             db: str | None = None) -> int:
    from facilitator.app import make_app  # Textual is imported only when a screen is needed

    app = make_app(workspace, session, present=present, cues=cues, join=join, db=db)
    app.run()
    if app.session is not None and not app.unsaved_reason:
        print(come_back_line(app.session, db))
        for line in next_step_lines(workspace, app.session, db):
            print(line)
    if app.unsaved_reason:
        if app.rescued_to:
            workspace.store.abandon_pending_writes()
        print(_("facilitator: the last changes could not be saved: {unsaved_reason}").format(
            unsaved_reason=app.unsaved_reason), file=sys.stderr)
        if app.rescued_to:
            print(_("Nothing is lost: the session is in {rescued_to}. Once the database can be written, bring it "
                    "back with:\n  facilitator import {rescued_to} --replace").format(
                        rescued_to=app.rescued_to), file=sys.stderr)
        return 1
    return 0


def come_back_line(session, db: str | None = None) -> str:
    """What `q` leaves on the terminal: that the session is saved, and the command that brings it back."""
    done, total = session.progress()
    where = _("complete") if session.complete else _("step {number}/{total}, {done} done").format(
        number=session.current_index + 1, total=total, done=done)
    option = f" --db {shlex.quote(db)}" if db else ""
    return _("Saved session {id} ({where}). To come back to it:\n  {command}").format(
        id=session.state.id, where=where, command=f"facilitator resume {session.state.id}{option}")


def next_step_lines(workspace: Workspace, session, db: str | None = None) -> list[str]:
    """After the come-back line: the team's exact next step, with the command that starts it."""

    from facilitator.core.cycle_text import next_lines

    state = session.state
    if not (state.organization or state.team):
        return [_("This session belongs to no team, so it is on no team's cycle: "
                  "`facilitator session {id} --org ORG --team TEAM` puts it on one.").format(id=state.id)]
    try:
        path = workspace.cycle_path(state.organization, state.team)
    except StoreError:
        return []  # the session is saved; a damaged neighbour is reported where it is opened
    if path.next is None or path.next.resume == state.id:
        return []
    return next_lines(path, workspace.today(), db, width=print_width())


def print_width() -> int:
    """The columns printed sentences wrap at: the terminal's, and never wider than 80 (a line that long reads
    badly, and a terminal that wraps it itself cuts words)."""
    import shutil

    return min(80, shutil.get_terminal_size((80, 24)).columns)


CYCLE_FORMAT = "facilitator/cycle/v1"


def cmd_cycle(workspace: Workspace, org: str, team: str, *, self_guided: bool = False, as_json: bool = False,
              db: str | None = None) -> int:

    from facilitator.core.cycle_text import path_text

    if not team.strip():
        raise CliError(_("--team needs the name of a team (see `facilitator sessions --org ORG`)"), USAGE)
    for option, value in (("--org", org), ("--team", team)):
        if len(value) > NAME_MAX:
            raise CliError(_("{option} is {length} characters long; names are kept under {most}").format(
                option=option, length=f"{len(value):,}", most=NAME_MAX), INVALID_INPUT)
    today = workspace.today()
    # what tools read stays English whatever the coach's language: --json builds the path's texts in English
    with i18n.using("en" if as_json else None):
        path = workspace.cycle_path(one_line(org), one_line(team), today=today, self_guided=self_guided or None)
    if as_json:
        import json

        document = {"format": CYCLE_FORMAT, "writer": {"name": "facilitator", "version": __version__},
                    **path.to_dict(db)}
        sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
        return 0
    print(path_text(path, today, db, width=print_width()))
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    """Checks and repairs read the files directly: they must work when the index cannot be opened."""
    store = Store(args.db, read_only=args.db_command == "check")
    if args.db_command == "check":
        problems = store.check()
        for problem in problems:
            print(problem)
        if not problems:
            print(_("{path}: ok").format(path=store.path))
        return 1 if problems else 0
    try:
        store.acquire_lock()
        for line in store.restore():
            print(line)
    except OSError as exc:
        raise CliError(_("cannot restore: {reason}: {path}").format(
            reason=exc.strerror or exc, path=exc.filename or store.path)) from None
    finally:
        store.close()
    problems = store.check()
    for problem in problems:
        print(_("still: {problem}").format(problem=problem))
    return 1 if problems else 0


def cmd_validate(files: list[str]) -> int:
    failed = False
    for name in files:
        try:
            workshop = load_workshop(name)
        except WorkshopError as exc:
            failed = True
            print(str(exc))
            continue
        print(_("{name}: ok: '{title}', {count} steps, {planned_seconds}").format(
            name=name, title=workshop.title, count=len(workshop.steps),
            planned_seconds=format_minutes(workshop.planned_seconds)))
    return 1 if failed else 0


def cmd_workshops() -> int:
    entries = catalog.list_builtin()
    if not entries:
        raise CliError(_("no built-in workshops found in {builtin_dir}").format(builtin_dir=catalog.builtin_dir()))
    # grouped by workshop (list_builtin's order): the original, then its versions in other languages
    width = max(len(e.ref) for e in entries)
    for e in entries:
        language = one_line(e.language)[:8]
        if e.workshop is None:
            broken = _("BROKEN: run `facilitator validate {path}`").format(path=e.path)
            print(f"{e.ref:<{width}}  {language:<5}  {broken}")
        else:
            w = e.workshop
            steps = ngettext("{count} step", "{count} steps", len(w.steps)).format(count=len(w.steps))
            print(f"{e.ref:<{width}}  {language:<5}  {one_line(w.title)} (v{one_line(w.version)}): "
                  f"{steps}, {format_minutes(w.planned_seconds)}")
    return 0


def cmd_sessions(workspace: Workspace, selection: Selection | None = None, *, as_json: bool = False) -> int:
    selection = selection or Selection()
    sessions = workspace.sessions(selection)
    if as_json:
        return _sessions_json(workspace, sessions)
    if selection.team is not None:
        # the team's cycles in order, oldest first, as the summary's history shows them
        in_order = workspace.cycles().team_sessions(selection.organization, selection.team)
        wanted = {s.id for s in sessions}
        sessions = [s for s in in_order if s.id in wanted]
    if not sessions:
        if selection != Selection():
            print(_("No sessions{describe} in {db_path}.").format(
                describe=selection.describe(), db_path=workspace.db_path))
        else:
            print(_("No saved sessions in {db_path}. Start one with `facilitator run deployment-parameters`.").format(
                db_path=workspace.db_path))
        return 0
    rows = [(_("ID"), _("WORKSHOP"), _("ORGANIZATION / TEAM"), _("PROGRESS"), _("DECIDED"), _("STARTED"),
             _("LAST CHANGE"))]
    for s in sessions:
        names = " / ".join(x for x in (s.organization, s.team) if x) or "-"
        names = names if len(names) <= 60 else names[:59] + "…"
        decided = f"{s.decided}/{s.decisions_total}" if s.decisions_total else "-"
        rows.append((s.id, s.workshop_title, names, f"{s.steps_done}/{s.steps_total}", decided,
                     local_time(s.started_at), local_time(s.updated_at)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    return 0


def cmd_organization(workspace: Workspace, org: str, team: str | None = None, workshop: str | None = None) -> int:
    """An organization at a glance: its teams, each team's sessions cycle by cycle, and who decides for all."""
    cycles = workspace.cycles()
    known = next((o for o in cycles.organizations() if name_key(o) == name_key(org)), None)
    if known is None:
        names = ", ".join(f"'{one_line(o)}'" for o in cycles.organizations()[:8]) or _("none yet")
        print(one_line(_("No sessions for organization '{org}' in {path} (organizations: {names}).").format(
            org=org, path=workspace.db_path, names=names)))
        return 0
    teams = cycles.organization_sessions(known)
    if team is not None:
        teams = {t: s for t, s in teams.items() if name_key(t) == name_key(team)}
        if not teams:
            print(one_line(_("No sessions for team '{team}' in {organization}.").format(team=team, organization=known)))
            return 0
    if workshop is not None:
        teams = {t: [s for s in sessions if name_key(s.workshop_id) == name_key(workshop)]
                 for t, sessions in teams.items()}
        teams = {t: sessions for t, sessions in teams.items() if sessions}
    company = {name_key(t) for t in cycles.company_teams(known)}
    total = sum(len(s) for s in teams.values())
    team_count = ngettext("{count} team", "{count} teams", len(teams)).format(count=len(teams))
    session_count = ngettext("{count} session", "{count} sessions", total).format(count=total)
    print(one_line(f"{known}: {team_count}, {session_count}"))
    rows = [(_("TEAM"), _("CYCLE"), _("ID"), _("WORKSHOP"), _("PROGRESS"), _("DECIDED"), _("STARTED"))]
    for name, sessions in teams.items():
        numbers = cycles.cycle_numbers(sessions)
        label = one_line(name) or _("(no team)")
        label = label if len(label) <= 40 else label[:39] + "…"
        label += _(" (company)") if name_key(name) in company else ""
        for i, s in enumerate(sessions):
            decided = f"{s.decided}/{s.decisions_total}" if s.decisions_total else "-"
            rows.append((label if i == 0 else "", str(numbers[s.id]), s.id, one_line(s.workshop_title),
                         f"{s.steps_done}/{s.steps_total}", decided, local_time(s.started_at)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    return 0


def cmd_session(workspace: Workspace, ref: str, org: str | None, team: str | None) -> int:
    session = workspace.resume(ref)
    state = session.state
    before = _names(state.organization, state.team)
    if org is None and team is None:
        print(one_line(_("Session {id} ({title}): {names}").format(id=state.id, title=state.workshop_title,
                                                                    names=before)))
        return 0
    if workspace.read_only:
        raise CliError(_("cannot change a session with --read-only: nothing could be saved"), USAGE)
    for option, value in (("--org", org), ("--team", team)):
        if value is not None and len(value) > NAME_MAX:
            raise CliError(_("{option} is {count:,} characters long; names are kept under {NAME_MAX} so they fit "
                             "every screen").format(option=option, count=len(value), NAME_MAX=NAME_MAX), INVALID_INPUT)
    wanted_org = state.organization if org is None else org
    wanted_team = state.team if team is None else team
    try:
        now_org, now_team = workspace.rename(session, wanted_org, wanted_team)
    finally:
        session.close()
    if session.unsaved_reason:
        raise CliError(_("not saved: {unsaved_reason}").format(unsaved_reason=session.unsaved_reason))
    after = _names(now_org, now_team)
    if after == before:
        print(one_line(_("Session {id} already belongs to {names}").format(id=state.id, names=after)))
        return 0
    print(one_line(_("Session {id}: {before} → {after}").format(id=state.id, before=before, after=after)))
    for given, kept in ((wanted_org, now_org), (wanted_team, now_team)):
        if one_line(given) != kept:
            print(one_line(_("'{given}' is written '{kept}', as it was first written").format(
                given=given.strip(), kept=kept)))
    print(one_line(session.board.resolution().headline()))
    return 0


def _names(organization: str, team: str) -> str:
    return " / ".join(x for x in (organization, team) if x) or _("no organization or team")


def cmd_rules(workspace: Workspace, ref: str) -> int:
    session = workspace.resume(ref)
    resolution = session.board.resolution()
    state = session.state
    print(one_line(_("Session {id} ({title}, {names})").format(
        id=state.id, title=state.workshop_title, names=_names(state.organization, state.team))))
    print(one_line(resolution.headline()))
    rows = [(_("PARAMETER"), _("RULE"), _("FROM"))] + [(r.title, _cell(r.text), one_line(r.where))
                                                       for r in resolution.rules]
    widths = [max(len(r[i]) for r in rows) for i in range(2)]
    for r in rows:
        print(f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]}".rstrip())
    rules = resolution.room
    print(_("Drafts: at most {max_objectives} objectives, {min_krs}-{max_krs} key results each; types: {join}; "
            "scale {name}").format(
                max_objectives=rules.max_objectives, min_krs=rules.min_krs, max_krs=rules.max_krs,
                join=', '.join(sorted(rules.kr_types)), name=rules.scale.name))
    return 0


def _cell(text: str, width: int = 50) -> str:
    text = one_line(text)  # decisions may come from imported files: no terminal escapes reach the screen
    return text if len(text) <= width else text[:width - 1] + "…"


SESSIONS_FORMAT = "facilitator/sessions/v1"


def _sessions_json(workspace: Workspace, sessions: list) -> int:
    """`sessions --json`: what a sync script needs to decide what to export, documented in docs/export-format.md."""
    import json

    rows = []
    for s in sorted(reversed(sessions), key=lambda s: s.started_at):
        try:
            revision = workspace.revision(s)
        except StoreError:
            revision = None  # damaged: `facilitator db check` says more; the listing still lists it
        rows.append({"id": s.id, "workshop": {"id": s.workshop_id, "title": s.workshop_title},
                     "organization": s.organization, "team": s.team, "facilitator": s.facilitator,
                     "started_at": s.started_at, "updated_at": s.updated_at, "current_step": s.current_step,
                     "steps_done": s.steps_done, "steps_total": s.steps_total, "decided": s.decided,
                     "decisions_total": s.decisions_total, "revision": revision})
    document = {"format": SESSIONS_FORMAT, "writer": {"name": "facilitator", "version": __version__},
                "database": str(workspace.db_path), "sessions": rows}
    from facilitator.core.visible import json_escaped

    write_data(json_escaped(json.dumps(document, indent=2, ensure_ascii=False)) + "\n")
    return 0


# An export is well under this; anything larger is not one, and is refused before it is parsed.
IMPORT_MAX_BYTES = 2_000_000


def _import_text(file: str) -> tuple[str, str]:
    """The text of an export to import, from a file or (`-`) standard input, with the name to report it by."""
    if file == "-":
        data = sys.stdin.buffer.read(IMPORT_MAX_BYTES + 1)
        source = _("standard input")
    else:
        path = Path(file)
        try:
            if path.stat().st_size > IMPORT_MAX_BYTES:
                raise CliError(_("{path}: too large to be an export ({st_size:,} bytes); nothing imported").format(
                    path=path, st_size=path.stat().st_size), INVALID_INPUT)
            data = path.read_bytes()
        except FileNotFoundError:
            raise CliError(_("cannot read {path}: no such file").format(path=path), NOT_FOUND) from None
        except OSError as exc:
            raise CliError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
        source = str(path)
    if len(data) > IMPORT_MAX_BYTES:
        raise CliError(_("{source}: too large to be an export (over {most:,} bytes); nothing imported").format(
            source=source, most=IMPORT_MAX_BYTES),
                       INVALID_INPUT)
    try:
        return data.decode("utf-8-sig"), source
    except UnicodeDecodeError:
        raise CliError(_("{source}: not UTF-8 text; nothing imported").format(source=source), INVALID_INPUT) from None


def cmd_import(workspace: Workspace, text: str, source: str, replace: bool = False) -> int:
    from facilitator.core.importer import ImportProblem

    try:
        session_id, changed, notes = workspace.import_text(text, replace=replace)
    except ImportProblem as exc:
        raise CliError(_("{source}: {exc}; nothing imported").format(source=source, exc=exc), INVALID_INPUT) from None
    except SessionConflict as exc:
        raise CliError(_("{source}: {exc}; nothing imported").format(source=source, exc=exc), CONFLICT) from None
    for note in notes:
        print(_("facilitator: note: {source}: {note}").format(source=source, note=note), file=sys.stderr)
    if changed:
        print(_("Imported session {session_id} into {db_path}").format(
            session_id=session_id, db_path=workspace.db_path))
    else:
        print(_("Session {session_id} is already in {db_path} as the file has it; nothing changed").format(
            session_id=session_id, db_path=workspace.db_path))
    return 0


def cmd_update_key_results(workspace: Workspace, ref: str, text: str, source: str,
                           selection: Selection | None = None) -> int:
    from facilitator.core.key_result_updates import UpdateProblem, apply, read_updates

    session = workspace.resume(ref, selection)
    if workspace.read_only:
        raise CliError(_("cannot update key results with --read-only: nothing could be saved"), USAGE)
    try:
        updates = read_updates(text)
        kind = apply(session, updates)
    except UpdateProblem as exc:
        raise CliError(_("{source}: {exc}").format(source=source, exc=exc), INVALID_INPUT) from None
    if session.unsaved_reason:
        raise CliError(_("the values could not be saved: {unsaved_reason}").format(
            unsaved_reason=session.unsaved_reason))
    what = _("check-in values") if kind == "check-in" else _("reflect-and-reset scores")
    print(ngettext("Updated {count} key result ({what}) in session {id}",
                   "Updated {count} key results ({what}) in session {id}", len(updates)).format(
        count=len(updates), what=what, id=session.state.id))
    return 0


def cmd_publish(workspace: Workspace, folder: Path, org: str | None) -> int:
    from facilitator.shared_folder import publish

    if workspace.read_only:
        raise CliError(_("cannot publish with --read-only: what was shared is recorded in the database"), USAGE)
    try:
        result = publish(workspace, folder, Selection(organization=org) if org is not None else None)
    except OSError as exc:
        raise CliError(_("cannot write {folder}: {reason}").format(folder=folder, reason=exc.strerror or exc)) from None
    for path in result.written:
        print(_("wrote {path}").format(path=path))
    for old, new in result.moved:
        print(_("moved {old} -> {new}").format(old=old, new=new))
    for line in result.refused + result.problems:
        print(one_line(_("not written: {problem}").format(problem=line)), file=sys.stderr)
    changed = len(result.written) + len(result.moved)
    print(_("Published to {folder}: {changed} written, {unchanged} unchanged").format(
        folder=folder, changed=changed, unchanged=result.unchanged)
          + (_(", {count} changed there first").format(count=len(result.refused)) if result.refused else ""))
    if result.refused:
        return CONFLICT
    return FAILURE if result.problems else OK


def cmd_import_folder(workspace: Workspace, folder: Path) -> int:
    from facilitator.shared_folder import import_folder

    if workspace.read_only:
        raise CliError(_("cannot import with --read-only: nothing could be saved"), USAGE)
    result = import_folder(workspace, folder)
    for session_id in result.added:
        print(_("added {session_id}").format(session_id=session_id))
    for session_id in result.updated:
        print(_("updated {session_id}").format(session_id=session_id))
    for line in result.kept_ours:
        print(one_line(_("kept ours: {problem}").format(problem=line)))
    for line in result.conflicts:
        print(one_line(_("conflict: {problem}").format(problem=line)))
    for line in result.problems:
        print(one_line(_("not imported: {problem}").format(problem=line)), file=sys.stderr)
    if not (result.added or result.updated or result.conflicts):
        print(_("Imported from {folder}: nothing new: {unchanged} unchanged").format(
            folder=folder, unchanged=result.unchanged)
              + (_(", {count} newer here").format(count=len(result.kept_ours)) if result.kept_ours else ""))
    else:
        print(_("Imported from {folder}: {added} added, {updated} updated, {unchanged} unchanged, {conflicts} in "
                "conflict (both versions kept)").format(
                    folder=folder, added=len(result.added), updated=len(result.updated), unchanged=result.unchanged,
                    conflicts=len(result.conflicts)))
    if result.conflicts:
        return CONFLICT
    return INVALID_INPUT if result.problems else OK


def cmd_report(workspace: Workspace | None, folder: Path | None, fmt: str, org: str | None,
               output: str | None, lang: str | None = None) -> int:
    from facilitator.core.cycles import Cycles
    from facilitator.core.report import build, to_csv, to_markdown

    if folder is not None:
        from facilitator.shared_folder import FolderReader

        if not folder.is_dir():
            raise CliError(_("{folder} is not a folder (report reads a folder `publish` wrote, or db)").format(
                folder=folder), NOT_FOUND)
        reader = FolderReader(folder)
        for line in reader.problems:
            print(one_line(_("skipped {problem}").format(problem=line)), file=sys.stderr)
    else:
        reader = workspace
    reports = build(Cycles(reader))
    if org is not None:
        reports = [r for r in reports if name_key(r.name) == name_key(org)]
    text = visible(to_csv(reports) if fmt == "csv" else to_markdown(reports, lang))  # read by people: no escapes
    if output is None or output == "-":
        sys.stdout.write(text)
        return 0
    try:
        atomic_write_text(Path(output), text)
    except OSError as exc:
        raise CliError(_("cannot write {output}: {reason}").format(output=output, reason=exc.strerror or exc)) from None
    print(_("Report written to {output}").format(output=output), file=sys.stderr)
    return 0


def cmd_export(workspace: Workspace, ref: str, output: str | None, fmt: str = export_formats.DEFAULT,
               include_private: bool = False, options: export_formats.ExportOptions | None = None,
               selection: Selection | None = None, language: str | None = None) -> int:
    text = workspace.export(ref, fmt, include_private=include_private, options=options, selection=selection,
                            language=language)
    if output is None or output == "-":
        # a record for programs byte for byte (YAML and JSON escape controls themselves); the rest is for people
        (write_data if export_formats.BY_ID[fmt].data else sys.stdout.write)(text)
        _warn_if_stdout_file_is_shared()
        return 0
    path = Path(output)
    # Through a symlink to the file it names; a device or pipe (/dev/stdout, a fifo) is written to as it is,
    # never replaced by a regular file as the atomic rename would.
    target = Path(os.path.realpath(path))
    try:
        if target.exists() and not target.is_file():
            with open(target, "w", encoding="utf-8") as out:
                out.write(text)
        else:
            atomic_write_text(target, text)
    except OSError as exc:
        raise CliError(_("cannot write {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    print(_("Exported to {path}").format(path=path), file=sys.stderr)
    return 0


def _warn_if_stdout_file_is_shared() -> None:
    """`export > file` gets the shell's umask, often readable by everyone: say so to the person at the terminal."""
    import stat

    try:
        sys.stdout.flush()
        mode = os.fstat(sys.stdout.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return  # not a real file descriptor (captured output)
    if stat.S_ISREG(mode) and mode & 0o077 and sys.stderr.isatty():
        print(_("facilitator: the file standard output goes to can be read by others (mode {S_IMODE:o}); `-o FILE` "
                "writes it readable by you only").format(S_IMODE=stat.S_IMODE(mode)), file=sys.stderr)
