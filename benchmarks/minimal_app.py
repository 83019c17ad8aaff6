"""The floor of `python -m benchmarks.throughput`: a minimal Flask + Flask-Login app.

One logged-in page in a small template, the user loaded from a dict: what the stack costs
before an application does anything. Served by gunicorn with the same workers and threads as
`pop serve`.
"""

from flask import Flask, redirect, render_template, request
from flask_login import LoginManager, UserMixin, current_user, login_required, login_user

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Mijn POP</title></head>
<body><main><h1>Mijn POP</h1><p>{{ user.name }}</p></main></body></html>"""


class Person(UserMixin):
    def __init__(self, user_id: str, name: str) -> None:
        self.id, self.name = user_id, name


PEOPLE = {str(number): Person(str(number), f"Medewerker {number}") for number in range(1, 101)}

app = Flask(__name__)
# One key for every worker (each imports this module): a benchmark, not a deployment.
app.config["SECRET_KEY"] = "minimal-benchmark-app"  # noqa: S105
login_manager = LoginManager(app)
# Compiled once, as a template file is (`render_template_string` compiles it for every request).
TEMPLATE = app.jinja_env.from_string(PAGE)


@login_manager.user_loader
def load_user(user_id: str) -> Person | None:
    return PEOPLE.get(user_id)


@app.post("/login")
def login():
    login_user(PEOPLE[request.form.get("id", "1")])
    return redirect("/pop/")


@app.get("/pop/")
@login_required
def my_pop():
    return render_template(TEMPLATE, user=current_user)
