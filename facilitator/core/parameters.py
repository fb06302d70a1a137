"""The 10 OKR deployment parameters, in the order a workshop takes them.

The ids are part of the export format (`facilitator/v1`): never rename one.
"""

from dataclasses import dataclass

from facilitator.i18n import N_


@dataclass(frozen=True)
class Parameter:
    id: str
    title: str  # English, marked for the catalogue: a screen shows _(title); exports keep it as it is
    question: str


PARAMETERS: tuple[Parameter, ...] = (
    Parameter("level", N_("Level of OKRs"), N_("Company, team and/or individual OKRs?")),
    Parameter("number", N_("Number of OKRs"), N_("How many objectives and key results per level?")),
    Parameter("scoring", N_("Scoring and updating"), N_("Which scale, who updates, how often?")),
    Parameter("cycle", N_("Cycle length"), N_("How long is a cycle, and when does the first start and end?")),
    Parameter("kr-types", N_("Key result types"), N_("Are milestone and baseline key results allowed?")),
    Parameter("tracking", N_("Documentation and tracking"), N_("Where are OKRs drafted, published and tracked?")),
    Parameter("performance-reviews", N_("Performance reviews"), N_("How do OKR scores relate to reviews and pay?")),
    Parameter("kpis", N_("Difference from KPIs"), N_("When does a KPI become a key result?")),
    Parameter("alignment", N_("Alignment"), N_("How do team OKRs connect to company OKRs?")),
    Parameter("bottom-up", N_("Bottom-up alignment"), N_("What share of team OKRs do teams propose themselves?")),
)

PARAMETER_IDS: tuple[str, ...] = tuple(p.id for p in PARAMETERS)
BY_ID: dict[str, Parameter] = {p.id: p for p in PARAMETERS}
