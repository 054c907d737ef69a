"""Who is asking: the reader a query is answered for, and the SQL that keeps every
record above their Traffic Light Protocol clearance out of the answer.

The rules (docs/web.md, "TLP"):

- CLEAR — anyone, including a visitor who has not logged in.
- GREEN — any logged-in user of this installation.
- AMBER — users of the organisation that owns the record, and of the organisations
  the owner shares its AMBER records with (``org_shares``).
- RED — only the users named as the record's readers (``record_readers``).
- An AMBER or RED record that no organisation owns yet (an alert derived from such
  events, an import whose owner was never set) is seen by administrators only, who
  give it an owner.

Ownership lives beside the records (``record_owners``: kind, record id, org), so the
same clause serves events, community reports, alerts, responses and briefs. A query
made without an ``Audience`` is the library's own (the command line, the analyses run
by an operator) and is not narrowed; the web never makes one.
"""

from __future__ import annotations

from dataclasses import dataclass

from veille.errors import InvalidValue

ROLES = ("viewer", "analyst", "admin")
KINDS = ("event", "report", "alert", "response", "brief")


@dataclass(frozen=True)
class Audience:
    """A reader: anonymous (no user), or a user with an organisation and a role."""

    user_id: str | None = None
    org_id: str | None = None
    role: str = "viewer"
    # False: only the organisation's own AMBER records, not those partners share with it
    # (what a brief the organisation will own may draw on, so that sharing never chains).
    shared: bool = True

    def __post_init__(self) -> None:
        if self.role not in ROLES:
            raise InvalidValue(f"role must be one of {', '.join(ROLES)}, got {self.role!r}")
        if self.user_id is None and self.org_id is not None:
            raise InvalidValue("an anonymous audience has no organisation")

    @classmethod
    def anonymous(cls) -> Audience:
        return cls()

    @property
    def logged_in(self) -> bool:
        return self.user_id is not None

    def can(self, role: str) -> bool:
        """Whether this reader holds ``role`` or a higher one."""
        return self.logged_in and ROLES.index(self.role) >= ROLES.index(role)

    def visible(self, kind: str, id_column: str, tlp_column: str = "tlp") -> tuple[str, list]:
        """A SQL condition (with ``?`` parameters) true for the records of ``kind`` this
        reader may see; ``id_column`` and ``tlp_column`` name the record's columns."""
        if kind not in KINDS:
            raise InvalidValue(f"kind must be one of {', '.join(KINDS)}, got {kind!r}")
        if not self.logged_in:
            return f"({tlp_column} = 'CLEAR')", []
        owned = "SELECT record_id FROM record_owners WHERE kind = ? AND (org_id = ?"
        owned += " OR org_id IN (SELECT from_org FROM org_shares WHERE to_org = ?))" if self.shared else ")"
        named = "SELECT record_id FROM record_readers WHERE kind = ? AND user_id = ?"
        parts = [f"{tlp_column} IN ('CLEAR', 'GREEN')",
                 f"({tlp_column} = 'AMBER' AND {id_column} IN ({owned}))",
                 f"({tlp_column} = 'RED' AND {id_column} IN ({named}))"]
        params: list = [kind, self.org_id or ""] + ([self.org_id or ""] if self.shared else []) + [kind, self.user_id]
        if self.role == "admin":
            parts.append(f"({tlp_column} IN ('AMBER', 'RED') AND {id_column} NOT IN "
                         "(SELECT record_id FROM record_owners WHERE kind = ?))")
            params.append(kind)
        return "(" + " OR ".join(parts) + ")", params

    def visible_literal(self, kind: str, id_column: str, tlp_column: str = "tlp") -> str:
        """``visible`` with its parameters written in as SQL literals, for a view."""
        clause, params = self.visible(kind, id_column, tlp_column)
        pieces = clause.split("?")
        if len(pieces) != len(params) + 1:
            raise InvalidValue("a visibility clause has stray placeholders")
        out = [pieces[0]]
        for value, rest in zip(params, pieces[1:]):
            out.append("'" + str(value).replace("'", "''") + "'" + rest)
        return "".join(out)


__all__ = ["KINDS", "ROLES", "Audience"]
