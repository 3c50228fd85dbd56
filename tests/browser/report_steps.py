"""The sections of a visit report a browser test fills, in English or Welsh: the same report
with each language's words (``WORDS``), so test_visit_report.py and
test_visit_report_welsh.py drive one form and say only what differs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from icv.clock import today_local

WORDS = {
    "en": {
        "continue": "Save and continue",
        "The visit": "The visit",
        "In person": "In person",
        "Completed": "Completed",
        "tact": "Terrorism Act",
        "No": "No",
        "Yes": "Yes",
        "Times": "Times",
        "date": ("Day", "Month", "Year"),
        "arrived": "Time you arrived at the suite",
        "let in": "Time you were let into the custody area",
        "left": "Time you left",
        "Visitors": "Visitors",
        "Second visitor": "Second visitor",
        "People in custody": "People in custody",
        "how many": "How many people were in custody?",
        "Spoken with": "Spoken with",
        "Declined a visit": "Declined a visit",
        "What you checked": "What you checked",
        "a check": "CCTV working",
        "Satisfactory": "Satisfactory",
        "Notes": "Notes on people you saw",
        "Issues raised": "Issues raised",
        "any issues": "Did you raise any issues",
        "What is it about?": "What is it about?",
        "What is the issue?": "What is the issue?",
        "Good practice": "Good practice and comments",
    },
    "cy": {
        "continue": "Cadw a pharhau",
        "The visit": "Yr ymweliad",
        "In person": "Wyneb yn wyneb",
        "Completed": "Wedi’i gwblhau",
        "tact": "Ddeddf Terfysgaeth",
        "No": "Naddo",
        "Yes": "Do",
        "Times": "Amseroedd",
        "date": ("Diwrnod", "Mis", "Blwyddyn"),
        "arrived": "Yr amser y cyrhaeddoch y ddalfa",
        "let in": "Yr amser y cawsoch fynd i mewn i’r ddalfa",
        "left": "Yr amser y gadawoch",
        "Visitors": "Ymwelwyr",
        "Second visitor": "Ail ymwelydd",
        "People in custody": "Pobl yn y ddalfa",
        "how many": "Faint o bobl oedd yn y ddalfa?",
        "Spoken with": "Wedi siarad â nhw",
        "Declined a visit": "Wedi gwrthod ymweliad",
        "What you checked": "Yr hyn a wiriwyd gennych",
        "a check": "Teledu cylch cyfyng yn gweithio",
        "Satisfactory": "Boddhaol",
        "Notes": "Nodiadau am y bobl a welsoch",
        "Issues raised": "Materion a godwyd",
        "any issues": "A wnaethoch godi unrhyw faterion",
        "What is it about?": "Am beth mae’n sôn?",
        "What is the issue?": "Beth yw’r mater?",
        "Good practice": "Arfer da a sylwadau",
    },
}

#: Checks a page as the test wants it (axe, width, console; the language too in Welsh).
Check = Callable[[object], None]


def continue_(page, heading: str, language: str = "en") -> None:
    page.get_by_role("button", name=WORDS[language]["continue"]).click()
    page.get_by_role("heading", name=heading, exact=True).wait_for()


def fill_sections(page, check: Check, language: str = "en", issue: str | None = None) -> None:
    """Every section of a report from "The visit" (open) to "Good practice and comments": Val
    and Sam at Leamington Spa, 4 in custody, 3 spoken with and 1 declined; with ``issue``, an
    issue about cells and facilities with those words, else none."""
    words = WORDS[language]
    page.get_by_label("Leamington Spa").check()
    # Yesterday's visit: the live server keeps its real clock, and times later than now on
    # the day the report is started would be refused as still to come.
    yesterday = today_local() - timedelta(days=1)
    parts = (yesterday.day, yesterday.month, yesterday.year)
    for label, value in zip(words["date"], parts, strict=True):
        page.get_by_label(label, exact=True).fill(str(value))
    page.get_by_label(words["In person"]).check()
    page.get_by_label(words["Completed"]).check()
    page.locator("fieldset", has_text=words["tact"]).get_by_label(words["No"]).check()
    continue_(page, words["Times"], language)
    check(page)
    page.get_by_label(words["arrived"]).fill("09:30")
    page.get_by_label(words["let in"]).fill("09:40")
    page.get_by_label(words["left"]).fill("10:50")
    continue_(page, words["Visitors"], language)
    check(page)
    page.get_by_label(words["Second visitor"]).select_option(label="Sam P.")
    continue_(page, words["People in custody"], language)
    check(page)
    page.get_by_label(words["how many"]).fill("4")
    page.get_by_label(words["Spoken with"]).fill("3")
    page.get_by_label(words["Declined a visit"]).fill("1")
    continue_(page, words["What you checked"], language)
    check(page)
    assert page.get_by_text(words["a check"]).count() == 1  # the checks in its own words
    page.get_by_label(words["Satisfactory"], exact=True).check()
    continue_(page, words["Notes"], language)
    check(page)
    continue_(page, words["Issues raised"], language)
    check(page)
    raised = page.locator("fieldset", has_text=words["any issues"])
    if issue is None:
        raised.get_by_label(words["No"]).check()
    else:
        raised.get_by_label(words["Yes"]).check()
        page.get_by_label(words["What is it about?"]).select_option(label="Cells and facilities")
        page.get_by_label(words["What is the issue?"]).fill(issue)
    continue_(page, words["Good practice"], language)
    check(page)
