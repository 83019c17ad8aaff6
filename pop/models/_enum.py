"""Enum columns stored as their values in a plain VARCHAR, with a CHECK on the allowed values.

No native database enum type: the stored strings stay what they were, on SQLite and PostgreSQL
alike, and adding a value is a new CHECK, not an ALTER TYPE.
"""

import enum

from sqlalchemy import CheckConstraint, Enum


def enum_type(values: type[enum.Enum], length: int) -> Enum:
    """The column type for `values`: reads and writes the members, stores their `.value`."""
    return Enum(
        values,
        native_enum=False,
        create_constraint=False,  # `allowed_values` names the constraint for the migrations
        length=length,
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


def allowed_values(column: str, values: type[enum.Enum]) -> CheckConstraint:
    """A CHECK that `column` holds one of the values of `values` (named `ck_<table>_<column>`)."""
    listed = ", ".join(f"'{member.value}'" for member in values)
    return CheckConstraint(f"{column} IN ({listed})", name=column)
