"""Versioned releases: the manifest holds the newest changelog version; scripts/release works."""

from __future__ import annotations

import json
import os
from pathlib import Path
import re
import shutil
import subprocess

import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "custom_components" / "sigenstor" / "manifest.json"
HEADING = re.compile(r"^## (\d+)\.(\d+)\.(\d+) - \d{4}-\d{2}-\d{2}$", re.MULTILINE)


def versions(changelog: str) -> list[tuple[int, int, int]]:
    """Released versions in the order the changelog lists them."""
    return [(int(a), int(b), int(c)) for a, b, c in HEADING.findall(changelog)]


def test_manifest_version_is_the_newest_release() -> None:
    """HACS and HA show the manifest version: it must be the newest changelog entry."""
    listed = versions((ROOT / "CHANGELOG.md").read_text(encoding="utf-8"))
    assert listed == sorted(listed, reverse=True), "changelog not newest first"
    newest = ".".join(map(str, listed[0]))
    assert json.loads(MANIFEST.read_text(encoding="utf-8"))["version"] == newest


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A throwaway git repository holding the release script, the changelog and the manifest."""
    (tmp_path / "scripts").mkdir()
    shutil.copy2(ROOT / "scripts" / "release", tmp_path / "scripts" / "release")
    (tmp_path / "custom_components" / "sigenstor").mkdir(parents=True)
    shutil.copy(MANIFEST, tmp_path / "custom_components" / "sigenstor" / "manifest.json")
    (tmp_path / "CHANGELOG.md").write_text(
        "# Changelog\n\n## Unreleased\n\n### Fixed\n- a thing\n\n## 0.2.0 - 2026-12-06\n\n- old\n",
        encoding="utf-8",
    )
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid"]
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*git, "add", "-A"], cwd=tmp_path, check=True)
    subprocess.run([*git, "commit", "-qm", "start"], cwd=tmp_path, check=True)
    return tmp_path


def _release(repo: Path, version: str) -> subprocess.CompletedProcess[str]:
    """Run scripts/release in the throwaway repository."""
    env = {"PATH": os.environ["PATH"], "HOME": str(repo)}
    env |= {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@x", "GIT_COMMITTER_NAME": "t"}
    env |= {"GIT_COMMITTER_EMAIL": "t@x"}
    return subprocess.run(
        ["bash", "scripts/release", version],
        check=False,
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )


def test_release_moves_notes_sets_version_and_tags(repo: Path) -> None:
    """The Unreleased notes get a heading, the manifest the version, the commit a tag."""
    done = _release(repo, "0.3.0")
    assert done.returncode == 0, done.stderr
    log = (repo / "CHANGELOG.md").read_text(encoding="utf-8")
    assert versions(log)[0] == (0, 3, 0)
    assert log.index("## Unreleased") < log.index("## 0.3.0") < log.index("- a thing")
    assert log.index("- a thing") < log.index("## 0.2.0")
    manifest = repo / "custom_components" / "sigenstor" / "manifest.json"
    assert json.loads(manifest.read_text(encoding="utf-8"))["version"] == "0.3.0"
    tags = subprocess.run(["git", "tag"], cwd=repo, capture_output=True, text=True, check=True)
    assert tags.stdout.split() == ["v0.3.0"]


@pytest.mark.parametrize("version", ["0.3", "v0.3.0", "0.2.0"])
def test_release_refuses_bad_versions_and_changes_nothing(repo: Path, version: str) -> None:
    """A malformed version, or an empty Unreleased section, leaves the repository untouched."""
    if version == "0.2.0":  # well formed, but nothing to release after a first release
        assert _release(repo, "0.3.0").returncode == 0
        version = "0.4.0"
    before = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout
    done = _release(repo, version)
    assert done.returncode != 0
    after = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True
    ).stdout
    assert after == before
    assert (
        subprocess.run(
            ["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True, check=True
        ).stdout
        == ""
    )
