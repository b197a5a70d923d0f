"""The five career competencies (Kuijpers) the dialogue is built around."""

from typing import Literal, get_args

CompetencyKey = Literal[
    "kwaliteiten", "motieven", "werkexploratie", "loopbaansturing", "netwerken"
]
COMPETENCIES: tuple[str, ...] = get_args(CompetencyKey)


def least_discussed(counts: dict[str, int]) -> str:
    """The competency this student has talked about least; ties go to the earlier one."""
    return min(COMPETENCIES, key=lambda key: (counts.get(key, 0), COMPETENCIES.index(key)))
