"""The runs of `pop import-people`: what each did, so that HR sees what the nightly export did."""

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import JSON, Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from pop.extensions import db
from pop.models._time import utcnow

if TYPE_CHECKING:
    from pop.models.org import User


class PeopleImportRun(db.Model):
    __tablename__ = "people_import_run"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))  # None: the CLI
    filename: Mapped[str] = mapped_column(String(255), default="")
    deactivate_missing: Mapped[bool] = mapped_column(Boolean, server_default=false())
    succeeded: Mapped[bool] = mapped_column(Boolean)
    created: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    deactivated: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # {"problems": ["regel 3, kolom e-mail: …"], "deactivated": [{"id", "name", "employee_number"}]}
    report: Mapped[dict] = mapped_column(JSON, default=dict)

    actor: Mapped["User | None"] = relationship()
