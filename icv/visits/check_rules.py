"""The structured checks of a visit report (pure: no Flask, no database).

A check set is data: each check has a stable key, a theme, an answer kind and its words in
English and Welsh. The set shipped here is version 1 (the migration seeds it); the admin adds
or retires checks, each change a new version, and a report keeps the version it was filed
under so its answers keep their meaning. "Not checked" is never stored: it is the absence of
an answer, and the default that needs no tap.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from icv.text import N_, Problem, Worded

#: The Code of Practice's themes, in the order the form shows them.
THEMES = {
    "rights": "Rights and entitlements",
    "welfare": "Health and welfare",
    "dignity": "Dignity",
    "support": "Support and needs",
    "conditions": "Cells and facilities",
}
THEMES_CY = {
    "rights": "Hawliau a hawlogaethau",
    "welfare": "Iechyd a lles",
    "dignity": "Urddas",
    "support": "Cymorth ac anghenion",
    "conditions": "Celloedd a chyfleusterau",
}
#: What each theme's free text asks (the notes columns ``<theme>_notes``).
THEME_NOTES_HINTS = {
    "rights": N_("For example, told of their rights, someone informed, solicitor."),
    "welfare": N_("For example, food and drink, warmth, medical care, medication."),
    "dignity": N_("For example, privacy, clothing, menstrual products, restraint."),
    "support": N_("For example, appropriate adults, interpreters, mental health."),
    "conditions": N_("For example, cleanliness, repairs, toilets, showers, supplies."),
}


class Kind(StrEnum):
    #: How many of the people spoken with (never more than them).
    COUNT = "count"
    #: Yes or no, about the suite; not checked when unanswered.
    YES_NO = "yes_no"

    @property
    def label(self) -> str:
        return {"count": "A count of the people spoken with", "yes_no": "Yes or no"}[self.value]


class Rating(StrEnum):
    SATISFACTORY = "satisfactory"
    CONCERNS = "concerns"
    UNSATISFACTORY = "unsatisfactory"

    @property
    def label(self) -> str:
        return {
            "satisfactory": N_("Satisfactory"),
            "concerns": N_("Satisfactory with some concerns"),
            "unsatisfactory": N_("Unsatisfactory"),
        }[self.value]


YES_NO_ANSWERS = {"yes": N_("Yes"), "no": N_("No")}
NOT_CHECKED = "not_checked"
#: A stable key: lower case letters, digits and underscores, starting with a letter.
KEY_LENGTH = 40


@dataclass(frozen=True)
class CheckDef:
    """One check of a set, as plain values."""

    key: str
    theme: str
    kind: str
    label: str
    hint: str = ""
    label_cy: str = ""
    hint_cy: str = ""
    active: bool = True

    def label_in(self, language: str) -> str:
        return self.label_cy if language == "cy" and self.label_cy else self.label

    def hint_in(self, language: str) -> str:
        return self.hint_cy if language == "cy" and self.hint_cy else self.hint


def _c(key, theme, kind, label, hint, label_cy, hint_cy) -> CheckDef:
    return CheckDef(key, theme, kind, label, hint, label_cy, hint_cy)


COUNT, YES_NO = Kind.COUNT.value, Kind.YES_NO.value
#: Version 1, as shipped (ICVA's themes and the Code of Practice). Welsh reviewed for plain,
#: everyday register ("pobl y buoch yn siarad â nhw": the people you spoke with).
SHIPPED: tuple[CheckDef, ...] = (
    _c("told_rights", "rights", COUNT, "Told of their rights",
       "How many of the people you spoke with said they had been told of their rights.",
       "Wedi cael gwybod am eu hawliau",
       "Faint o'r bobl y buoch yn siarad â nhw a ddywedodd eu bod wedi cael gwybod am eu "
       "hawliau."),
    _c("solicitor", "rights", COUNT, "Offered a solicitor",
       "Including those who asked for one and those who saw one.",
       "Wedi cael cynnig cyfreithiwr",
       "Gan gynnwys y rhai a ofynnodd am un a'r rhai a welodd un."),
    _c("someone_informed", "rights", COUNT, "Someone told where they are",
       "A relative, friend or someone else told of their arrest, if they wanted.",
       "Rhywun wedi cael gwybod ble maen nhw",
       "Perthynas, ffrind neu rywun arall wedi cael gwybod am eu harestio, os oedden nhw "
       "eisiau."),
    _c("pace_codes", "rights", COUNT, "Offered the PACE codes of practice",
       "Offered the codes to read.",
       "Wedi cael cynnig codau ymarfer PACE",
       "Wedi cael cynnig y codau i'w darllen."),
    _c("food_drink", "welfare", COUNT, "Offered food and drink", "",
       "Wedi cael cynnig bwyd a diod", ""),
    _c("hot_drink", "welfare", COUNT, "Offered a hot drink", "",
       "Wedi cael cynnig diod boeth", ""),
    _c("warm", "welfare", COUNT, "Warm enough or given a blanket", "",
       "Yn ddigon cynnes neu wedi cael blanced", ""),
    _c("medical_seen", "welfare", COUNT, "Medical need seen to",
       "Those with a medical need who had seen a nurse, paramedic or doctor.",
       "Angen meddygol wedi cael sylw",
       "Y rhai ag angen meddygol a oedd wedi gweld nyrs, parafeddyg neu feddyg."),
    _c("medication", "welfare", COUNT, "Had their medication when needed", "",
       "Wedi cael eu meddyginiaeth pan oedd ei hangen", ""),
    _c("exercise_shower", "welfare", COUNT, "Offered exercise or a shower", "",
       "Wedi cael cynnig ymarfer corff neu gawod", ""),
    _c("reading", "welfare", COUNT, "Offered something to read", "",
       "Wedi cael cynnig rhywbeth i'w ddarllen", ""),
    _c("menstrual_products", "dignity", COUNT, "Offered menstrual products",
       "Those who may need them, offered without having to ask.",
       "Wedi cael cynnig nwyddau mislif",
       "Y rhai a allai fod eu hangen, wedi'u cynnig heb orfod gofyn."),
    _c("same_sex_staff", "dignity", YES_NO, "Staff of the same sex available",
       "Could people speak to a member of staff of the same sex?",
       "Staff o'r un rhyw ar gael",
       "A oedd pobl yn gallu siarad ag aelod o staff o'r un rhyw?"),
    _c("clothing_removed", "dignity", COUNT, "Clothing removed or in anti-rip clothing", "",
       "Dillad wedi'u tynnu neu mewn dillad gwrth-rwygo", ""),
    _c("restraint", "dignity", COUNT, "Restraint seen or reported", "",
       "Atal corfforol wedi'i weld neu ei adrodd", ""),
    _c("appropriate_adult_needed", "support", COUNT, "Needed an appropriate adult", "",
       "Angen oedolyn priodol", ""),
    _c("appropriate_adult_present", "support", COUNT, "Had an appropriate adult",
       "Of those who needed one.",
       "Wedi cael oedolyn priodol",
       "O'r rhai yr oedd angen un arnynt."),
    _c("interpreter_needed", "support", COUNT, "Needed an interpreter", "",
       "Angen cyfieithydd", ""),
    _c("interpreter_present", "support", COUNT, "Had an interpreter",
       "Of those who needed one.",
       "Wedi cael cyfieithydd",
       "O'r rhai yr oedd angen un arnynt."),
    _c("mental_health_concern", "support", COUNT, "A concern about their mental health", "",
       "Pryder am eu hiechyd meddwl", ""),
    _c("foreign_national", "support", COUNT, "Foreign nationals", "",
       "Gwladolion tramor", ""),
    _c("cells_clean", "conditions", YES_NO, "Cells clean", "",
       "Celloedd yn lân", ""),
    _c("cctv_working", "conditions", YES_NO, "CCTV working", "",
       "Teledu cylch cyfyng yn gweithio", ""),
    _c("food_in_date", "conditions", YES_NO, "Food in date", "",
       "Bwyd o fewn ei ddyddiad", ""),
    _c("call_bells_working", "conditions", YES_NO, "Cell call bells working", "",
       "Clychau galw'r celloedd yn gweithio", ""),
)  # fmt: skip

#: A count that cannot be more than another check's count (present <= needed).
AT_MOST = {
    "appropriate_adult_present": "appropriate_adult_needed",
    "interpreter_present": "interpreter_needed",
}

Answer = str | int


def field_name(key: str) -> str:
    return f"check_{key}"


def by_theme(checks: Iterable[CheckDef]) -> dict[str, list[CheckDef]]:
    """Active checks grouped by theme, in the order of THEMES and then of the set."""
    grouped: dict[str, list[CheckDef]] = {theme: [] for theme in THEMES}
    for check in checks:
        if check.active:
            grouped.setdefault(check.theme, []).append(check)
    return {theme: found for theme, found in grouped.items() if found}


def answer_problems(
    checks: Iterable[CheckDef], answers: Mapping[str, Answer | None], spoken: int | None
) -> dict[str, str]:
    """Messages (by field name) for answers that cannot be right: a count above the people
    spoken with, or above the count it is part of (``AT_MOST``)."""
    problems: dict[str, str] = {}
    spoken = spoken or 0
    labels = {check.key: Worded(check.label, check.label_cy) for check in checks}
    for key, answer in answers.items():
        if not isinstance(answer, int) or key not in labels:
            continue
        if answer > spoken:
            problems[field_name(key)] = (
                Problem(
                    "%(label)s: %(answer)s is more than the 1 person you spoke with",
                    label=labels[key],
                    answer=answer,
                )
                if spoken == 1
                else Problem(
                    "%(label)s: %(answer)s is more than the %(spoken)s people you spoke with",
                    label=labels[key],
                    answer=answer,
                    spoken=spoken,
                )
            )
        elif isinstance(bound := answers.get(AT_MOST.get(key, "")), int) and answer > bound:
            named = labels[AT_MOST[key]]
            problems[field_name(key)] = Problem(
                "%(label)s: %(answer)s is more than the %(bound)s who %(who)s",
                label=labels[key],
                answer=answer,
                bound=bound,
                who=Worded(named.lower(), named.cy),
            )
    return problems


def key_problem(key: str, taken: Iterable[str]) -> str | None:
    """Why a new check's key cannot be used (keys are stable: never reused)."""
    if not key or len(key) > KEY_LENGTH:
        return f"Enter a key of 1 to {KEY_LENGTH} characters"
    if not (key[0].isascii() and key[0].isalpha()) or not all(
        ch.isascii() and (ch.isalnum() or ch == "_") and not ch.isupper() for ch in key
    ):
        return "Use lower case letters, digits and underscores, starting with a letter"
    if key in set(taken):
        return "A check already has this key (keys are never reused): choose another"
    return None
