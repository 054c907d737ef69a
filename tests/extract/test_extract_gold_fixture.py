"""The hand-written gold set is well-formed and its JSONL is built from its YAML."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT


def test_gold_jsonl_is_in_sync_with_its_checked_yaml():
    build = ROOT / "tests" / "fixtures" / "extract" / "build.py"
    result = subprocess.run([sys.executable, str(build), "--check"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert "168 articles" in result.stdout
