"""The join server: a small aiohttp site inside the app's own event loop, so phones on the room's network can
answer. It is one more client of the session's verbs (`session.phones`), like the screens; it never touches the
store, and what it sends a phone is built from core/phone_view's allow-list.

Guard rails, in the order a request meets them: the Host header must be the advertised host:port (a DNS
rebinding page cannot talk to it), a wrong or old token is a 404, bodies are capped at 16 KiB, every POST must
come from our own page (Origin, see `_same_origin`) and carry the form token, and each phone (by cookie, or by
address before it joined) has a rate limit. Any crash in a handler becomes a plain 500 for that phone and a
count for the coach: it never reaches the terminal.

Each phone is answered in its own language: the first one its browser asks for (Accept-Language) that has a
catalogue, else the interface's. A page, and any verb whose refusal a phone reads (AnswerError), is built under
`i18n.using(that language)` in one synchronous stretch: the translation is the process's, and this server runs in
the app's event loop, so nothing else is drawn in the phone's language meanwhile. Never an await inside.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from aiohttp import web

from facilitator import i18n
from facilitator.core.collection import AnswerError
from facilitator.core.join_address import JoinAddress
from facilitator.core.phone_view import phone_view, version
from facilitator.i18n import N_, _
from facilitator.join import pages

if TYPE_CHECKING:
    from facilitator.core.session import Session

MAX_BODY = 16 * 1024
LANG = web.RequestKey("lang", str)  # the language this request is answered in (phone_language)
COOKIE = "facilitator_participant"
COOKIE_MAX_AGE = 12 * 3600  # a workshop day: a phone that rejoins after a restart keeps its answers
STATIC = Path(__file__).resolve().parent / "static"
HEADERS = {
    "Content-Security-Policy": "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
}


class Bucket:
    """A token bucket: `burst` requests at once, then `rate` a second."""

    def __init__(self, burst: float, rate: float, now: float):
        self.tokens, self.burst, self.rate, self.at = burst, burst, rate, now

    def take(self, now: float) -> bool:
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


class Limits:
    """Per phone: polling every 2 s is far inside the GET limit; a flood of POSTs from one cookie is not."""

    GET = (30, 2.0)
    VISIT = (120, 5.0)  # per address for pages seen before joining: a room behind one address opens it at once
    POST = (10, 1.0)
    # per address, before a phone has a cookie: a whole room behind one address (a NAT) can still join at once;
    # the cap bounds how many a flood of joins can make
    JOIN = (60, 1.0)
    MAX_KEYS = 5000  # forget the oldest buckets beyond this, so a flood of made-up cookies cannot eat memory

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.buckets: dict[tuple[str, str], Bucket] = {}

    def allow(self, kind: str, key: str) -> bool:
        now = self.clock()
        bucket = self.buckets.get((kind, key))
        if bucket is None:
            if len(self.buckets) >= self.MAX_KEYS:
                self.buckets.pop(next(iter(self.buckets)))
            bucket = self.buckets[(kind, key)] = Bucket(*getattr(self, kind), now)
        return bucket.take(now)


class JoinServer:
    def __init__(self, session: Session, address: JoinAddress, *, on_change: Callable[[], None] | None = None,
                 clock: Callable[[], float] = time.monotonic, token: str | None = None):
        self.session = session
        self.address = address
        self.token = token or secrets.token_urlsafe(16)  # 128 bits, fresh each time the room opens
        self._secret = secrets.token_bytes(32)  # signs the form tokens; dies with the server
        self.on_change = on_change or (lambda: None)
        self.limits = Limits(clock)
        self.crashes = 0
        self._runner: web.AppRunner | None = None

    @property
    def url(self) -> str:
        return self.address.url(self.token)

    @property
    def base(self) -> str:
        return f"/j/{self.token}"

    @property
    def running(self) -> bool:
        return self._runner is not None

    # -- lifecycle --------------------------------------------------------------------------------------
    async def start(self) -> None:
        """Listen on the advertised port (8765 unless told otherwise), or a free one when it is taken."""
        runner = web.AppRunner(self.application(), access_log=None, handle_signals=False)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.address.bind_host, self.address.port, reuse_address=True)
            try:
                await site.start()
            except OSError:
                if self.address.forwarded:
                    raise  # the forward points at that port: another one would reach nobody
                site = web.TCPSite(runner, self.address.bind_host, 0)
                await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        if not self.address.forwarded and port != self.address.port:
            self.address = replace(self.address, port=port)
        self._runner = runner

    async def stop(self) -> None:
        runner, self._runner = self._runner, None
        if runner is not None:
            await runner.cleanup()

    # -- the application --------------------------------------------------------------------------------
    def application(self) -> web.Application:
        _quiet_aiohttp()
        app = web.Application(client_max_size=MAX_BODY, middlewares=[self._guard])
        app.on_response_prepare.append(_security_headers)
        base = "/j/{token}"
        app.router.add_get(base, self.show)
        app.router.add_get(base + "/poll", self.poll)
        app.router.add_get(base + "/app.css", self.asset)
        app.router.add_get(base + "/app.js", self.asset)
        app.router.add_post(base + "/join", self.join)
        app.router.add_post(base + "/answer", self.answer)
        app.router.add_post(base + "/withdraw", self.withdraw)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler) -> web.StreamResponse:
        request[LANG] = phone_language(request.headers.get("Accept-Language", ""), i18n.language())
        try:
            if request.host.lower() != self.address.authority.lower():
                return _plain(request, 421, N_("This address is not the room's. Scan the room's QR code again."))
            token = request.match_info.get("token")
            if token is None or not hmac.compare_digest(token.encode(), self.token.encode()):
                return _plain(request, 404, N_("No room here. Scan the QR code on the facilitator's screen again."))
            if request.method == "POST" and not self._same_origin(request):
                return self._refuse(request, 403,
                                    N_("This form did not come from the room's page: open the room again."))
            return await handler(request)
        except web.HTTPException as exc:
            if exc.status == 413:
                return self._refuse(request, 413, N_("That is too much to send at once (at most {most} KiB)."),
                                    most=MAX_BODY // 1024)
            raise
        except Exception:
            # Whatever went wrong stays with this request: the room, the session and the screen carry on.
            self.crashes += 1
            return _plain(request, 500, N_("Something went wrong with that request; nothing was saved. Try again."))

    def _same_origin(self, request: web.Request) -> bool:
        """Our own page's forms. A page under `Referrer-Policy: no-referrer` makes browsers send `Origin: null`
        on its form posts; then `Sec-Fetch-Site: same-origin`, which no other site can make a browser send,
        says it is ours. Either way the form token must match the phone's cookie."""
        origin = request.headers.get("Origin")
        if origin == self.address.origin:
            return True
        return origin == "null" and request.headers.get("Sec-Fetch-Site") == "same-origin"

    # -- handlers ---------------------------------------------------------------------------------------
    async def show(self, request: web.Request) -> web.Response:
        me = self._participant(request)
        if not self._allow_get(request, me):
            return self._refuse(request, 429, N_("Too many requests from this phone: wait a few seconds."))
        with i18n.using(request[LANG]):
            view = phone_view(self.session, me)
            if not view["joined"]:
                text = pages.join_page(self.base, view, self._csrf("join"))
            else:
                text = pages.room_page(self.base, view, self._csrf(me), version(view))
        return _html(request, text)

    async def poll(self, request: web.Request) -> web.Response:
        me = self._participant(request)
        if not self._allow_get(request, me):
            return self._refuse(request, 429, N_("Too many requests from this phone: wait a few seconds."))
        # in the page's language, as the page was built: the same view gives the same fingerprint
        with i18n.using(request[LANG]):
            shown = version(phone_view(self.session, me))
        return web.Response(text=shown, content_type="text/plain")

    async def asset(self, request: web.Request) -> web.Response:
        name = request.path.rsplit("/", 1)[-1]
        kind = "text/css" if name.endswith(".css") else "text/javascript"
        return web.Response(body=(STATIC / name).read_bytes(), content_type=kind, charset="utf-8")

    async def join(self, request: web.Request) -> web.StreamResponse:
        me = self._participant(request)
        if not self.limits.allow("JOIN" if me is None else "POST", me or _address(request)):
            return self._refuse(request, 429, N_("Too many tries from this phone: wait a few seconds."))
        form = await self._form(request, "join" if me is None else me)
        if isinstance(form, web.Response):
            return form
        with i18n.using(request[LANG]):
            try:
                person = self.session.phones.join(form.get("name", ""), me)
            except AnswerError as exc:
                return self._refused(request, exc)
        self._changed()
        response = _see(self.base)
        response.set_cookie(COOKIE, person.id, max_age=COOKIE_MAX_AGE, path="/j/", httponly=True,
                            samesite="Strict")
        return response

    async def answer(self, request: web.Request) -> web.StreamResponse:
        return await self._participant_post(
            request, lambda me, form: self.session.phones.answer(me, form.pop("collection", ""), form))

    async def withdraw(self, request: web.Request) -> web.StreamResponse:
        return await self._participant_post(
            request, lambda me, form: self.session.phones.withdraw_text(me, form.get("text", "")))

    # -- helpers ----------------------------------------------------------------------------------------
    async def _participant_post(self, request: web.Request, verb) -> web.StreamResponse:
        me = self._participant(request)
        if me is None:
            return self._refuse(request, 403, N_("Join the room first."))
        if not self.limits.allow("POST", me):
            return self._refuse(request, 429, N_("Too many answers at once from this phone: wait a few seconds."))
        form = await self._form(request, me)
        if isinstance(form, web.Response):
            return form
        # the verb's refusal is worded as it is raised: in the phone's language
        with i18n.using(request[LANG]):
            try:
                verb(me, form)
            except AnswerError as exc:
                return self._refused(request, exc)
        self._changed()
        return _see(self.base)

    async def _form(self, request: web.Request, who: str) -> dict[str, str] | web.Response:
        """The form's fields, each once, as text; a refusal for anything else."""
        if request.content_type != "application/x-www-form-urlencoded":
            return self._refuse(request, 415, N_("Send the page's own form."))
        try:
            data = await request.post()
        except UnicodeDecodeError:
            return self._refuse(request, 400, N_("That form was not readable text."))
        form: dict[str, str] = {}
        for key, value in data.items():
            if not isinstance(value, str) or key in form:
                return self._refuse(request, 400, N_("That form was not one of the room's."))
            form[key] = value
        if not hmac.compare_digest(form.pop("csrf", "").encode(), self._csrf(who).encode()):
            return self._refuse(request, 403, N_("This form is out of date: open the room again."))
        return form

    def _allow_get(self, request: web.Request, me: str | None) -> bool:
        return self.limits.allow("GET", me) if me else self.limits.allow("VISIT", _address(request))

    def _participant(self, request: web.Request) -> str | None:
        value = request.cookies.get(COOKIE)
        if value and len(value) < 64 and self.session.phones.participant(value) is not None:
            return value
        return None

    def _csrf(self, who: str) -> str:
        return hmac.new(self._secret, who.encode(), hashlib.sha256).hexdigest()[:32]

    def _refuse(self, request: web.Request, status: int, message: str, **values: object) -> web.Response:
        """A refusal page in the phone's language; `message` is the English template, marked with N_()."""
        with i18n.using(request[LANG]):
            text = pages.error_page(self.base, _(message).format(**values))
        return _html(request, text, status=status)

    def _refused(self, request: web.Request, exc: AnswerError) -> web.Response:
        """A verb's own refusal; called inside `i18n.using` of the phone's language, as the verb was."""
        return _html(request, pages.error_page(self.base, str(exc)), status=exc.status)

    def _changed(self) -> None:
        try:
            self.on_change()
        except Exception:
            self.crashes += 1  # the coach's screen failing to refresh must not fail the phone's answer


