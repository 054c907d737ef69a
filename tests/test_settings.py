from pathlib import Path

import pytest

from veille import settings
from veille.errors import SettingError

DOC = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_every_setting_is_documented():
    text = DOC.read_text(encoding="utf-8")
    missing = [s.name for s in settings.SETTINGS if f"`{s.name}`" not in text or f"`{s.env_var}`" not in text]
    assert missing == []


def test_settings_are_declared_once():
    names = [s.name for s in settings.SETTINGS]
    assert len(names) == len(set(names))


def test_environment_overrides_default_and_is_validated():
    assert settings.get("import_batch_rows", environ={}) == 100_000
    assert settings.get("import_batch_rows", environ={"VEILLE_IMPORT_BATCH_ROWS": "5000"}) == 5000
    assert settings.get("offline", environ={"VEILLE_OFFLINE": "yes"}) is True
    with pytest.raises(SettingError, match="VEILLE_IMPORT_BATCH_ROWS"):
        settings.get("import_batch_rows", environ={"VEILLE_IMPORT_BATCH_ROWS": "-3"})
    with pytest.raises(SettingError, match="unknown setting"):
        settings.get("no_such_thing")
