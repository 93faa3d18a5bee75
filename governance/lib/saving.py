"""Saving a record the one way: validate it, save it, and turn a database conflict into a clear error.

`save_validated` is what every service uses instead of `obj.save()`, so a rule that only the database saw
(a unique constraint raced by a second request) still reaches the person as a message, not a 500.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _


def record_wide_as_messages(exc: ValidationError) -> ValidationError:
    """Record-wide errors (a constraint, `clean()`) alone come out as plain messages, not under "__all__"."""
    if hasattr(exc, "error_dict") and set(exc.error_dict) == {NON_FIELD_ERRORS}:
        return ValidationError(exc.message_dict[NON_FIELD_ERRORS])
    return exc


def save_validated(
    obj,
    *,
    clean: bool = True,
    exclude=None,
    validate_constraints: bool = True,
    conflict_message: str = "",
    conflict_field: str | None = None,
):
    """Validate `obj` (fields, `clean()`, constraints) unless `clean=False`, save it and return it.

    A conflict that validation could not see (two requests racing for the same unique row) rolls back only
    this save and becomes `conflict_message` (on `conflict_field` when given).
    """
    if clean:
        try:
            obj.full_clean(exclude=exclude, validate_constraints=validate_constraints)
        except ValidationError as exc:
            raise record_wide_as_messages(exc) from None
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:
        message = conflict_message or _("This record conflicts with another one; reload and try again.")
        raise ValidationError({conflict_field: message} if conflict_field else message) from exc
    return obj
