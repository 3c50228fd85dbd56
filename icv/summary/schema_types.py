"""The building blocks of the summary's JSON models (``schemas.py``, ``panel_schemas.py``):
strict, closed models and the annotated types the figures use."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

Count = int
Counts = dict[str, int]
#: An ISO date, kept as the text the figures hold.
Day = Annotated[str, Field(json_schema_extra={"format": "date"})]
#: Hours or a median: whole or not, as worked out (a median of 4 and 6 visits is 5).
Number = Annotated[int | float, WithJsonSchema({"type": "number"})]
Median = Annotated[
    int | float | None,
    WithJsonSchema(
        {"type": ["number", "null"], "description": "null when there is nothing to take it of"}
    ),
]
PublishedCount = Annotated[
    int | Literal["fewer than 5", "not shown"],
    Field(
        description='A count; 1 to 4 are published as "fewer than 5", and further counts as '
        '"not shown" (the smallest first) until none could be worked out from the total and '
        'the counts shown; every count of a question fewer than 5 people answered is "not '
        'shown"'
    ),
]


def described(text: str) -> Any:
    return Field(description=text)


def left_out_when_missing(schema: dict[str, Any]) -> None:
    """A key some figures lack (never sent as null): no default in the document."""
    schema.pop("default", None)


#: A key that figures signed off before the summary had it lack.
NOT_IN_OLDER = Field(default=None, json_schema_extra=left_out_when_missing)


class Model(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")
