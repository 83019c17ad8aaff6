"""`pop bench generate`: a generated organisation for the benchmarks and load tests."""

import click
from flask.cli import AppGroup

bench_cli = AppGroup("bench", help="Benchmark tooling: a generated organisation.")


@bench_cli.command("generate")
@click.option("--employees", type=click.IntRange(min=10), default=1000, show_default=True)
@click.option("--seed", type=int, default=1, show_default=True)
@click.option(
    "--reset",
    is_flag=True,
    help="Drop and recreate every table first: ALL data in the database is lost.",
)
@click.option("--yes", is_flag=True, help="Do not ask before --reset.")
@click.option("--functions", type=click.IntRange(min=1), default=None, help="Default: 120.")
@click.option("--competencies", type=click.IntRange(min=1, max=40), default=None)
def generate_command(
    employees: int,
    seed: int,
    reset: bool,
    yes: bool,
    functions: int | None,
    competencies: int | None,
) -> None:
    """Generate an organisation of EMPLOYEES people into an empty database (deterministic)."""
    # Here, not at the top: the factory registers this command in every web worker too.
    from pop.bench import generate as generator
    from pop.bench import shape

    if reset:
        if not yes:
            click.confirm("This drops every table of the database. Continue?", abort=True)
        generator.reset_database(create=False)  # generate() then builds it by the migrations
    sizes = {"functions": functions, "competencies": competencies}
    try:
        report = generator.generate(
            employees,
            seed,
            echo=click.echo,
            **{key: value for key, value in sizes.items() if value is not None},
        )
    except shape.GenerationError as error:
        raise click.ClickException(str(error)) from error
    counts = ", ".join(f"{count} {table}" for table, count in report.counts.items())
    click.echo(
        f"Generated {employees} employees (seed {seed}) in {report.seconds:.1f} s: {counts}."
    )
    click.echo(
        f"Everyone logs in with the password {shape.BENCH_PASSWORD!r}, for instance "
        f"{shape.MANAGER_EMAIL} (who leads the largest team), "
        f"{shape.EMPLOYEE_EMAIL} and {shape.HR_EMAIL}."
    )
