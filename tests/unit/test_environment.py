"""pyproject.toml is the one source of truth for dependencies; environment.yml must name the same."""

import re
import tomllib

import yaml

from analysis.core import paths

# conda-forge names that differ from PyPI names
CONDA_TO_PYPI = {"python-kaleido": "kaleido", "jupyter_core": "jupyter-core",
                 "pypandoc": "pypandoc_binary", "typst-py": "typst"}
# pandoc: on PyPI it comes inside pypandoc_binary; on conda-forge it is a package of its own
NOT_PYTHON_PACKAGES = {"python", "quarto", "nodejs", "pip", "pandoc"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ \[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_names_the_same_dependencies_as_pyproject():
    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    pypi = {_name(r) for r in project["dependencies"]}
    for extra in project["optional-dependencies"].values():
        pypi |= {_name(r) for r in extra}

    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    conda = set()
    for dep in env["dependencies"]:
        if isinstance(dep, str):
            name = _name(dep)
            if name not in NOT_PYTHON_PACKAGES:
                conda.add(CONDA_TO_PYPI.get(name, name))
    assert conda == pypi


def test_environment_yml_brings_quarto_and_installs_the_package():
    env = yaml.safe_load((paths.ROOT / "environment.yml").read_text())
    names = {_name(d) for d in env["dependencies"] if isinstance(d, str)}
    assert {"python", "quarto", "pip"} <= names
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e .[dev]" in pip_section


def _locked_versions() -> dict[str, str]:
    text = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    return {m.group(1).lower().replace("_", "-"): m.group(2)
            for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==([^\s\\]+)", text, re.MULTILINE)}


def test_the_lock_pins_every_dependency_with_hashes_and_within_pyproject_ranges():
    from packaging.requirements import Requirement

    project = tomllib.loads((paths.ROOT / "pyproject.toml").read_text())["project"]
    requirements = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        requirements += extra
    locked = _locked_versions()
    for line in requirements:
        req = Requirement(line)
        name = req.name.lower().replace("_", "-")
        assert name in locked, f"{name} saknas i requirements.lock (kör make lock)"
        assert req.specifier.contains(locked[name], prereleases=True), \
            f"{name}=={locked[name]} ligger utanför {req.specifier} i pyproject.toml (kör make lock)"
    text = (paths.ROOT / "requirements.lock").read_text(encoding="utf-8")
    unhashed = re.findall(r"^([A-Za-z0-9_.\-]+==[^\s\\]+)(?![^\s\\]| \\\n\s+--hash=sha256:)",
                          text, re.MULTILINE)
    assert not unhashed, f"utan hash i requirements.lock: {unhashed}"


def test_the_installed_environment_is_the_lock():
    from importlib.metadata import version

    for name in ("numpy", "pandas", "plotly", "scipy", "kaleido", "nbval", "pandera"):
        assert version(name) == _locked_versions()[name], f"{name}: kör make setup"


def test_parallel_test_runs_keep_each_notebook_on_one_worker():
    # nbval runs a notebook's cells in one kernel, in order; xdist's default distribution may
    # hand cells of one notebook to different workers, whose kernels lack the earlier cells.
    makefile = (paths.ROOT / "Makefile").read_text(encoding="utf-8")
    test_line = next(line for line in makefile.splitlines() if "-m pytest" in line and "--nbval" in line)
    if " -n " in test_line:
        assert "--dist loadscope" in test_line or "--dist loadfile" in test_line


def test_every_locked_package_runs_on_the_oldest_python_the_lock_serves():
    # Debian 12's python3 is 3.11.2; a release that needs 3.11.5 (soupsieve 4.1.3 did) cannot
    # be installed there, and `make` fails on a fresh machine. The lock is resolved under 3.11.2.
    from importlib.metadata import PackageNotFoundError, metadata
    from packaging.specifiers import SpecifierSet

    oldest = "3.11.2"
    too_new = []
    for name, version in _locked_versions().items():
        try:
            meta = metadata(name)
        except PackageNotFoundError:
            continue
        if meta["Version"] != version:
            continue  # not the locked release: test_the_installed_environment_is_the_lock says so
        spec = meta.get("Requires-Python")
        if spec and not SpecifierSet(spec).contains(oldest):
            too_new.append(f"{name}=={version} ({spec})")
    assert not too_new, f"kräver nyare Python än {oldest}: {too_new} (kör make lock)"
