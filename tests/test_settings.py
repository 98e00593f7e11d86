"""settings: defaults <- TOML file <- NEWSGRAPH_* environment <- command-line flags, checked,
every problem reported at once."""

from __future__ import annotations

import pytest

from newsgraph import cli
from newsgraph.errors import SettingsError
from newsgraph.settings import default_settings, load_settings, replace_settings


def test_defaults_come_from_the_shipped_file():
    s = default_settings()
    assert (s.batch_size, s.batch_chars, s.zone_articles, s.workers) == (8, 12_000, 256, 1)


def test_each_layer_overrides_the_one_before(tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text("batch_size = 4\nworkers = 2\nzone_articles = 64\n", encoding="utf-8")
    env = {"NEWSGRAPH_WORKERS": "3", "NEWSGRAPH_ZONE_ARTICLES": "32"}
    s = load_settings(config, env=env, overrides={"zone_articles": 16, "batch_size": None})
    assert s.batch_size == 4  # the file (a None flag is no flag)
    assert s.workers == 3  # the environment over the file
    assert s.zone_articles == 16  # the flag over both
    assert load_settings(env={"NEWSGRAPH_CONFIG": str(config)}).batch_size == 4


def test_every_problem_is_reported_at_once(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text('batch_size = "eight"\nbatchsize = 4\n', encoding="utf-8")
    with pytest.raises(SettingsError) as err:
        load_settings(config, env={"NEWSGRAPH_WORKERS": "two"}, overrides={"zone_articles": 0})
    message = str(err.value)
    assert "batch_size must be a whole number, not 'eight'" in message
    assert "unknown setting 'batchsize'" in message
    assert "environment: workers must be a whole number, not 'two'" in message
    assert "command line: --zone-articles 0 is below the minimum 1" in message


def test_a_broken_settings_file_is_one_clear_problem(tmp_path):
    config = tmp_path / "broken.toml"
    config.write_text("batch_size = [", encoding="utf-8")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings(config, env={})
    with pytest.raises(SettingsError, match="cannot read the settings file"):
        load_settings(tmp_path / "missing.toml", env={})


def test_other_newsgraph_variables_are_not_settings():
    # the evaluation scripts set NEWSGRAPH_EVAL_OUT; it must not break a run
    assert load_settings(env={"NEWSGRAPH_EVAL_OUT": "/tmp/x"}) == default_settings()


def test_replace_checks_the_new_values():
    assert replace_settings(default_settings(), batch_size=2).batch_size == 2
    with pytest.raises(SettingsError, match="batch_size"):
        replace_settings(default_settings(), batch_size=0)


def test_the_cli_reports_bad_settings_in_one_line(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("NEWSGRAPH_BATCH_SIZE", "0")
    src = tmp_path / "a.txt"
    src.write_text("Some text.", encoding="utf-8")
    assert cli.main(["extract", str(src), "--published", "2024-01-01", "-o", str(tmp_path / "o.jsonl")]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["newsgraph: error: environment: batch_size 0 is below the minimum 1"]
