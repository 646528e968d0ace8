"""Plain helpers for tests that start Django in a new process with other settings."""

import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "solidair.env.example"


def env_example() -> dict[str, str]:
    """The uncommented variables of deploy/solidair.env.example, as systemd reads them."""
    values = {}
    for line in ENV_EXAMPLE.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            values[key.strip()] = value
    return values


def settings_env(**overrides: str) -> dict[str, str]:
    """This process's environment without any of the settings' variables, plus ``overrides``."""
    read = settings_variables()
    # The browser tests' conftest allows async-unsafe calls in this process; a deployment must not.
    read |= {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in read}
    env["DJANGO_SETTINGS_MODULE"] = "solidair.settings"
    env.update(overrides)
    return env


def settings_variables() -> set[str]:
    """Every environment variable read by the settings (through solidair.lib.env)."""
    source = (ROOT / "solidair" / "settings.py").read_text()
    return set(re.findall(r'env_(?:str|int|bool|list)\(\s*"([A-Z0-9_]+)"', source))


def manage(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
