"""People and the organisation: departments, users, their roles and HR scopes."""

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, ForeignKey, String, UniqueConstraint, false, true
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash

from pop.extensions import db
from pop.models._enum import allowed_values, enum_type
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.catalogue import FunctionLevel, JobFunction


class Role(enum.StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    HR = "hr"
    ADMIN = "admin"


# A role by its stored value, faster than Role(value); a member finds itself (it hashes as its
# value).
ROLES_BY_VALUE = {role.value: role for role in Role}


class Department(db.Model):
    __tablename__ = "department"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)

    parent: Mapped["Department | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Department"]] = relationship(back_populates="parent")

    __table_args__ = (UniqueConstraint("parent_id", "name", name="uq_department_parent_name"),)

    def __repr__(self) -> str:
        return f"<Department {self.name!r}>"


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), unique=True)
    employee_number: Mapped[str | None] = mapped_column(String(50), unique=True)
    password_hash: Mapped[str | None] = mapped_column(String(255))
    department_id: Mapped[int | None] = mapped_column(ForeignKey("department.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    anonymised: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    language: Mapped[str | None] = mapped_column(String(5))
    function_id: Mapped[int | None] = mapped_column(ForeignKey("job_function.id"), index=True)
    function_level_id: Mapped[int | None] = mapped_column(ForeignKey("function_level.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    deactivated_at: Mapped[datetime | None]  # when the retention period of a leaver started
    # HR for the whole organisation is a grant an administrator makes: HR without it and
    # without departments (HrScope) sees no one but themselves. Departments, when set, narrow it.
    hr_organisation_wide: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=false()
    )

    department: Mapped[Department | None] = relationship()
    function: Mapped["JobFunction | None"] = relationship()
    function_level: Mapped["FunctionLevel | None"] = relationship()
    manager: Mapped["User | None"] = relationship(remote_side=[id], back_populates="reports")
    reports: Mapped[list["User"]] = relationship(back_populates="manager")
    role_links: Mapped[list["UserRole"]] = relationship(
        back_populates="user", cascade="all, delete-orphan", lazy="selectin"
    )
    hr_scope_links: Mapped[list["HrScope"]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<User {self.email!r}>"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def roles(self) -> frozenset[Role]:
        # A dict lookup, not Role(...): a link holds the member once loaded, its value once set.
        return frozenset(ROLES_BY_VALUE[link.role] for link in self.role_links)

    @roles.setter
    def roles(self, wanted: set[Role] | frozenset[Role]) -> None:
        wanted = {Role(role) for role in wanted}
        self.role_links = [link for link in self.role_links if Role(link.role) in wanted]
        for role in sorted(wanted - self.roles):
            self.role_links.append(UserRole(role=role.value))

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def has_password(self) -> bool:
        return self.password_hash is not None

    @property
    def is_manager(self) -> bool:
        return self.has_role(Role.MANAGER)

    @property
    def is_hr(self) -> bool:
        return self.has_role(Role.HR, Role.ADMIN)

    @property
    def is_admin(self) -> bool:
        return self.has_role(Role.ADMIN)

    def check_password(self, password: str) -> bool:
        return self.password_hash is not None and check_password_hash(self.password_hash, password)


class UserRole(db.Model):
    __tablename__ = "user_role"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    role: Mapped[Role] = mapped_column(enum_type(Role, 20), primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_links")

    __table_args__ = (allowed_values("role", Role),)


class HrScope(db.Model):
    """Limits an HR user to some departments (and their sub-departments).

    No rows grant nothing: the whole organisation is `User.hr_organisation_wide`.
    """

    __tablename__ = "hr_scope"

    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), primary_key=True)
    department_id: Mapped[int] = mapped_column(ForeignKey("department.id"), primary_key=True)

    user: Mapped[User] = relationship(back_populates="hr_scope_links")
    department: Mapped[Department] = relationship()
