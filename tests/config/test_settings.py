import ast
import os
import re
import subprocess
import sys
from pathlib import Path

from tests.processes import SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, **env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        # A deadline against hanging, not a speed target: loading Django takes ~6 s of CPU,
        # which a machine at a load average of 40 stretches past two minutes.
        timeout=600,
    )


# A complete production environment; each test below takes one thing away or changes it.
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": "sinergi.polda.example",
    "DATABASE_URL": "postgres://sinergi@db.example/sinergi",
    "REDIS_URL": "redis://redis.example:6379/0",
}


def production(**changes: str | None) -> dict[str, str]:
    """PRODUCTION with ``changes``; a variable changed to None is left out."""
    env = {**PRODUCTION, **changes}
    return {name: value for name, value in env.items() if value is not None}


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production())

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = run_manage("check", **production(DJANGO_SECRET_KEY=None))

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_postgresql_and_redis():
    # REDIS_URL is emptied rather than left out: the test run's own would leak through.
    result = run_manage("check", **production(DATABASE_URL=None, REDIS_URL=""))

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "needs DATABASE_URL and REDIS_URL" in result.stderr


def test_production_refuses_sqlite_even_when_given_explicitly():
    result = run_manage("check", **production(DATABASE_URL="sqlite:////tmp/sinergi.sqlite3"))

    assert result.returncode != 0
    assert "needs a PostgreSQL DATABASE_URL" in result.stderr


def test_development_never_runs_tasks_in_the_request():
    result = run_manage(
        "shell",
        "--no-imports",
        "-c",
        "from config.celery import app; print(app.conf.task_always_eager)",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _variables_read_by_the_settings() -> set[str]:
    # env.str("X"), env.bool("X"), env("X") ... and os.environ / os.getenv reads.
    tree = ast.parse((ROOT / "config" / "settings.py").read_text())
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args:
            func = node.func
            reads_env = (isinstance(func, ast.Name) and func.id == "env") or (
                isinstance(func, ast.Attribute)
                and (
                    (isinstance(func.value, ast.Name) and func.value.id == "env")
                    or func.attr == "getenv"
                    or (isinstance(func.value, ast.Attribute) and func.value.attr == "environ")
                )
            )
            first = node.args[0]
            if reads_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
                names.add(first.value)
        elif (
            isinstance(node, ast.Subscript)
            and isinstance(node.value, ast.Attribute)
            and node.value.attr == "environ"
            and isinstance(node.slice, ast.Constant)
        ):
            names.add(node.slice.value)
    return names


def test_it_documents_every_variable_the_settings_read_in_env_example():
    example = (ROOT / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    read = _variables_read_by_the_settings()

    assert "DATABASE_URL" in read  # the parser finds the settings' reads at all
    assert read - documented == set(), "missing from .env.example"


def _middleware(**env_overrides) -> list[str]:
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(*settings.MIDDLEWARE)",
        **env_overrides,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_never_loads_the_profiler_even_when_asked():
    middleware = _middleware(
        DJANGO_ENV="production",
        DJANGO_DEBUG="true",
        DJANGO_PROFILE="true",
        DJANGO_SECRET_KEY="k7#Qm2!vZp9@Lx4$Wn8^Rt6&Yb3*Hc5(Jd1)Fg0-Sa2_Ue7+Io4=Pk9",
        DJANGO_ALLOWED_HOSTS="sinergi.polda.example",
        DATABASE_URL="postgres://sinergi@db.example/sinergi",
        REDIS_URL="redis://redis.example:6379/0",
    )

    assert middleware
    assert not [name for name in middleware if "pyinstrument" in name]


def test_development_loads_the_profiler_only_with_debug_and_when_asked():
    assert "pyinstrument.middleware.ProfilerMiddleware" in _middleware(
        DJANGO_DEBUG="true", DJANGO_PROFILE="true"
    )
    assert not [n for n in _middleware(DJANGO_PROFILE="true") if "pyinstrument" in n]
    assert not [n for n in _middleware(DJANGO_DEBUG="true") if "pyinstrument" in n]


def test_production_caches_in_redis_on_a_database_of_its_own():
    # Clearing the cache (FLUSHDB) must never take the Celery queues with it.
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['default']['LOCATION'])",
        **production(),
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "redis://redis.example:6379/1"
