"""A malformed config/legacy.toml stops the app at start-up, naming the problem."""

import shutil

import pytest

from petitiondesk import create_app
from petitiondesk.config import PROJECT_ROOT
from petitiondesk.legal.criteria import LegacyConfigError


def test_a_malformed_legacy_criteria_file_stops_the_app_at_start_up(tmp_path):
    config = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", config)
    (config / "legacy.toml").write_text('[criteria]\nmin_petitions = "three"\n')
    with pytest.raises(LegacyConfigError, match="min_petitions"):
        create_app({"CONFIG_DIR": str(config), "SECRET_KEY": "x",
                    "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})
