"""Stages of an application, in order, and what an applicant is told at each."""

from enum import StrEnum


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

#: What the applicant reads on their status page: plain words, nothing internal.
APPLICANT_WORDS = {
    Stage.RECEIVED: "We have received your application. The scheme office will check it and "
    "contact you, usually within two weeks.",
    Stage.SCREENED: "Your application meets the requirements. The selection panel will now "
    "decide who to invite to interview.",
    Stage.SHORTLISTED: "You have been shortlisted. We will contact you to arrange an interview.",
    Stage.INTERVIEW: "Your interview is being arranged or has taken place. We will tell you the "
    "outcome.",
    Stage.REFERENCES: "We are asking your referees for references.",
    Stage.VETTING: "Your police vetting is in progress. This can take several weeks.",
    Stage.TRAINING: "Your checks are complete. We will invite you to initial training.",
    Stage.PROBATION: "You have been appointed as a custody visitor and are on probation, making "
    "your first visits with experienced visitors.",
    Stage.APPOINTED: "You have completed probation and are an appointed custody visitor.",
    Stage.INELIGIBLE: "Your application does not meet the requirements for the reasons below.",
    Stage.WITHDRAWN: "Your application has been withdrawn.",
    Stage.REJECTED: "We are not able to take your application further. The scheme office has "
    "written to you to explain.",
}
