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
