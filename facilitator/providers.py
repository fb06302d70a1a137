"""Command palette: jump to any step of the running workshop by typing part of its name."""

from __future__ import annotations

from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from facilitator.i18n import _
from facilitator.render.plain import escape


class StepCommands(Provider):
    def _steps(self):
        session = getattr(self.screen, "session", None)
        if session is None:
            return []
        total = len(session.workshop.steps)
        return [(_("Go to step {number}/{total}: {step}").format(number=i + 1, total=total, step=step.title), step.id)
                for i, step in enumerate(session.workshop.steps)]

    async def discover(self) -> Hits:
        for text, step_id in self._steps():
            yield DiscoveryHit(Content(text), partial(self.screen.go_to, step_id), help=_("Jump to this step"))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, step_id in self._steps():
            score = matcher.match(text)
            if score > 0:
                # highlight() reads its argument as markup: a title's brackets must stay text
                yield Hit(score, matcher.highlight(escape(text)), partial(self.screen.go_to, step_id),
                          help=_("Jump to this step"))
