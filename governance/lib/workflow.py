"""State machines in one shape: a table of moves per model and one function that applies a move.

A `Workflow` lists a model's `Move`s: the statuses each may start from, the status it leads to, the check
that must pass and the model permission it needs. `Workflow.apply` locks the row, refuses an illegal move
with one translated error, checks, sets the status, lets the domain service change its own fields, saves
and records the event. `Workflow.allowed_moves(obj, user)` is what detail pages render as buttons and what
the API reports; the pages and the API call `Workflow.run`, which hands the move to the domain's service.

This module imports no model: each domain passes its models in (the record, the event model).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from governance.lib.saving import save_validated

ILLEGAL_MOVE = gettext_lazy("A record that is “%(current)s” cannot be “%(move)s”.")
UNKNOWN_MOVE = gettext_lazy("There is no step “%(move)s”.")


@dataclass(frozen=True)
class Move:
    """One row of the table: `name` may start from `sources` and leads to `target` (None keeps the status).

    `name` is best a member of the domain's moves choices (`NeedMove.ACCEPT`): its label is the button's.

    `check(obj, user, **data)` refuses with a ValidationError (it is also asked, without data, whether to
    offer the move); `clean(obj, **data)` checks only what the person gave with the move (a reason, a note);
    `changes(obj, at, user=user, **data)` returns the fields the move sets besides the status.
    `permission` is the model permission's action (`change` → `app.change_model`); None leaves it to the
    check (evaluators are named on the record). `offered=False` moves follow from another record (a
    department's arrival puts a case on site) and are never a button. `confirm` asks before an
    irreversible step; `tone` is the button's Bootstrap colour.
    """

    name: str
    sources: frozenset
    target: str | None
    label: str | None = None
    check: Callable | None = None
    clean: Callable | None = None
    changes: Callable | None = None
    permission: str | None = "change"
    confirm: str = ""
    tone: str = "primary"
    offered: bool = True

    def __post_init__(self):
        object.__setattr__(self, "sources", frozenset(self.sources))
        if self.label is None:
            object.__setattr__(self, "label", getattr(self.name, "label", self.name))


@dataclass(frozen=True)
class EventLog:
    """How a workflow records a move: one row of `model` with the record, who, from and to, and the note.

    `at=None` means the event model stamps its own time; `move` names the field keeping the move's name.
    """

    model: type
    record: str
    actor: str = "actor"
    at: str | None = "at"
    move: str | None = None
    note_length: int | None = None
    values: dict = field(default_factory=dict)

    def __call__(self, obj, *, move: Move, user, from_status: str, to_status: str, at, note: str):
        row = {
            self.record: obj,
            self.actor: user,
            "from_status": from_status,
            "to_status": to_status,
            "note": note[: self.note_length] if self.note_length else note,
            **self.values,
        }
        if self.at:
            row[self.at] = at
        if self.move:
            row[self.move] = move.name
        return self.model.objects.create(**row)


class Workflow:
    """The table of moves of one model, and the one way to apply them."""

    def __init__(
        self,
        *,
        statuses,
        moves: Iterable[Move],
        record_arg: str,
        events: Callable | None = None,
        status_field: str = "status",
        illegal_message=ILLEGAL_MOVE,
        full_clean: bool = False,
    ):
        self.statuses = statuses
        self.moves = {m.name: m for m in moves}
        self.record_arg = record_arg
        self.events = events
        self.status_field = status_field
        self.illegal_message = illegal_message
        self.full_clean = full_clean
        self._services: dict[str, tuple[Callable, str | None, str]] = {}
        for move in self.moves.values():
            unknown = (set(move.sources) | {move.target} - {None}) - set(statuses.values)
            if unknown:
                raise ImproperlyConfigured(f"move {move.name!r} names unknown statuses {sorted(unknown)}")

    def __iter__(self):
        return iter(self.moves.values())

    # ----------------------------------------------------------------------------------- reading the table

    def moves_from(self, status: str) -> list[Move]:
        """Every move the table allows from `status`, offered or not, in table order."""
        return [m for m in self.moves.values() if status in m.sources]

    def transitions(self) -> dict[str, tuple[str, ...]]:
        """status → the statuses it may go to (a move that keeps the status is left out)."""
        return {
            s: tuple(dict.fromkeys(m.target for m in self.moves_from(s) if m.target is not None))
            for s in self.statuses.values
        }

    def resolve(self, status: str, name: str) -> Move | None:
        """The move called `name`, or the move from `status` to the status `name` (how the API names moves)."""
        if name in self.moves:
            return self.moves[name]
        return next((m for m in self.moves_from(status) if m.target == name), None)

    def allows(self, obj, name: str) -> bool:
        """Whether the table has the move `name` from the record's status (no check, no permission)."""
        return getattr(obj, self.status_field) in self.moves[name].sources

    def permission(self, model, move: Move) -> str | None:
        if move.permission is None:
            return None
        opts = model._meta
        return f"{opts.app_label}.{move.permission}_{opts.model_name}"

    def may(self, user, obj, move: Move) -> bool:
        """Whether `user` holds the model permission `move` needs."""
        codename = self.permission(type(obj), move)
        return codename is None or user.has_perm(codename)

    def allowed_moves(self, obj, user=None) -> list[Move]:
        """The moves offered now: from this status, and for `user` also permitted and passing the check."""
        status = getattr(obj, self.status_field)
        moves = [m for m in self.moves_from(status) if m.offered]
        if user is None:
            return moves
        allowed = []
        for move in moves:
            if not self.may(user, obj, move):
                continue
            if move.check is not None:
                try:
                    move.check(obj, user)
                except ValidationError:
                    continue
            allowed.append(move)
        return allowed

    def label(self, value) -> str:
        return str(dict(self.statuses.choices).get(value, value))

    def illegal(self, obj, name: str, move: Move | None) -> ValidationError:
        """The one error for a move the table does not allow from the record's status."""
        target = move.target if move is not None else name
        return ValidationError(
            self.illegal_message
            % {
                "current": self.label(getattr(obj, self.status_field)),
                "move": move.label if move is not None else self.label(name),
                "target": self.label(target) if target is not None else "",
            },
            code="illegal_move",
        )

    # --------------------------------------------------------------------------------------- applying a move

    @transaction.atomic
    def apply(self, obj, name: str, *, user, changes=None, note: str = "", at=None, **data):
        """Apply the move `name` (or the move to the status `name`) to `obj` and record it; returns `obj`.

        The row is locked first, so of two people pressing buttons at once the second sees the first one's
        status. `changes` is a dict of fields to set, or `changes(obj, at)` returning one: the domain
        service's own part of the move, beside the move's declared `changes`. `note` goes to the event and,
        with `data`, to the move's clean, check and changes.
        """
        model = type(obj)
        obj.refresh_from_db(from_queryset=model._base_manager.select_for_update())
        status = getattr(obj, self.status_field)
        move = self.resolve(status, name)
        if move is None and name not in self.statuses.values:
            raise ValidationError(UNKNOWN_MOVE % {"move": name}, code="unknown_move")
        if move is None or status not in move.sources:
            raise self.illegal(obj, name, move)
        data["note"] = note or ""
        if move.clean is not None:
            move.clean(obj, **data)
        if move.check is not None:
            move.check(obj, user, **data)
        at = at or timezone.now()
        fields = move.changes(obj, at, user=user, **data) if move.changes else {}
        fields.update((changes(obj, at) if callable(changes) else changes) or {})
        if move.target is not None:
            setattr(obj, self.status_field, move.target)
        for key, value in fields.items():
            setattr(obj, key, value)
        if user is not None:
            obj._history_user = user  # django-simple-history's record of who made the change
        save_validated(obj, clean=self.full_clean)
        if self.events is not None:
            self.events(
                obj,
                move=move,
                user=user,
                from_status=status,
                to_status=getattr(obj, self.status_field),
                at=at,
                note=(note or "").strip(),
            )
        return obj

    # ------------------------------------------------------------------------- the domain's named services

    def service(self, *names: str, move_arg: str | None = None, target_arg: str | None = None):
        """Register the domain service that carries out `names` (all moves when none is given).

        The service is called as `fn(<record_arg>=obj, user=user, **data)`, plus `move_arg=<name>` or
        `target_arg=<target status>` for a service that serves several moves.
        """

        def register(fn):
            for name in names or tuple(self.moves):
                if name not in self.moves:
                    raise ImproperlyConfigured(f"no move {name!r} to serve")
                arg, attr = (move_arg, "name") if move_arg else (target_arg, "target")
                self._services[name] = (fn, arg, attr)
            return fn

        return register

    def run(self, obj, move: Move, *, user, **data):
        """Carry out `move` on `obj` through the domain service registered for it."""
        try:
            fn, arg, attr = self._services[move.name]
        except KeyError:
            raise ImproperlyConfigured(f"no service registered for the move {move.name!r}") from None
        kwargs = {self.record_arg: obj, "user": user, **data}
        if arg:
            kwargs[arg] = getattr(move, attr)
        return fn(**kwargs)
