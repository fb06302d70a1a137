"""The YAML export (`facilitator/v1`): a stable, documented record other tools can read.

Facilitator notes are never part of the session state, so they cannot leak into an export.
"""

from __future__ import annotations

from typing import Any

import yaml

from facilitator.core.parameters import PARAMETER_IDS
from facilitator.core.session import Session

FORMAT = "facilitator/v1"


def export_document(session: Session) -> dict[str, Any]:
    state = session.state
    parameters: dict[str, Any] = {}
    for parameter in PARAMETER_IDS:
        d = state.decisions.get(parameter)
        parameters[parameter] = {
            "status": d.status if d else "open",
            "choice": d.choice if d else None,
            "decision": d.decision if d else "",
            "rationale": d.rationale if d else "",
            "owner": d.owner if d else "",
            "decided_at": d.decided_at if d else None,
        }
    agenda = [
        {
            "step": row.step.id,
            "title": row.step.title,
            "parameter": row.step.parameter,
            "planned_minutes": round(row.step.timebox, 2),
            "actual_seconds": int(round(row.actual_seconds)),
            # "next" is only a hint on screen; a record says done, current or pending
            "status": "pending" if row.status == "next" else row.status,
        }
        for row in session.agenda()
    ]
    return {
        "format": FORMAT,
        "session": {
            "id": state.id,
            "workshop": {"id": state.workshop_id, "title": state.workshop_title,
                         "version": state.workshop_version},
            "organization": state.organization,
            "team": state.team,
            "facilitator": state.facilitator,
            "started_at": state.started_at,
            "updated_at": state.updated_at,
        },
        "parameters": parameters,
        "agenda": agenda,
    }


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_presenter)


def to_yaml(document: dict[str, Any]) -> str:
    return yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
