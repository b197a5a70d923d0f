"""The five career competencies (Kuijpers) the dialogue is built around."""

from typing import Literal, get_args

CompetencyKey = Literal[
    "kwaliteiten", "motieven", "werkexploratie", "loopbaansturing", "netwerken"
]
COMPETENCIES: tuple[str, ...] = get_args(CompetencyKey)


# Ties in the least-discussed tip: networking first, the competency students (and the
# research in the brief) neglect most; then the usual order.
TIE_ORDER: tuple[str, ...] = ("netwerken", *(c for c in COMPETENCIES if c != "netwerken"))


def least_discussed(counts: dict[str, int]) -> str:
    """The competency this student has talked about least; ties go to netwerken first."""
    return min(TIE_ORDER, key=lambda key: (counts.get(key, 0), TIE_ORDER.index(key)))
