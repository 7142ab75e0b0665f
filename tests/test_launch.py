"""The course launcher (``calculus-for-ml``): chapter lookup, settings, root handling, a real start.

The last test starts JupyterLab through the launcher exactly as a learner's command does (as root
here, when the tests run as root: that is the Docker/WSL case), waits until it answers at the URL
the launcher printed, and checks that the course folder is the server root and that the course's
setting (widget state saved with the notebook) reaches JupyterLab.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from course_utils import launch

ROOT = Path(__file__).resolve().parent.parent
#: Whether the course is imported from this checkout (an editable install) or from site-packages
#: (a wheel, as the minimum-versions check installs it).
EDITABLE = Path(launch.__file__).resolve().is_relative_to(ROOT)
CHAPTERS = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WIDGET_PLUGIN = "@jupyter-widgets/jupyterlab-manager:plugin"
TRACKER_PLUGIN = "@jupyterlab/notebook-extension:tracker"
FAVICON_PLUGIN = "@jupyterlab/application-extension:faviconbusy"
START_TIMEOUT_S = 180.0


@pytest.mark.parametrize(
    "given",
    ["4", "04", "ch4", "chapter 04", "04_gradient_descent", "gradient_descent",
     "04_gradient_descent.ipynb", "notebooks/04_gradient_descent.ipynb"],
)  # fmt: skip
def test_a_chapter_is_found_however_it_is_named(given, monkeypatch):
    monkeypatch.chdir(ROOT)
    assert launch.resolve_chapter(ROOT, given) == ROOT / "notebooks" / "04_gradient_descent.ipynb"


def test_without_a_chapter_the_first_one_opens():
    assert launch.resolve_chapter(ROOT, None) == ROOT / "notebooks" / launch.FIRST_CHAPTER
    assert launch.FIRST_CHAPTER == f"{CHAPTERS[0]}.ipynb"


@pytest.mark.parametrize("given", ["7", "00", "derivative", "README.md"])
def test_an_unknown_chapter_names_the_chapters_there_are(given):
    with pytest.raises(launch.LaunchError, match=r"the chapters are: 01_derivatives, "):
        launch.resolve_chapter(ROOT, given)


def test_a_notebook_outside_the_course_folder_is_refused(tmp_path):
    outside = tmp_path / "other.ipynb"
    outside.write_text("{}", encoding="utf-8")
    with pytest.raises(launch.LaunchError, match="outside the course folder"):
        launch.resolve_chapter(ROOT, str(outside))


def test_the_course_folder_is_found_from_inside_it():
    assert launch.find_course_root(ROOT / "notebooks") == ROOT
    assert launch.find_course_root(ROOT / "course_utils" / "learning") == ROOT


@pytest.mark.skipif(not EDITABLE, reason="the course is installed from a wheel here")
def test_outside_the_course_an_editable_install_finds_its_checkout(tmp_path):
    assert launch.find_course_root(tmp_path) == ROOT


def test_no_course_folder_at_all_says_what_to_do(tmp_path, monkeypatch):
    # As a non-editable install sees it: the package lives in site-packages, far from notebooks.
    fake = tmp_path / "site-packages" / "course_utils" / "launch.py"
    monkeypatch.setattr(launch, "__file__", str(fake))
    with pytest.raises(launch.LaunchError, match="Run this command inside the course folder"):
        launch.find_course_root(tmp_path)


def test_the_course_settings_save_widget_state_and_put_the_kernel_indicator_in_the_status_bar():
    settings = json.loads(launch.SETTINGS_FILE.read_text(encoding="utf-8"))
    assert settings == {
        WIDGET_PLUGIN: {"saveState": True},
        TRACKER_PLUGIN: {"kernelStatus": {"showOnStatusBar": True, "showProgress": True}},
    }
    # JupyterLab reads labconfig/default_setting_overrides.d/*.json of every config folder.
    assert launch.SETTINGS_FILE.parent == (
        launch.CONFIG_DIR / "labconfig" / "default_setting_overrides.d"
    )


def test_the_course_page_config_turns_off_the_busy_favicon_only():
    page_config = json.loads(launch.PAGE_CONFIG_FILE.read_text(encoding="utf-8"))
    assert page_config == {"disabledExtensions": {FAVICON_PLUGIN: True}}
    # jupyterlab_server merges labconfig/page_config.d/*.json of every config folder.
    assert launch.PAGE_CONFIG_FILE.parent == launch.CONFIG_DIR / "labconfig" / "page_config.d"


def test_the_course_settings_still_name_what_this_jupyterlab_has():
    """A JupyterLab that renamed the plugin or the setting would silently ignore the files."""
    jsonschema = pytest.importorskip("jsonschema")
    from jupyterlab.commands import get_app_dir

    app_dir = Path(get_app_dir())
    settings = json.loads(launch.SETTINGS_FILE.read_text(encoding="utf-8"))
    for plugin, values in settings.items():
        package, _, name = plugin.partition(":")
        schema_files = [
            app_dir / "schemas" / package / f"{name}.json",
            *(Path(d) / package / "schemas" / package / f"{name}.json" for d in _extension_dirs()),
        ]
        schema_file = next((f for f in schema_files if f.is_file()), None)
        assert schema_file is not None, f"no settings schema for {plugin} in {schema_files}"
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        for key in values:
            assert key in schema["properties"], f"{plugin} has no setting {key!r}"
        jsonschema.validate(values, schema)  # a value of the wrong shape would be dropped
    bundles = [
        p for p in (app_dir / "static").glob("*.js") if FAVICON_PLUGIN in p.read_text("utf-8")
    ]
    assert bundles, f"this JupyterLab has no plugin {FAVICON_PLUGIN} for the course to turn off"


def _extension_dirs() -> list[str]:
    from jupyter_core.paths import jupyter_path

    return jupyter_path("labextensions")


def test_the_wheel_installs_the_same_settings_files_for_a_plain_jupyter_lab():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        tomllib = pytest.importorskip("tomli")
    setup = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    data_files = setup["tool"]["setuptools"]["data-files"]
    package = Path(launch.__file__).resolve().parent  # the checkout's or site-packages' copy
    source = "course_utils/" + launch.SETTINGS_FILE.resolve().relative_to(package).as_posix()
    assert data_files["etc/jupyter/labconfig/default_setting_overrides.d"] == [source]
    page = "course_utils/" + launch.PAGE_CONFIG_FILE.resolve().relative_to(package).as_posix()
    assert data_files["etc/jupyter/labconfig/page_config.d"] == [page]
    package_data = setup["tool"]["setuptools"]["package-data"]["course_utils"]
    for path in (source, page):
        assert any(Path(path).match(f"course_utils/{pattern}") for pattern in package_data)
    assert setup["project"]["scripts"]["calculus-for-ml"] == "course_utils.launch:main"


def test_the_course_config_folder_comes_first_and_keeps_the_others():
    env = launch.jupyter_environment({"JUPYTER_CONFIG_PATH": "/etc/a" + os.pathsep + "/etc/b"})
    assert env["JUPYTER_CONFIG_PATH"].split(os.pathsep) == [
        str(launch.CONFIG_DIR),
        "/etc/a",
        "/etc/b",
    ]
    assert launch.jupyter_environment({})["JUPYTER_CONFIG_PATH"] == str(launch.CONFIG_DIR)


@pytest.mark.parametrize("as_root", [False, True])
def test_dry_run_prints_the_url_and_handles_root(as_root, monkeypatch, capsys):
    monkeypatch.setattr(launch, "running_as_root", lambda: as_root)
    monkeypatch.setenv("JUPYTER_TOKEN", "abc123")
    assert launch.main(["--root", str(ROOT), "--port", "9999", "--dry-run", "3"]) == 0
    out, err = capsys.readouterr()
    url = "http://localhost:9999/lab/tree/notebooks/03_chain_rule_and_autodiff.ipynb?token=abc123"
    assert url in out
    command = out.strip().splitlines()[-1]
    assert f"--ServerApp.root_dir={ROOT}" in command
    assert "--ServerApp.port=9999" in command
    assert ("--allow-root" in command) is as_root
    assert ("running as root" in err) is as_root
    assert "abc123" not in command  # the token travels in the environment, not in `ps`


def test_arguments_after_a_double_dash_go_to_jupyter_lab(capsys):
    launch.main(["--root", str(ROOT), "--port", "9999", "--dry-run", "--", "--ip=0.0.0.0"])
    assert capsys.readouterr().out.strip().endswith("--ip=0.0.0.0")


def test_list_prints_the_chapters(capsys):
    assert launch.main(["--root", str(ROOT), "--list"]) == 0
    assert capsys.readouterr().out.split() == CHAPTERS


def test_a_wrong_root_or_chapter_exits_with_a_message(tmp_path, capsys):
    assert launch.main(["--root", str(tmp_path), "--dry-run"]) == 2
    assert "not a course folder" in capsys.readouterr().err
    assert launch.main(["--root", str(ROOT), "--dry-run", "9"]) == 2
    assert "no chapter '9'" in capsys.readouterr().err


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read().decode("utf-8"))


def test_the_launcher_starts_jupyterlab_at_the_course_folder_with_the_course_settings(tmp_path):
    """A real start: the printed URL answers, the root is the course folder, the settings apply."""
    port = launch.free_port(20000 + os.getpid() % 20000)
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_TOKEN", "JUPYTER_CONFIG_PATH")}
    for var, name in {
        "JUPYTER_CONFIG_DIR": "config",
        "JUPYTER_DATA_DIR": "data",
        "JUPYTER_RUNTIME_DIR": "runtime",
        "JUPYTERLAB_SETTINGS_DIR": "settings",
        "JUPYTERLAB_WORKSPACES_DIR": "workspaces",
        "IPYTHONDIR": "ipython",
    }.items():
        (home / name).mkdir(parents=True)
        env[var] = str(home / name)
    cmd = [
        sys.executable, "-m", "course_utils.launch", "2", "--no-browser", "--port", str(port),
        "--", "--ServerApp.ip=127.0.0.1", "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    log = tmp_path / "launcher.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT / "notebooks", env=env, stdout=out, stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        url = None
        while time.monotonic() < deadline and proc.poll() is None:
            text = log.read_text(encoding="utf-8", errors="replace")
            found = re.search(r"(http://localhost:\d+/lab/tree/\S+\?token=(\w+))", text)
            if found:
                url, token = found.group(1), found.group(2)
                try:
                    _get(f"http://127.0.0.1:{port}/api/status?token={token}")
                    break
                except (urllib.error.URLError, ConnectionError, TimeoutError):
                    pass
            time.sleep(0.3)  # polling a starting server: nothing to subscribe to
        else:
            pytest.fail(f"the launcher's JupyterLab did not answer:\n{log.read_text()[-3000:]}")
        assert (
            url
            == f"http://localhost:{port}/lab/tree/notebooks/02_partial_derivatives_and_gradients.ipynb?token={token}"
        )
        api = f"http://127.0.0.1:{port}"
        listing = _get(f"{api}/api/contents?token={token}")
        names = {item["name"] for item in listing["content"]}
        assert {"notebooks", "course_utils", "data", "README.md"} <= names, names
        plugin = _get(f"{api}/lab/api/settings/{WIDGET_PLUGIN}?token={token}")
        assert plugin["schema"]["properties"]["saveState"]["default"] is True
        tracker = _get(f"{api}/lab/api/settings/{TRACKER_PLUGIN}?token={token}")
        assert tracker["schema"]["properties"]["kernelStatus"]["default"]["showOnStatusBar"]
        with urllib.request.urlopen(f"{api}/lab?token={token}", timeout=5) as response:
            page = response.read().decode("utf-8")
        found = re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, flags=re.S)
        assert found, "the lab page carries no jupyter-config-data"
        assert FAVICON_PLUGIN in json.loads(found.group(1))["disabledExtensions"]
        text = log.read_text(encoding="utf-8", errors="replace")
        if launch.running_as_root():
            assert "running as root" in text and "--allow-root" in text
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
