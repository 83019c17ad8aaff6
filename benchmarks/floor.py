"""The floor of each benchmarked page: the same data in the fewest hand-written SQL statements.

Each function takes a stdlib `sqlite3` connection (or, on PostgreSQL, a `PostgresFloor`, whose
`execute` takes the same placeholders) and the benchmark's `Known` ids and returns plain rows
that the benchmark serialises to JSON (the CSV export to CSV). What a page shows of one thing is
fetched with joins in one statement; each list of a different shape is one more. A unary `+` on
a column keeps SQLite from using that column's index where it selects almost everything (every
goal is in the one open cycle), as a person writing the SQL by hand would; on PostgreSQL, whose
planner weighs its statistics and to which `+column` has none, `PostgresFloor` drops it. Where
the two dialects differ (summing a condition, joining a list into a string, what a join may
refer to) `_sum_true`, `_joined` and `_cross` write each one's form.
"""

import csv
import io
import re
import sqlite3
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

Rows = list[tuple]

VIEWER = """
    SELECT u.id, u.name, u.language, u.function_id, {roles}
    FROM user_account u LEFT JOIN user_role r ON r.user_id = u.id
    WHERE u.id = ? AND u.active GROUP BY u.id
"""
CURRENT_CYCLE = """
    (SELECT id FROM cycle WHERE is_open AND starts_on <= :today AND ends_on >= :today
     ORDER BY starts_on DESC LIMIT 1)
"""


class PostgresFloor:
    """A psycopg connection that takes the floor's SQLite placeholders (`?` and `:name`) and
    counts the statements it runs."""

    postgresql = True

    def __init__(self, connection) -> None:
        self.connection = connection
        self.statements = 0

    def execute(self, sql: str, params: Any = ()):
        self.statements += 1
        # SQLite's unary `+` keeps it off an index; PostgreSQL's planner needs no such hint,
        # and to it `+column` is an expression without statistics (it then guesses 0.5 %).
        sql = re.sub(r"(?<=[\s(])\+(?=\w+\.\w)", "", sql)
        sql = sql.replace("%", "%%")
        if isinstance(params, dict):
            sql = re.sub(r"(?<![:\w]):(\w+)", r"%(\1)s", sql)
        else:
            sql = sql.replace("?", "%s")
        return self.connection.execute(sql, params or None)


def _postgresql(conn) -> bool:
    return getattr(conn, "postgresql", False)


def _sum_true(conn, condition: str) -> str:
    """The number of rows for which `condition` holds (SQLite sums its 0 and 1)."""
    return f"count(*) FILTER (WHERE {condition})" if _postgresql(conn) else f"sum({condition})"


def _joined(conn, column: str) -> str:
    return f"string_agg({column}, ',')" if _postgresql(conn) else f"group_concat({column})"


def _cross(conn) -> str:
    """Between two FROM items of which the second's joins refer to the first: PostgreSQL's ON
    may not refer to a comma's left side; SQLite keeps the comma (CROSS JOIN fixes its order)."""
    return " CROSS JOIN " if _postgresql(conn) else ", "


def _viewer(conn, user_id: int) -> Rows:
    return _all(conn, VIEWER.format(roles=_joined(conn, "r.role")), (user_id,))


def _date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _all(conn: sqlite3.Connection, sql: str, params: Any = ()) -> Rows:
    return conn.execute(sql, params).fetchall()


def _in(ids: list) -> str:
    return ",".join("?" * len(ids)) or "NULL"


