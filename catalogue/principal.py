"""Who is acting: a signed-in user, the system (CLI), or nobody."""

from __future__ import annotations

from dataclasses import dataclass, field

from catalogue.accounts.models import User


@dataclass(frozen=True)
class Principal:
    user_id: int | None = None
    email: str | None = None
    is_platform_admin: bool = False
    is_governance: bool = False
    roles: dict[str, str] = field(default_factory=dict)  # organisation id -> editor | admin
    is_system: bool = False

    @property
    def authenticated(self) -> bool:
        return self.user_id is not None or self.is_system

    @property
    def opens_workspace(self) -> bool:
        """Members of a producer, and platform admins, have a producer workspace."""
        return bool(self.roles) or self.is_platform_admin

    def role_in(self, organisation_id: str) -> str | None:
        return self.roles.get(organisation_id)

    @classmethod
    def of(cls, user: User) -> Principal:
        return cls(
            user_id=user.id,
            email=user.email,
            is_platform_admin=user.is_platform_admin,
            is_governance=user.is_governance,
            roles={m.organisation_id: m.role for m in user.memberships},
        )


ANONYMOUS = Principal()
SYSTEM = Principal(is_system=True, is_platform_admin=True)
