"""settings: every operational knob of newsgraph in one frozen object.

Layers, each overriding the one before: the defaults shipped in newsgraph/data/defaults.toml
(each value says how it was chosen), a user's TOML file (`--config PATH` or the
NEWSGRAPH_CONFIG environment variable), NEWSGRAPH_* environment variables (NEWSGRAPH_BATCH_SIZE
=16), then command-line flags. Every value is checked, and all problems are reported at once
in one SettingsError, not the first one alone.

Tuned thresholds of the extraction itself (how short a subhead is, how deep a noun phrase is
searched) are not settings: they sit at the top of the module that uses them, with how they were
chosen, because changing one is a change of behaviour to measure, not a deployment choice.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from newsgraph.errors import SettingsError
from newsgraph.lexicons import load_toml

ENV_PREFIX = "NEWSGRAPH_"


@dataclass(frozen=True, slots=True)
class Settings:
    """Operational settings (defaults and how they were chosen: data/defaults.toml)."""

    batch_size: int  # articles per spaCy batch
    batch_chars: int  # characters per spaCy batch
    zone_articles: int  # articles per spaCy memory zone
    permanent_words: int  # words kept in the vocabulary between zones
    workers: int  # worker processes for `extract`
    agents_file: str  # a user's own agent dictionary, layered over data/agents/agents.yaml ("": none)


# Each setting's type and the smallest value it may take (counts are positive; a zone may not be
# empty; permanent_words 0 keeps no word between zones; a path has no minimum).
_SPECS: dict[str, tuple[type, float | None]] = {
    "batch_size": (int, 1),
    "batch_chars": (int, 1),
    "zone_articles": (int, 1),
    "permanent_words": (int, 0),
    "workers": (int, 1),
    "agents_file": (str, None),
}
_FIELDS = {f.name: f for f in fields(Settings)}
assert set(_SPECS) == set(_FIELDS), "every setting needs a spec"


def load_settings(
    config: str | Path | None = None,
    env: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Defaults <- `config` TOML (or $NEWSGRAPH_CONFIG) <- NEWSGRAPH_* env <- `overrides`
    (command-line flags; None values are ignored)."""
    env = os.environ if env is None else env
    problems: list[str] = []
    values: dict[str, tuple[Any, str]] = {}
    _layer(values, load_toml("defaults.toml"), "defaults", problems)
    config = config or env.get(f"{ENV_PREFIX}CONFIG")
    if config:
        _layer(values, _read_toml_file(Path(config), problems), str(config), problems)
    _layer(values, _from_env(env), "environment", problems)
    _layer(values, {k: v for k, v in (overrides or {}).items() if v is not None}, "command line", problems)
    return _checked(values, problems)


def default_settings() -> Settings:
    """The shipped defaults, with no environment or file layered on top."""
    return load_settings(env={})


def replace_settings(settings: Settings, **changes: Any) -> Settings:
    """A copy with some values changed, checked like every other layer."""
    problems: list[str] = []
    values = {name: (value, "given") for name, value in dataclasses.asdict(settings).items()}
    _layer(values, changes, "given", problems)
    return _checked(values, problems)


def _checked(values: dict[str, tuple[Any, str]], problems: list[str]) -> Settings:
    missing = [name for name in _FIELDS if name not in values]
    problems += [f"{name}: no value (not in defaults.toml)" for name in missing]
    for name, (value, where) in values.items():
        minimum = _SPECS[name][1]
        if minimum is not None and value < minimum:
            shown = f"--{name.replace('_', '-')}" if where == "command line" else name
            problems.append(f"{where}: {shown} {value} is below the minimum {minimum:g}")
    if problems:
        raise SettingsError("; ".join(problems))
    return Settings(**{name: value for name, (value, _) in values.items()})


def _layer(
    values: dict[str, tuple[Any, str]], layer: Mapping[str, Any], where: str, problems: list[str]
) -> None:
    """Add one layer's values (with where each came from) over the ones before."""
    for key, value in layer.items():
        if key == "version":
            continue
        if key not in _FIELDS:
            problems.append(f"{where}: unknown setting {key!r}")
            continue
        checked = _typed(key, value)
        if checked is None:
            problems.append(f"{where}: {key} must be {_KIND_WORDS[_SPECS[key][0]]}, not {value!r}")
            continue
        values[key] = (checked, where)


_KIND_WORDS = {int: "a whole number", float: "a number", str: "a string"}


def _typed(key: str, value: Any) -> int | float | str | None:
    """The value as the setting's type, or None when it is not one (a string from the
    environment is parsed; True/False are not numbers)."""
    kind = _SPECS[key][0]
    if kind is str:
        return value if isinstance(value, str) else None
    if isinstance(value, str):
        try:
            value = kind(value.strip())
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if kind is int and not isinstance(value, int):
        return None
    return kind(value)


def _read_toml_text(text: str, where: str, problems: list[str]) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{where}: not valid TOML ({exc})")
        return {}


def _read_toml_file(path: Path, problems: list[str]) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read the settings file ({exc})")
        return {}
    return _read_toml_text(text, str(path), problems)


def _from_env(env: Mapping[str, str]) -> dict[str, Any]:
    """NEWSGRAPH_<SETTING> variables. Other NEWSGRAPH_* names are not ours to judge (the
    evaluation scripts use NEWSGRAPH_EVAL_OUT and kin), so they are left alone."""
    return {
        key[len(ENV_PREFIX) :].lower(): raw
        for key, raw in env.items()
        if key.startswith(ENV_PREFIX) and key[len(ENV_PREFIX) :].lower() in _FIELDS
    }
