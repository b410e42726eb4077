"""Settings in three layers, and clear failures for missing required ones."""

import pytest

from petitiondesk import create_app
from petitiondesk.config import SettingsError


def test_environment_overrides_the_settings_file(tmp_path, monkeypatch):
    settings = tmp_path / "site.py"
    settings.write_text("BASE_URL = 'https://from-file.example'\nMAX_TRANSFERS = 4\n")
    monkeypatch.setenv("PETITIONDESK_SETTINGS", str(settings))
    monkeypatch.setenv("PETITIONDESK_MAX_TRANSFERS", "3")
    monkeypatch.setenv("PETITIONDESK_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    app = create_app()
    assert app.config["BASE_URL"] == "https://from-file.example"
    assert app.config["MAX_TRANSFERS"] == 3


def test_postgresql_without_a_secret_key_fails_at_start(monkeypatch):
    monkeypatch.delenv("PETITIONDESK_SECRET_KEY", raising=False)
    monkeypatch.setenv("PETITIONDESK_DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1/none")
    with pytest.raises(SettingsError, match="SECRET_KEY is required"):
        create_app()


def test_a_missing_settings_file_is_named(monkeypatch, tmp_path):
    monkeypatch.setenv("PETITIONDESK_SETTINGS", str(tmp_path / "absent.py"))
    with pytest.raises(SettingsError, match="absent.py"):
        create_app()


def test_a_broken_deadline_rule_stops_the_start_with_its_name(tmp_path, monkeypatch):
    import shutil

    from petitiondesk.config import PROJECT_ROOT
    from petitiondesk.deadlines.rules import RuleConfigError

    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    rules = config / "deadlines.toml"
    rules.write_text(rules.read_text().replace('unit = "wd"', 'unit = "weeks"', 1))
    monkeypatch.setenv("PETITIONDESK_DATABASE_URL", f"sqlite:///{tmp_path}/x.db")
    with pytest.raises(RuleConfigError, match="unit"):
        create_app({"CONFIG_DIR": str(config)})
