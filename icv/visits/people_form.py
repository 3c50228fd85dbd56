"""The report's "People in custody" section: the counts of people seen and not seen, by sex
and under mental-health powers (a form of its own: the longest section)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from icv.forms import WholeNumberField
from icv.visits.count_rules import Counts
from icv.visits.forms import NUMBER, SectionForm
from icv.visits.section_rules import COUNT_SUBJECTS, counts_from, people_problems


def count_field(label: str, description: str | None = None, *, box: str) -> WholeNumberField:
    """The count ``box``, named in its messages as the rules name it (``COUNT_SUBJECTS``)."""
    return WholeNumberField(label, subject=COUNT_SUBJECTS[box], description=description)


class PeopleForm(SectionForm):
    #: The count boxes, in the order they are shown.
    COUNTS = tuple(COUNT_SUBJECTS)
    params = dict.fromkeys(COUNTS, NUMBER)
    #: field -> legend of the fieldset it starts
    groups = {
        "spoken": _l("Count each person once, in one of these"),
        "reason_asleep": _l("Why people were not offered a visit"),
        "juveniles": _l("Of the people in custody"),
    }
    in_custody = count_field(_l("How many people were in custody?"), box="in_custody")
    spoken = count_field(_l("Spoken with"), box="spoken")
    observed = count_field(
        _l("Observed only"), _l("Seen, for example through the cell hatch."), box="observed"
    )
    declined = count_field(_l("Declined a visit"), box="declined")
    not_offered = count_field(_l("Not offered a visit"), box="not_offered")
    reason_asleep = count_field(_l("Asleep"), box="reason_asleep")
    reason_interview = count_field(_l("In interview"), box="reason_interview")
    reason_legal_medical = count_field(_l("With a solicitor or doctor"), box="reason_legal_medical")
    reason_unsafe = count_field(_l("Unsafe to visit"), box="reason_unsafe")
    reason_release = count_field(_l("Being released"), box="reason_release")
    reason_other = count_field(_l("Another reason"), box="reason_other")
    juveniles = count_field(_l("How many were children (under 18)?"), box="juveniles")
    vulnerable = count_field(_l("How many were vulnerable adults?"), box="vulnerable")
    mental_health_powers = count_field(
        _l("How many were held under mental-health powers?"),
        _l("For example, brought to a place of safety under section 136 of the Mental Health Act."),
        box="mental_health_powers",
    )
    male = count_field(_l("Male"), box="male")
    female = count_field(_l("Female"), box="female")
    sex_not_known = count_field(_l("Another sex or not known"), box="sex_not_known")

    def counts(self) -> Counts | None:
        """The counts given, empty boxes as 0; None when nothing was counted."""
        return counts_from({name: self[name].data for name in self.COUNTS})

    def validate(self, extra_validators=None) -> bool:
        # The rules across boxes run beside the boxes' own problems, skipping those that read
        # a box with one (``people_problems``): every problem the volunteer can mend in one save.
        valid = super().validate(extra_validators)
        numbers = {name: self[name].data for name in self.COUNTS}
        unread = {name for name in self.COUNTS if self[name].errors}
        return self.attach(people_problems(numbers, self.context.outcome, unread)) and valid
