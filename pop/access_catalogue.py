"""Who may read and change the function catalogue: access.py's part for it, beside it.

Everyone logged in reads the catalogue (functions, competencies, development tips); only HR
changes it, and anyone else who tries gets 403. A module of its own because access.py is at the
size limit; access.py re-exports it, so views load catalogue objects through `pop.access`.
"""

from flask import abort
from sqlalchemy import select

from pop.access_support import LoadOptions, one_or_404
from pop.models import Competency, DevelopmentTip, JobFunction, User


def may_edit_catalogue(viewer: User) -> bool:
    return viewer.is_hr


def require_catalogue_editor(viewer: User) -> None:
    """The catalogue is visible to everyone logged in; only HR changes it (403 otherwise)."""
    if not may_edit_catalogue(viewer):
        abort(403)


def get_function_or_404(viewer: User, function_id: int, options: LoadOptions = ()) -> JobFunction:
    """A function description: everyone logged in reads the catalogue."""
    return one_or_404(select(JobFunction).where(JobFunction.id == function_id), options)


def get_editable_function_or_404(
    viewer: User, function_id: int, options: LoadOptions = ()
) -> JobFunction:
    function = get_function_or_404(viewer, function_id, options)
    require_catalogue_editor(viewer)
    return function


def get_competency_or_404(
    viewer: User, competency_id: int, options: LoadOptions = ()
) -> Competency:
    return one_or_404(select(Competency).where(Competency.id == competency_id), options)


def get_editable_competency_or_404(
    viewer: User, competency_id: int, options: LoadOptions = ()
) -> Competency:
    competency = get_competency_or_404(viewer, competency_id, options)
    require_catalogue_editor(viewer)
    return competency


def get_tip_or_404(viewer: User, tip_id: int) -> DevelopmentTip:
    """A development tip, to adopt as a goal: tips are part of the catalogue everyone reads.

    A retired tip is no longer offered; the goals made from it still show it.
    """
    return one_or_404(
        select(DevelopmentTip).where(
            DevelopmentTip.id == tip_id, DevelopmentTip.retired_at.is_(None)
        )
    )
