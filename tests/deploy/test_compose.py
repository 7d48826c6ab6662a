"""The container files, checked without a Docker engine: the compose file parses and wires the
services together, the image is built from this repository in two stages, every command the
containers run works here, and ``env.example`` holds known settings and no secrets."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from hmic_actions.settings import REGISTRY, load_settings
from tests.deploy.topology import (
    DOCKERFILE,
    compose,
    dockerfile_cmd,
    dockerfile_healthcheck,
    dockerfile_instructions,
    env_file,
    executable,
    readme_production_command,
    service_env,
    with_bind,
)
from tests.service import REDIS_TEST_URL, REPO, free_port

PROJECT_SERVICES = ("migrate", "api", "worker")


def _stages() -> list[list[tuple[str, str]]]:
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in dockerfile_instructions():
        if keyword == "FROM":
            stages.append([])
        assert stages, f"{keyword} before the first FROM"
        stages[-1].append((keyword, rest))
    return stages


def _ignored(path: str) -> bool:
    """Whether .dockerignore keeps ``path`` out of the build context (last rule wins)."""
    excluded = False
    for line in (REPO / ".dockerignore").read_text().splitlines():
        rule = line.strip()
        if not rule or rule.startswith("#"):
            continue
        negate = rule.startswith("!")
        pattern = rule.lstrip("!").strip("/")
        regex = re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*")
        parts = path.split("/")
        prefixes = ["/".join(parts[:i]) for i in range(1, len(parts) + 1)]
        if any(re.fullmatch(regex, prefix) for prefix in prefixes):
            excluded = not negate
    return excluded


def _tracked_files() -> list[str]:
    done = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO,
                          capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_compose_wires_the_services_together():
    spec = compose()
    services = spec["services"]
    assert set(services) == {"redis", "postgres", *PROJECT_SERVICES}
    # The database keeps its data in a named volume.
    volume = services["postgres"]["volumes"][0].split(":")[0]
    assert volume in spec["volumes"]
    for name in ("redis", "postgres"):
        assert services[name]["healthcheck"]["test"]
    for name in PROJECT_SERVICES:
        service = services[name]
        assert service["build"] == ".", name
        assert (REPO / service["build"] / "Dockerfile") == DOCKERFILE
        assert service["env_file"] == ".env", name
        assert service["depends_on"]["postgres"] == {"condition": "service_healthy"}, name
    # One image for the three: built once, from the Dockerfile.
    assert len({services[name]["image"] for name in PROJECT_SERVICES}) == 1
    for name in ("api", "worker"):
        depends = services[name]["depends_on"]
        assert depends["migrate"] == {"condition": "service_completed_successfully"}
        assert depends["redis"] == {"condition": "service_healthy"}
    assert services["migrate"]["command"] == ["hmic-actions", "db", "upgrade"]
    assert services["migrate"]["restart"] == "no"
    assert services["worker"]["command"][:2] == ["hmic-actions", "worker"]
    # --scale worker=N needs containers without a fixed name or host port.
    assert "container_name" not in services["worker"] and "ports" not in services["worker"]
    # The API's container comes first for the cores (the default weight is 1024).
    assert services["worker"]["cpu_shares"] < services["api"].get("cpu_shares", 1024)
    api = services["api"]
    assert api["command"] == dockerfile_cmd()
    assert "/healthz" in " ".join(api["healthcheck"]["test"])
    assert api["ports"] == ["8000:8000"]
    assert any(f"0.0.0.0:{api['ports'][0].split(':')[1]}" == arg for arg in api["command"])


def test_the_image_is_built_from_this_repository_in_two_stages():
    builder, final = _stages()
    assert builder[0][1].startswith("python:3.11-slim AS ")
    builder_text = " ".join(rest for _, rest in builder)
    assert "build-essential" in builder_text and "pip wheel" in builder_text
    assert final[0] == ("FROM", "python:3.11-slim")
    final_text = " ".join(rest for _, rest in final)
    for compiler in ("build-essential", "gcc", "g++", "make"):
        assert compiler not in final_text.split(), compiler
    # The service's only system package: Tesseract, which reads scanned pages.
    installs = [rest for keyword, rest in final if keyword == "RUN" and "apt-get install" in rest]
    assert len(installs) == 1 and "--no-install-recommends tesseract-ocr " in installs[0]
    assert "--no-index" in final_text  # the project and its dependencies: from the wheels only
    users = [rest for keyword, rest in final if keyword == "USER"]
    assert users and users[-1] not in ("root", "0")
    keywords = [keyword for keyword, _ in final]
    assert keywords.index("USER") > max(i for i, (k, _) in enumerate(final) if k == "RUN")
    assert "HEALTHCHECK" in keywords and keywords[-1] == "CMD"
    assert "/healthz" in " ".join(dockerfile_healthcheck())

    # Every COPY source exists and reaches the build context; the rest of the repository
    # (tests, samples, the virtual environment, an .env with secrets) does not.
    sources = [s for k, rest in builder if k == "COPY" for s in rest.split()[:-1]]
    assert {"pyproject.toml", "requirements.lock", "api", "worker"} <= set(sources)
    files = _tracked_files()
    for source in sources:
        assert (REPO / source).exists(), source
        inside = [f for f in files if f == source or f.startswith(source + "/")]
        assert inside, source
        shipped = [f for f in inside if not _ignored(f)]
        assert shipped, f"{source} is left out by .dockerignore"
    for kept_out in (".env", ".venv/bin/python", "tests/conftest.py", "samples/build.py",
                     "samples/__init__.py", "samples/layout.py",
                     "api/__pycache__/wsgi.cpython-311.pyc"):
        assert _ignored(kept_out), kept_out
    packages = {p.split("*")[0] for p in _setuptools_packages()}
    assert packages <= set(sources), "a package the wheel needs is not copied"


def _setuptools_packages() -> list[str]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text())
    return project["tool"]["setuptools"]["packages"]["find"]["include"]


def test_the_image_runs_the_command_the_readme_documents():
    command = dockerfile_cmd()
    assert command == readme_production_command()
    assert command[:1] == ["gunicorn"] and command[-1] == "cli.wsgi:app"


def test_env_example_holds_known_settings_and_placeholders_only():
    values = env_file()
    known = {setting.name for setting in REGISTRY}
    spec = compose()
    compose_text = (REPO / "docker-compose.yml").read_text()
    for key in values:
        # A key is a setting of hmic-actions, or one the compose file itself uses.
        assert key in known or f"${{{key}" in compose_text, f"{key} is not a known setting"
    # Every value is valid as it stands.
    settings = load_settings(values)
    assert settings["HMIC_LOG_FORMAT"] == "json"
    # Secrets are placeholders that say so.
    secrets = [s.name for s in REGISTRY if s.secret and s.name in values] + ["POSTGRES_PASSWORD"]
    assert "HMIC_SECRET_KEY" in secrets
    for key in secrets:
        assert values[key].startswith("change-me"), key
    database = make_url(values["DATABASE_URL"])
    assert database.password == values["POSTGRES_PASSWORD"]
    postgres = spec["services"]["postgres"]["environment"]
    assert (database.username, database.database) == (postgres["POSTGRES_USER"],
                                                       postgres["POSTGRES_DB"])
    # The hosts are the compose services.
    assert database.host in spec["services"] and database.get_backend_name() == "postgresql"
    redis_host = values["REDIS_URL"].split("://", 1)[1].split(":", 1)[0]
    assert redis_host in spec["services"]


@pytest.fixture(scope="module")
def fresh_database(databases) -> str:
    url = databases.new_url("postgresql")
    yield url
    databases.drop(url)


def _run(command: list[str], env: dict[str, str], timeout: float = 120
         ) -> subprocess.CompletedProcess:
    return subprocess.run(executable(command), env=env, cwd=REPO, capture_output=True,
                          text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def test_every_command_of_the_containers_runs_here(fresh_database: str, tmp_path: Path):
    services = compose()["services"]
    env = service_env(fresh_database, REDIS_TEST_URL)
    # migrate: for real, on a brand-new database, twice (the second finds nothing to do).
    for _ in range(2):
        done = _run(services["migrate"]["command"], env)
        assert done.returncode == 0, done.stderr
        assert "head" in done.stdout or "revision" in done.stdout, done.stdout
    current = _run(["hmic-actions", "db", "current"], env)
    assert current.returncode == 0 and "no schema" not in current.stdout, current.stdout
    # worker: its arguments are accepted (--help stops before it connects to anything).
    done = _run([*services["worker"]["command"], "--help"], env)
    assert done.returncode == 0 and "usage: hmic-actions worker" in done.stdout, done.stderr
    # api / the image: gunicorn loads the app as configured (settings, schema checked).
    done = _run([*dockerfile_cmd()[:1], "--check-config", *dockerfile_cmd()[1:]], env)
    assert done.returncode == 0, done.stdout + done.stderr
    # The health checks are valid Python for the interpreter the image has.
    for check in (dockerfile_healthcheck(), services["api"]["healthcheck"]["test"][1:]):
        assert check[:2] == ["python", "-c"]
        compile(check[2], "<healthcheck>", "exec")


def test_the_server_stops_at_start_with_one_line_when_misconfigured(fresh_database: str):
    command = with_bind(dockerfile_cmd(), f"127.0.0.1:{free_port()}")
    cases = {
        "no broker": (service_env(fresh_database, None),
                      "hmic-actions: error: REDIS_URL is not set"),
        "bad setting": (service_env(fresh_database, REDIS_TEST_URL, HMIC_MAX_PAGES="ten"),
                        "hmic-actions: error: HMIC_MAX_PAGES='ten' is not a whole number"),
        "no schema": (service_env(fresh_database.rsplit("/", 1)[0] + "/postgres",
                                  REDIS_TEST_URL),
                      "has no schema yet; run hmic-actions db upgrade first"),
    }
    for case, (env, line) in cases.items():
        done = _run(command, env, timeout=90)
        output = done.stdout + done.stderr
        assert done.returncode == 2, (case, done.returncode)
        assert line in output, (case, output)
        assert "Traceback" not in output, (case, output)
        assert len([x for x in output.splitlines() if "hmic-actions: error:" in x]) <= 2, case
