"""The words of the demo history: what visitors wrote and what the force answered."""

from __future__ import annotations

#: category -> [(issue, raised with, response at the time, the force's later response)]
ISSUES: dict[str, list[tuple[str, str, str, str]]] = {
    "welfare_medical": [
        (
            "A detainee said they had asked for their medication four hours ago and not had it.",
            "Custody sergeant",
            "The sergeant said the healthcare professional was on the way.",
            "The healthcare professional saw the detainee within the hour. Staff reminded to "
            "record medication requests and chase them.",
        ),
        (
            "A detainee with a cut hand said it had not been looked at.",
            "Custody officer",
            "Asked the nurse to see them.",
            "The nurse dressed the wound during the visit; first aid supplies checked.",
        ),
    ],
    "treatment": [
        (
            "A detainee complained about how they were handled on arrival.",
            "Custody inspector",
            "The inspector took details and said it would be reviewed.",
            "The CCTV was reviewed; the detainee was given the complaints leaflet and the "
            "matter passed to Professional Standards.",
        ),
    ],
    "rights": [
        (
            "A detainee did not know they could have someone told where they were.",
            "Custody sergeant",
            "The sergeant explained the right and offered a phone call.",
            "Rights explained again and recorded; the reminder is now part of the handover.",
        ),
        (
            "A detainee had asked for a solicitor three hours ago and none had been called.",
            "Custody sergeant",
            "The sergeant called the duty solicitor scheme while we were there.",
            "The call was logged late by mistake. Staff briefed on logging requests at once.",
        ),
    ],
    "food_drink": [
        (
            "Only one type of microwave meal in stock; nothing vegetarian.",
            "Detention officer",
            "They said an order was due.",
            "A wider range of meals, including vegetarian and halal, has been ordered.",
        ),
        (
            "A detainee had not been offered a drink since arriving six hours earlier.",
            "Custody officer",
            "A drink was brought straight away.",
            "Staff reminded to offer drinks at each cell check.",
        ),
    ],
    "cells_facilities": [
        (
            "Cell 6 toilet would not flush.",
            "Custody sergeant",
            "Cell taken out of use.",
            "Repaired by the maintenance contractor two days later.",
        ),
        (
            "The heating in the female wing was not working; cells were cold.",
            "Custody sergeant",
            "Extra blankets were handed out.",
            "The boiler was repaired; temperatures are now checked daily.",
        ),
        (
            "Graffiti scratched into the door of cell 2.",
            "Detention officer",
            "Noted for repair.",
            "The door was repainted.",
        ),
    ],
    "safety": [
        (
            "A loose fixing in cell 9 could be used as a ligature point.",
            "Custody inspector",
            "The cell was closed immediately.",
            "The fixing was replaced the same day and all cells were checked.",
        ),
        (
            "Wet floor in the corridor with no warning sign.",
            "Custody officer",
            "A sign was put out.",
            "Cleaning contractor reminded to use signs.",
        ),
    ],
    "supplies": [
        (
            "No clean blankets left in the store.",
            "Custody sergeant",
            "More were fetched from the other suite.",
            "The laundry delivery has moved to twice a week.",
        ),
        (
            "No menstrual products available in the female wing.",
            "Custody officer",
            "Some were found in the office.",
            "Stock levels are now on the daily checklist.",
        ),
        (
            "No spare clothing in the right sizes for detainees whose own was taken.",
            "Detention officer",
            "They said they would order more.",
            "Clothing in a full range of sizes has been delivered.",
        ),
    ],
    "staffing": [
        (
            "Only one detention officer on duty for 14 detainees; cell checks were running late.",
            "Custody inspector",
            "The inspector called in an officer from the response team.",
            "A minimum staffing level for busy nights has been agreed.",
        ),
    ],
    "other": [
        (
            "The intercom at the front door did not work, so we waited outside.",
            "Custody sergeant",
            "They said they would report it.",
            "The intercom was replaced.",
        ),
    ],
}
ISSUE_WEIGHTS = [3, 1, 2, 3, 4, 2, 4, 1, 1]


def response_for(category: str, description: str) -> tuple[str, str, str, str]:
    return next(item for item in ISSUES[category] if item[0] == description)


DELAY_REASONS = [
    "A detainee was being restrained in the booking-in area; staff said it was unsafe to "
    "come in until it was over.",
    "The custody suite was in lockdown after a fire alarm.",
    "Staff were dealing with a medical emergency in the cell corridor.",
]
NO_ACCESS = [
    "The suite was closed for maintenance; detainees had been taken to the other suite.",
    "A serious incident was being dealt with and the inspector refused entry for our safety.",
]
ABANDONED = ["A violent incident started and staff asked us to leave for our safety."]
CONCERNS = {
    "rights": [
        "One detainee had not been given the written notice of their rights.",
        "Rights leaflets were only in English.",
    ],
    "welfare": [
        "One detainee had not been offered a meal for over eight hours.",
        "Reading material was very limited.",
    ],
    "conditions": [
        "Two cells were dirty and had not been cleaned after use.",
        "The shower was out of order.",
    ],
}
GOOD_PRACTICE = [
    "Staff knew every detainee's needs and spoke to them with respect.",
    "An interpreter was arranged quickly for a detainee who spoke little English.",
    "The sergeant made sure a young person's parent was on the way.",
    "Cells were clean and well stocked.",
]
ESCALATION = "No action after three weeks: escalated to the Chief Inspector for custody."
SECOND_RESPONSE = (
    "The Chief Inspector has made sure the work was done and will report to the panel."
)
