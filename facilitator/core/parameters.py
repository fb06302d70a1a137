"""The 10 OKR deployment parameters, in the order a workshop takes them.

The ids are part of the export format (`facilitator/v1`): never rename one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Parameter:
    id: str
    title: str
    question: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("level", "Level of OKRs", "Company, team and/or individual OKRs?"),
    Parameter("number", "Number of OKRs", "How many objectives and key results per level?"),
    Parameter("scoring", "Scoring and updating", "Which scale, who updates, how often?"),
    Parameter("cycle", "Cycle length", "How long is a cycle, and when does the first start and end?"),
    Parameter("kr-types", "Key result types", "Are milestone and baseline key results allowed?"),
    Parameter("tracking", "Documentation and tracking", "Where are OKRs drafted, published and tracked?"),
    Parameter("performance-reviews", "Performance reviews", "How do OKR scores relate to reviews and pay?"),
    Parameter("kpis", "Difference from KPIs", "When does a KPI become a key result?"),
    Parameter("alignment", "Alignment", "How do team OKRs connect to company OKRs?"),
    Parameter("bottom-up", "Bottom-up alignment", "What share of team OKRs do teams propose themselves?"),
)

PARAMETER_IDS: tuple[str, ...] = tuple(p.id for p in PARAMETERS)
BY_ID: dict[str, Parameter] = {p.id: p for p in PARAMETERS}