def _see(location: str) -> web.Response:
    """After a POST, back to the page (303), so a reload never sends the answer twice."""
    return web.Response(status=303, headers={"Location": location})


def _address(request: web.Request) -> str:
    return request.remote or "?"


def phone_language(accept_language: str, fallback: str) -> str:
    """The language to answer a phone in: the first one its browser asks for (by q, then order) that we have
    a catalogue for, English included; else `fallback`, the interface's. 'de-DE,de;q=0.9' -> 'de'."""
    known = set(i18n.available())
    wanted: list[tuple[float, int, str]] = []
    for order, part in enumerate(accept_language.split(",")[:32]):  # a header of thousands is not read
        tag, _sep, params = part.strip().partition(";")
        q = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        tag = tag.strip()
        if q > 0 and tag and tag != "*" and i18n.is_language_tag(tag):
            wanted.append((-q, order, tag))
    for _q, _order, tag in sorted(wanted):
        for candidate in (tag.replace("-", "_"), i18n.base_language(tag)):
            if candidate in known:
                return candidate
    return fallback


def _html(request: web.Request, text: str, status: int = 200) -> web.Response:
    return web.Response(text=text, status=status, content_type="text/html", charset="utf-8",
                        headers={"Content-Language": request[LANG], "Vary": "Accept-Language"})


def _plain(request: web.Request, status: int, message: str) -> web.Response:
    with i18n.using(request[LANG]):
        text = _(message)
    return web.Response(text=text + "\n", status=status, content_type="text/plain", charset="utf-8",
                        headers={"Content-Language": request[LANG], "Vary": "Accept-Language"})


async def _security_headers(request: web.Request, response: web.StreamResponse) -> None:
    response.headers.update(HEADERS)


def _quiet_aiohttp() -> None:
    """aiohttp logs errors to stderr by default, which is the coach's terminal, and would name the URL (and so
    the token): its loggers get a handler that drops everything."""
    for name in ("aiohttp", "aiohttp.access", "aiohttp.server", "aiohttp.web"):
        logger = logging.getLogger(name)
        logger.propagate = False
        if not any(isinstance(h, logging.NullHandler) for h in logger.handlers):
            logger.addHandler(logging.NullHandler())
