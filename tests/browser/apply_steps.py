"""The steps of the application form a browser test walks, in English or Welsh: the same
journey with each language's words (``WORDS``), so test_apply.py and test_apply_welsh.py
drive one form and say only what differs."""

from __future__ import annotations

from collections.abc import Callable

#: The words each step reads and types, by language.
WORDS = {
    "en": {
        "continue": "Save and continue",
        "where": "Where you live",
        "address": "1 High Street\nWarwick",
        "Home address": "Home address",
        "Postcode": "Postcode",
        "work_question": "Do you work in the area?",
        "abroad_question": "have you lived outside the UK",
        "No": "No",
        "All my life": "All my life",
        "work": "Your work and connections",
        "Your occupation": "Your occupation",
        "occupation": "Teacher",
        "convictions": "criminal convictions",
        "when": "When you could visit",
        "Weekends": "Weekends",
        "referees": "Referees",
        "referee_names": ("Ann Referee", "Bob Referee"),
        "relationship": "Employer",
        "phone": "01926 400000",
        "declarations": "Declarations",
        "vetting": "I agree to police vetting checks",
        "information": "I agree to my information being used",
        "check": "Check your answers before sending your application",
    },
    "cy": {
        "continue": "Cadw a pharhau",
        "where": "Ble rydych chi’n byw",
        "address": "1 Stryd Fawr\nCaerfyrddin",
        "Home address": "Cyfeiriad cartref",
        "Postcode": "Cod post",
        "work_question": "Ydych chi’n gweithio yn yr ardal?",
        "abroad_question": "wedi byw y tu allan i’r DU",
        "No": "Nac ydw",
        "All my life": "Ar hyd fy oes",
        "work": "Eich gwaith a’ch cysylltiadau",
        "Your occupation": "Eich galwedigaeth",
        "occupation": "Athro",
        "convictions": "gollfarnau",
        "when": "Pryd y gallech ymweld",
        "Weekends": "Penwythnosau",
        "referees": "Canolwyr",
        "referee_names": ("Ann Canolwr", "Bob Canolwr"),
        "relationship": "Cyflogwr",
        "phone": "01267 400000",
        "declarations": "Datganiadau",
        "vetting": "Rwy’n cytuno i’r heddlu wneud gwiriadau fetio amdanaf",
        "information": "Rwy’n cytuno i’m gwybodaeth gael ei defnyddio",
        "check": "Gwiriwch eich atebion cyn anfon eich cais",
    },
}

#: Checks a page as the test wants it (axe, width, console; the language too in Welsh).
Check = Callable[[object], None]


def continue_(page, language: str) -> None:
    page.get_by_role("button", name=WORDS[language]["continue"]).click()


def where_you_live(page, check: Check, language: str) -> None:
    words = WORDS[language]
    page.get_by_role("heading", name=words["where"]).wait_for()
    check(page)
    page.get_by_label(words["Home address"]).fill(words["address"])
    page.get_by_label(words["Postcode"], exact=True).fill("cv34 4nb")
    page.locator("fieldset", has_text=words["work_question"]).get_by_label(words["No"]).check()
    page.get_by_label(words["All my life"]).check()
    page.locator("fieldset", has_text=words["abroad_question"]).get_by_label(words["No"]).check()
    page.get_by_label("English").check()  # the language's own name, in both
    continue_(page, language)


def work_to_declarations(page, check: Check, language: str) -> None:
    """Work (no conviction), when they could visit, two referees and the declarations, up to
    "check your answers"."""
    words = WORDS[language]
    page.get_by_role("heading", name=words["work"]).wait_for()
    check(page)
    page.get_by_label(words["Your occupation"]).fill(words["occupation"])
    page.locator("fieldset", has_text=words["convictions"]).get_by_label(words["No"]).check()
    continue_(page, language)

    page.get_by_role("heading", name=words["when"]).wait_for()
    check(page)
    page.get_by_label(words["Weekends"]).check()
    continue_(page, language)

    page.get_by_role("heading", name=words["referees"]).wait_for()
    check(page)
    for n, name in enumerate(words["referee_names"], start=1):
        page.locator(f"#ref{n}_name").fill(name)
        page.locator(f"#ref{n}_relationship").fill(words["relationship"])
        page.locator(f"#ref{n}_phone").fill(words["phone"])
    continue_(page, language)

    page.get_by_role("heading", name=words["declarations"]).wait_for()
    check(page)
    page.get_by_label(words["vetting"]).check()
    page.get_by_label(words["information"]).check()
    continue_(page, language)
    page.get_by_role("heading", name=words["check"]).wait_for()
    check(page)
