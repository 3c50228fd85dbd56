"""Stages of an application, in order, and what an applicant is told at each."""

from enum import StrEnum

from flask_babel import lazy_gettext as _l


class Stage(StrEnum):
    RECEIVED = "received"
    SCREENED = "screened"
    SHORTLISTED = "shortlisted"
    INTERVIEW = "interview"
    REFERENCES = "references"
    VETTING = "vetting"
    TRAINING = "training"
    PROBATION = "probation"
    APPOINTED = "appointed"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"
    REJECTED = "rejected"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]

    @property
    def applicant_label(self) -> str:
        """The stage's name as the applicant reads it, in their language (``label`` is the
        office's, kept in English in the audit log and timelines)."""
        return APPLICANT_LABELS[self]

    @property
    def is_closed(self) -> bool:
        return self in CLOSED


#: The path to appointment, in order.
PIPELINE = (
    Stage.RECEIVED,
    Stage.SCREENED,
    Stage.SHORTLISTED,
    Stage.INTERVIEW,
    Stage.REFERENCES,
    Stage.VETTING,
    Stage.TRAINING,
    Stage.PROBATION,
    Stage.APPOINTED,
)
CLOSED = frozenset({Stage.APPOINTED, Stage.INELIGIBLE, Stage.WITHDRAWN, Stage.REJECTED})

STAGE_LABELS = {
    Stage.RECEIVED: "Received",
    Stage.SCREENED: "Screened",
    Stage.SHORTLISTED: "Shortlisted",
    Stage.INTERVIEW: "Interview",
    Stage.REFERENCES: "References",
    Stage.VETTING: "Vetting",
    Stage.TRAINING: "Initial training",
    Stage.PROBATION: "Probation",
    Stage.APPOINTED: "Appointed",
    Stage.INELIGIBLE: "Not eligible",
    Stage.WITHDRAWN: "Withdrawn",
    Stage.REJECTED: "Not taken forward",
}

#: The stages' names on the applicant's status page, in the reader's language.
APPLICANT_LABELS = {
    Stage.RECEIVED: _l("Received"),
    Stage.SCREENED: _l("Screened"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEW: _l("Interview"),
    Stage.REFERENCES: _l("References"),
    Stage.VETTING: _l("Vetting"),
    Stage.TRAINING: _l("Initial training"),
    Stage.PROBATION: _l("Probation"),
    Stage.APPOINTED: _l("Appointed"),
    Stage.INELIGIBLE: _l("Not eligible"),
    Stage.WITHDRAWN: _l("Withdrawn"),
    Stage.REJECTED: _l("Not taken forward"),
}

#: What the applicant reads on their status page: plain words, nothing internal.
APPLICANT_WORDS = {
    Stage.RECEIVED: _l(
        "We have received your application. The scheme office will check it and "
        "contact you, usually within two weeks."
    ),
    Stage.SCREENED: _l(
        "Your application meets the requirements. The selection panel will now "
        "decide who to invite to interview."
    ),
    Stage.SHORTLISTED: _l(
        "You have been shortlisted. We will contact you to arrange an interview."
    ),
    Stage.INTERVIEW: _l(
        "Your interview is being arranged or has taken place. We will tell you the outcome."
    ),
    Stage.REFERENCES: _l("We are asking your referees for references."),
    Stage.VETTING: _l("Your police vetting is in progress. This can take several weeks."),
    Stage.TRAINING: _l("Your checks are complete. We will invite you to initial training."),
    Stage.PROBATION: _l(
        "You have been appointed as a custody visitor and are on probation, making "
        "your first visits with experienced visitors."
    ),
    Stage.APPOINTED: _l("You have completed probation and are an appointed custody visitor."),
    Stage.INELIGIBLE: _l("Your application does not meet the requirements for the reasons below."),
    Stage.WITHDRAWN: _l("Your application has been withdrawn."),
    Stage.REJECTED: _l(
        "We are not able to take your application further. The scheme office has "
        "written to you to explain."
    ),
}