def my_pop(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """Mijn POP: the employee's goals of the current cycle with their competency."""
    params = {"employee": known.employee_id, "today": known.today.isoformat()}
    goals = _all(
        conn,
        f"""
        SELECT c.id, c.name, g.id, g.title, g.status, g.progress, g.deadline,
               k.id, k.name, k.description
        FROM cycle c
        LEFT JOIN goal g ON g.employee_id = :employee AND +g.cycle_id = c.id
        LEFT JOIN competency k ON k.id = g.competency_id
        WHERE c.id = {CURRENT_CYCLE}
        ORDER BY g.deadline, g.id
        """,
        params,
    )
    return {"viewer": _viewer(conn, known.employee_id), "goals": goals}


def goal_page(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """A goal with its employee, manager, cycle, competency, tip, check-ins, comments, history."""
    goal = _all(
        conn,
        """
        SELECT g.*, e.name, e.manager_id, m.name, c.name, c.starts_on, c.ends_on,
               k.name, k.description, t.text
        FROM goal g
        JOIN user_account e ON e.id = g.employee_id
        LEFT JOIN user_account m ON m.id = e.manager_id
        JOIN cycle c ON c.id = g.cycle_id
        LEFT JOIN competency k ON k.id = g.competency_id
        LEFT JOIN development_tip t ON t.id = g.source_tip_id
        WHERE g.id = ? AND g.employee_id = ?
        """,
        (known.goal_id, known.employee_id),
    )
    check_ins = _all(
        conn,
        'SELECT id, "on", progress, note, evidence_url, evidence_name FROM check_in '
        'WHERE goal_id = ? ORDER BY "on", id',
        (known.goal_id,),
    )
    comments = _all(
        conn,
        "SELECT c.id, c.body, c.created_at, a.name FROM goal_comment c "
        "JOIN user_account a ON a.id = c.author_id WHERE c.goal_id = ? ORDER BY c.id",
        (known.goal_id,),
    )
    history = _all(
        conn,
        "SELECT e.at, e.action, e.summary, e.changes, a.name FROM audit_event e "
        "LEFT JOIN user_account a ON a.id = e.actor_id "
        "WHERE e.object_id = ? AND e.object_type = 'Goal' ORDER BY e.at DESC, e.id DESC",
        (known.goal_id,),
    )
    return {
        "viewer": _viewer(conn, known.employee_id),
        "goal": goal,
        "check_ins": check_ins,
        "comments": comments,
        "history": history,
    }


def team_view(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """The manager's team: per report the goal figures, last check-in and conversations."""
    params = {"manager": known.manager_id, "today": known.today.isoformat()}
    per_status = {
        status: _sum_true(conn, f"g.status = '{status}'")
        for status in ("concept", "voorgesteld", "afgesproken", "bezig", "afgerond", "gestopt")
    }
    overdue = _sum_true(conn, "g.status NOT IN ('afgerond', 'gestopt') AND g.deadline < :today")
    rows = _all(
        conn,
        f"""
        WITH team AS (
            SELECT u.id, u.name, u.function_id, f.title, f.source_filename
            FROM user_account u LEFT JOIN job_function f ON f.id = u.function_id
            WHERE u.manager_id = :manager AND u.active
        ),
        goals AS (
            SELECT g.employee_id,
                   {per_status["concept"]} AS concept,
                   {per_status["voorgesteld"]} AS proposed,
                   {per_status["afgesproken"]} AS agreed,
                   {per_status["bezig"]} AS doing,
                   {per_status["afgerond"]} AS done,
                   {per_status["gestopt"]} AS stopped,
                   sum(CASE WHEN g.status != 'gestopt' THEN g.progress END) AS progress,
                   {overdue} AS overdue
            FROM goal g
            WHERE g.employee_id IN (SELECT id FROM team) AND +g.cycle_id = {CURRENT_CYCLE}
            GROUP BY g.employee_id
        ),
        last_check_in AS (
            SELECT g.employee_id, max(ci."on") AS last
            FROM goal g JOIN check_in ci ON ci.goal_id = g.id
            WHERE g.employee_id IN (SELECT id FROM team)
            GROUP BY g.employee_id
        )
        SELECT team.*, goals.*, last_check_in.last
        FROM team
        LEFT JOIN goals ON goals.employee_id = team.id
        LEFT JOIN last_check_in ON last_check_in.employee_id = team.id
        ORDER BY team.name, team.id
        """,
        params,
    )
    conversations = _all(
        conn,
        f"""
        SELECT v.id, v.employee_id, v.kind, v.status, v.planned_on, v.held_on
        FROM conversation v JOIN user_account u ON u.id = v.employee_id
        WHERE u.manager_id = :manager AND u.active AND +v.cycle_id = {CURRENT_CYCLE}
        ORDER BY v.planned_on, v.id
        """,
        params,
    )
    return {
        "viewer": _viewer(conn, known.manager_id),
        "team": rows,
        "conversations": conversations,
    }


def employee_file(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """An employee's file: person, function in full, goals with check-ins, conversations."""
    person_id = known.employee_id
    params = {"person": person_id, "today": known.today.isoformat()}
    person = _all(
        conn,
        """
        SELECT p.id, p.name, p.email, d.name, m.name, l.name, l.scale,
               f.id, f.title, f.purpose, f.source_filename, fam.name
        FROM user_account p
        LEFT JOIN department d ON d.id = p.department_id
        LEFT JOIN user_account m ON m.id = p.manager_id
        LEFT JOIN function_level l ON l.id = p.function_level_id
        LEFT JOIN job_function f ON f.id = p.function_id
        LEFT JOIN function_family fam ON fam.id = f.family_id
        WHERE p.id = :person
        """,
        params,
    )
    areas = _all(
        conn,
        "SELECT a.position, a.core_activity, a.frameworks, a.result, a.activities "
        "FROM result_area a JOIN user_account p ON p.function_id = a.function_id "
        "WHERE p.id = :person ORDER BY a.position",
        params,
    )
    competencies = _all(
        conn,
        "SELECT k.id, k.name, k.description, fc.position FROM function_competency fc "
        "JOIN competency k ON k.id = fc.competency_id "
        "JOIN user_account p ON p.function_id = fc.function_id "
        "WHERE p.id = :person ORDER BY fc.position",
        params,
    )
    competency_ids = [row[0] for row in competencies]
    marks = _in(competency_ids)
    items = _all(
        conn,
        f"SELECT 'indicator', competency_id, position, text FROM behaviour_indicator "
        f"WHERE competency_id IN ({marks}) UNION ALL "
        f"SELECT 'question', competency_id, position, text FROM interview_question "
        f"WHERE competency_id IN ({marks}) ORDER BY 2, 1, 3",
        competency_ids * 2,
    )
    goals = _all(
        conn,
        f"""
        SELECT g.id, g.title, g.status, g.progress, g.deadline, k.name, k.description
        FROM goal g LEFT JOIN competency k ON k.id = g.competency_id
        WHERE g.employee_id = :person AND +g.cycle_id = {CURRENT_CYCLE}
        ORDER BY g.deadline, g.id
        """,
        params,
    )
    goal_ids = [row[0] for row in goals]
    check_ins = _all(
        conn,
        f'SELECT goal_id, "on", progress, note FROM check_in WHERE goal_id IN ({_in(goal_ids)}) '
        'ORDER BY goal_id, "on", id',
        goal_ids,
    )
    conversations = _all(
        conn,
        "SELECT v.id, v.kind, v.status, v.planned_on, v.held_on, v.overall_rating, "
        "v.rating_scale, c.name, m.name FROM conversation v "
        "JOIN cycle c ON c.id = v.cycle_id JOIN user_account m ON m.id = v.manager_id "
        "WHERE v.employee_id = :person ORDER BY v.planned_on DESC, v.id DESC",
        params,
    )
    ratings = _all(
        conn,
        "SELECT r.conversation_id, r.score, k.id, k.name, k.description "
        "FROM conversation_rating r JOIN conversation v ON v.id = r.conversation_id "
        "JOIN competency k ON k.id = r.competency_id "
        "WHERE v.employee_id = :person AND v.status IN ('gevoerd', 'ondertekend') "
        "AND r.indicator_id IS NULL",
        params,
    )
    return {
        "viewer": _viewer(conn, known.manager_id),
        "person": person,
        "areas": areas,
        "competencies": competencies,
        "items": items,
        "goals": goals,
        "check_ins": check_ins,
        "conversations": conversations,
        "ratings": ratings,
    }


def conversation_page(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """A conversation with its report, self-assessment, rateable competencies and history."""
    params = {"conversation": known.conversation_id}
    conversation = _all(
        conn,
        """
        SELECT v.*, e.name, e.manager_id, f.title, m.name, c.name, c.starts_on, c.ends_on
        FROM conversation v
        JOIN user_account e ON e.id = v.employee_id
        LEFT JOIN job_function f ON f.id = e.function_id
        JOIN user_account m ON m.id = v.manager_id
        JOIN cycle c ON c.id = v.cycle_id
        WHERE v.id = :conversation
        """,
        params,
    )
    notes = _all(
        conn,
        "SELECT topic, body FROM conversation_note WHERE conversation_id = :conversation",
        params,
    )
    ratings = _all(
        conn,
        "SELECT 'manager', competency_id, indicator_id, score FROM conversation_rating "
        "WHERE conversation_id = :conversation UNION ALL "
        "SELECT 'self', r.competency_id, r.indicator_id, r.score FROM self_assessment_rating r "
        "JOIN self_assessment s ON s.id = r.self_assessment_id "
        "WHERE s.conversation_id = :conversation",
        params,
    )
    agreements = _all(
        conn,
        "SELECT a.id, a.what, a.owner, a.due_on, g.id, g.title, k.name, k.description "
        "FROM agreement a LEFT JOIN goal g ON g.id = a.goal_id "
        "LEFT JOIN competency k ON k.id = a.competency_id "
        "WHERE a.conversation_id = :conversation ORDER BY a.id",
        params,
    )
    addenda = _all(
        conn,
        "SELECT d.body, d.created_at, u.name FROM conversation_addendum d "
        "JOIN user_account u ON u.id = d.author_id "
        "WHERE d.conversation_id = :conversation ORDER BY d.id",
        params,
    )
    assessment = _all(
        conn,
        "SELECT reflection, submitted_at FROM self_assessment "
        "WHERE conversation_id = :conversation",
        params,
    )
    competencies = _all(
        conn,
        "SELECT k.id, k.name, k.description, i.id, i.position, i.text "
        "FROM conversation v JOIN user_account e ON e.id = v.employee_id "
        "JOIN function_competency fc ON fc.function_id = e.function_id "
        "JOIN competency k ON k.id = fc.competency_id "
        "LEFT JOIN behaviour_indicator i ON i.competency_id = k.id "
        "WHERE v.id = :conversation ORDER BY fc.position, i.position",
        params,
    )
    history = _all(
        conn,
        "SELECT e.at, e.action, e.summary, e.changes, a.name FROM audit_event e "
        "LEFT JOIN user_account a ON a.id = e.actor_id "
        "WHERE e.object_id = :conversation AND e.object_type = 'Conversation' "
        "ORDER BY e.at DESC, e.id DESC",
        params,
    )
    return {
        "viewer": _viewer(conn, known.manager_id),
        "conversation": conversation,
        "notes": notes,
        "ratings": ratings,
        "agreements": agreements,
        "addenda": addenda,
        "assessment": assessment,
        "competencies": competencies,
        "history": history,
    }


def catalogue_index(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """Functions per family with their levels and number of active holders."""
    functions = _all(
        conn,
        """
        SELECT fam.id, fam.name, f.id, f.title, f.source_filename, holders.n
        FROM job_function f
        LEFT JOIN function_family fam ON fam.id = f.family_id
        LEFT JOIN (SELECT function_id, count(*) AS n FROM user_account
                   WHERE function_id IS NOT NULL AND active GROUP BY function_id) holders
               ON holders.function_id = f.id
        ORDER BY fam.name IS NULL, fam.name, f.title, f.id
        """,
    )
    levels = _all(
        conn, "SELECT function_id, position, name, scale FROM function_level ORDER BY 1, 2"
    )
    return {
        "viewer": _viewer(conn, known.employee_id),
        "functions": functions,
        "levels": levels,
    }


def hr_functions(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """HR's report: every function with its family, scales and employees (active, with the
    employee role) of the whole organisation, counted from the base tables."""
    functions = _all(
        conn,
        """
        SELECT f.id, fam.name, f.title, f.source_filename, count(u.id)
        FROM job_function f
        LEFT JOIN function_family fam ON fam.id = f.family_id
        LEFT JOIN user_account u ON u.function_id = f.id AND u.active
             AND EXISTS (SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'employee')
        GROUP BY f.id, fam.name, f.title, f.source_filename
        ORDER BY fam.name IS NULL, fam.name, f.title
        """,
    )
    scales = _all(
        conn, "SELECT function_id, scale FROM function_level ORDER BY function_id, position"
    )
    return {"viewer": _viewer(conn, known.hr_id), "functions": functions, "scales": scales}


def _week_starts(today: date, ends_on: date, weeks: int = 8) -> list[date]:
    end = min(today, ends_on)
    monday = end - timedelta(days=end.weekday())
    return [monday - timedelta(weeks=weeks - 1 - index) for index in range(weeks)]


def hr_dashboard(conn: sqlite3.Connection, known, department_ids: list[int] | None) -> dict:
    """The organisation's figures of the cycle, each one GROUP BY over the people in scope."""
    people = (
        "SELECT u.id, u.function_id FROM user_account u WHERE u.active AND EXISTS "
        "(SELECT 1 FROM user_role r WHERE r.user_id = u.id AND r.role = 'employee')"
    )
    params: list = []
    if department_ids is not None:
        people += f" AND u.department_id IN ({_in(department_ids)})"
        params = list(department_ids)
    cycle_id, today = known.cycle_id, known.today.isoformat()
    late = _sum_true(conn, f"g.deadline < '{today}'")
    coverage = _all(
        conn,
        f"""
        WITH people AS ({people})
        SELECT c.name, c.ends_on, count(DISTINCT p.id), count(DISTINCT g.employee_id),
               count(DISTINCT CASE WHEN g.status IN ('afgesproken', 'bezig', 'afgerond')
                                   THEN g.employee_id END)
        FROM cycle c{_cross(conn)}people p
        LEFT JOIN goal g ON g.employee_id = p.id AND +g.cycle_id = c.id
        WHERE c.id = {cycle_id}{" GROUP BY c.id" if _postgresql(conn) else ""}
        """,
        params,
    )
    goals = _all(
        conn,
        f"""
        WITH people AS ({people})
        SELECT g.status, count(*), {late}, sum(g.progress)
        FROM goal g JOIN people p ON p.id = g.employee_id
        WHERE +g.cycle_id = {cycle_id} GROUP BY g.status
        """,
        params,
    )
    starts = _week_starts(known.today, _date(coverage[0][1]))
    week = " ".join(
        f"WHEN ci.\"on\" >= '{start}' THEN {index}"
        for index, start in reversed(list(enumerate(starts)))
    )
    weeks = _all(
        conn,
        f"""
        WITH people AS ({people})
        SELECT CASE {week} END, count(*), count(DISTINCT g.employee_id)
        FROM check_in ci JOIN goal g ON g.id = ci.goal_id JOIN people p ON p.id = g.employee_id
        WHERE +g.cycle_id = {cycle_id} AND ci."on" >= '{starts[0]}'
          AND ci."on" < '{starts[-1] + timedelta(days=7)}'
        GROUP BY 1
        """,
        params,
    )
    conversations = _all(
        conn,
        f"""
        WITH people AS ({people}),
        reached AS (
            SELECT v.kind, v.employee_id,
                   max(CASE v.status WHEN 'ondertekend' THEN 4 WHEN 'gevoerd' THEN 3
                                     WHEN 'voorbereid' THEN 2 ELSE 1 END) AS stage
            FROM conversation v JOIN people p ON p.id = v.employee_id
            WHERE +v.cycle_id = {cycle_id} GROUP BY v.kind, v.employee_id
        )
        SELECT r.kind, r.stage, count(*), d.due_on FROM reached r
        LEFT JOIN conversation_deadline d
          ON d.cycle_id = {cycle_id} AND d.kind = r.kind AND d.department_id IS NULL
        GROUP BY r.kind, r.stage, d.due_on
        """,
        params,
    )
    judgements = _all(
        conn,
        f"""
        WITH people AS ({people})
        SELECT v.overall_rating, count(DISTINCT v.employee_id)
        FROM conversation v JOIN people p ON p.id = v.employee_id
        WHERE +v.cycle_id = {cycle_id} AND v.status IN ('gevoerd', 'ondertekend')
          AND v.overall_rating IS NOT NULL
        GROUP BY 1 ORDER BY 1
        """,
        params,
    )
    competencies = _all(
        conn,
        f"""
        WITH people AS ({people}),
        counts AS (
            SELECT g.competency_id, count(*) AS goals, count(DISTINCT g.employee_id) AS people
            FROM goal g JOIN people p ON p.id = g.employee_id
            WHERE +g.cycle_id = {cycle_id} AND g.competency_id IS NOT NULL
              AND g.status IN ('afgesproken', 'bezig', 'afgerond')
            GROUP BY g.competency_id
        )
        SELECT k.id, k.name, k.description, coalesce(c.goals, 0), coalesce(c.people, 0)
        FROM competency k LEFT JOIN counts c ON c.competency_id = k.id
        WHERE c.goals IS NOT NULL OR k.id IN (
            SELECT fc.competency_id FROM function_competency fc
            WHERE fc.function_id IN (SELECT function_id FROM people))
        ORDER BY 4 DESC, k.name, k.id
        """,
        params,
    )
    return {
        "viewer": _viewer(conn, known.hr_id),
        "coverage": coverage,
        "goals": goals,
        "weeks": weeks,
        "conversations": conversations,
        "judgements": judgements,
        "competencies": competencies,
    }


def goals_csv(conn: sqlite3.Connection, known) -> str:
    """Every goal of the cycle with its employee, department, function and competency, as CSV."""
    cursor = conn.execute(
        f"""
        SELECT u.employee_number, u.name, d.name, f.title, g.title, k.name, g.status,
               g.progress, g.starts_on, g.deadline, g.updated_at
        FROM goal g
        JOIN user_account u ON u.id = g.employee_id
        LEFT JOIN department d ON d.id = u.department_id
        LEFT JOIN job_function f ON f.id = u.function_id
        LEFT JOIN competency k ON k.id = g.competency_id
        WHERE g.cycle_id = {CURRENT_CYCLE}
        ORDER BY d.name, u.name, g.deadline, g.id
        """,
        {"today": known.today.isoformat()},
    )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([column[0] for column in cursor.description])
    for row in cursor:
        writer.writerow(row)
    return out.getvalue()


def baseline(conn: sqlite3.Connection, known) -> dict[str, Rows]:
    """An empty page in the layout: only who is logged in."""
    return {"viewer": _viewer(conn, known.employee_id)}


FLOORS: dict[str, Callable[..., Any]] = {
    "baseline": baseline,
    "my_pop": my_pop,
    "goal": goal_page,
    "team": team_view,
    "employee_file": employee_file,
    "conversation": conversation_page,
    "catalogue": catalogue_index,
    "hr_dashboard": lambda conn, known: hr_dashboard(conn, known, None),
    "hr_dashboard_department": lambda conn, known: hr_dashboard(
        conn, known, known.department_subtree
    ),
    "hr_functions": hr_functions,
    "goals_csv": goals_csv,
}
