"""The report's "People in custody" section: the counts of people seen and not seen, by sex
and under mental-health powers (a form of its own: the longest section)."""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from icv.forms import WholeNumberField
from icv.visits.forms import NUMBER, SectionForm
from icv.visits.rules import (
    NOT_OFFERED_REASONS,
    SEX_SUBJECTS,
    Counts,
    Outcome,
    count_problems,
)


def count_field(label: str, subject: str, description: str | None = None) -> WholeNumberField:
    return WholeNumberField(label, subject=subject, description=description)


def by_sex(male: int | None, female: int | None, other: int | None) -> dict[str, int | None]:
    """The counts by sex: all None when none is given, otherwise an empty box is 0."""
    if male is None and female is None and other is None:
        return {"male": None, "female": None, "sex_not_known": None}
    return {"male": male or 0, "female": female or 0, "sex_not_known": other or 0}


class PeopleForm(SectionForm):
    #: The count boxes, in the order they are shown.
    COUNTS = (
        "in_custody",
        "spoken",
        "observed",
        "declined",
        "not_offered",
        *(f"reason_{r}" for r in NOT_OFFERED_REASONS),
        "juveniles",
        "vulnerable",
        "mental_health_powers",
        "male",
        "female",
        "sex_not_known",
    )
    params = dict.fromkeys(COUNTS, NUMBER)
    #: field -> legend of the fieldset it starts
    groups = {
        "spoken": _l("Count each person once, in one of these"),
        "reason_asleep": _l("Why people were not offered a visit"),
        "juveniles": _l("Of the people in custody"),
    }
    in_custody = count_field(_l("How many people were in custody?"), _l("The number in custody"))
    spoken = count_field(_l("Spoken with"), _l("The number spoken with"))
    observed = count_field(
        _l("Observed only"),
        _l("The number observed"),
        _l("Seen, for example through the cell hatch."),
    )
    declined = count_field(_l("Declined a visit"), _l("The number who declined"))
    not_offered = count_field(_l("Not offered a visit"), _l("The number not offered a visit"))
    reason_asleep = count_field(_l("Asleep"), _l("The number asleep"))
    reason_interview = count_field(_l("In interview"), _l("The number in interview"))
    reason_legal_medical = count_field(
        _l("With a solicitor or doctor"), _l("The number with a solicitor")
    )
    reason_unsafe = count_field(_l("Unsafe to visit"), _l("The number unsafe to visit"))
    reason_release = count_field(_l("Being released"), _l("The number being released"))
    reason_other = count_field(_l("Another reason"), _l("The number for another reason"))
    juveniles = count_field(_l("How many were children (under 18)?"), _l("The number of children"))
    vulnerable = count_field(
        _l("How many were vulnerable adults?"), _l("The number of vulnerable adults")
    )
    mental_health_powers = count_field(
        _l("How many were held under mental-health powers?"),
        _l("The number held under mental-health powers"),
        _l("For example, brought to a place of safety under section 136 of the Mental Health Act."),
    )
    male = count_field(_l("Male"), _l("The number of males"))
    female = count_field(_l("Female"), _l("The number of females"))
    sex_not_known = count_field(_l("Another sex or not known"), _l("The number of another sex"))

    def counts(self) -> Counts | None:
        """The counts given, empty boxes as 0; None when nothing was counted."""
        if all(self[name].data is None for name in self.COUNTS):
            return None
        number = {name: self[name].data or 0 for name in self.COUNTS}
        return Counts(
            in_custody=number["in_custody"],
            spoken=number["spoken"],
            observed=number["observed"],
            declined=number["declined"],
            not_offered=number["not_offered"],
            reasons={r: number[f"reason_{r}"] for r in NOT_OFFERED_REASONS},
            juveniles=number["juveniles"],
            vulnerable=number["vulnerable"],
            mental_health_powers=number["mental_health_powers"],
            # By sex stays "not recorded" (None) unless a box is filled in.
            **by_sex(*(self[name].data for name in SEX_SUBJECTS)),
        )

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        counts = self.counts()
        may_be_empty = self.context.outcome in (Outcome.NO_ACCESS, Outcome.ABANDONED)
        if counts is None and may_be_empty:
            return True
        if self.in_custody.data is None:
            return self.attach({"in_custody": _("Enter how many people were in custody")})
        return self.attach(count_problems(counts))
