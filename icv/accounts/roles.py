"""The roles a person can hold; one person may hold several."""

from enum import StrEnum


class Role(StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    COMMISSIONER = "commissioner"
    LIAISON = "liaison"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.VOLUNTEER: "Volunteer (custody visitor)",
    Role.COORDINATOR: "Scheme coordinator",
    Role.COMMISSIONER: "Commissioner's office",
    Role.LIAISON: "Custody liaison (police)",
    Role.ADMIN: "Administrator",
}

#: Roles that work in the office or the force rather than visit; shown first in lists.
STAFF_ROLES = frozenset({Role.COORDINATOR, Role.COMMISSIONER, Role.LIAISON, Role.ADMIN})
