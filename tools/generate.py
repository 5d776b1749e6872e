"""Rebuild the generated client (``generated/vbc_telephony_api``) from ``openapi.yaml``.

The one recipe for regeneration: ``make generate`` runs it in place and the staleness
test runs it into a temporary folder and compares the trees. ``--stock-templates`` leaves out
our template overrides (``templates/``), so that tests and ``bench/from_dict.py`` can hold
what the generator makes by itself beside what we ship; ``--spec`` lets the template tests
feed it schemas the real spec does not have.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi.yaml"
CONFIG = ROOT / "openapi-python-client.yaml"
# Our overrides of the generator's templates (a faster from_dict); the rest are its own.
TEMPLATES = ROOT / "templates"
PACKAGE = "vbc_telephony_api"
DEFAULT_OUTPUT = ROOT / "generated" / PACKAGE


def generate(output: Path, spec: Path = SPEC, *, stock_templates: bool = False) -> None:
    """Generate the package into ``output`` (replaced whole) and ship the spec inside it."""
    templates = [] if stock_templates else ["--custom-template-path", str(TEMPLATES)]
    bindir = str(Path(sys.executable).parent)
    # The generator's post-hooks run `ruff` by name; the pinned one is beside this interpreter.
    env = {**os.environ, "PATH": bindir + os.pathsep + os.environ.get("PATH", "")}
    if output.exists():
        shutil.rmtree(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            str(Path(bindir) / "openapi-python-client"),
            "generate",
            "--path",
            str(spec),
            "--config",
            str(CONFIG),
            *templates,
            "--meta",
            "none",
            "--output-path",
            str(output),
            "--fail-on-warning",
        ],
        check=True,
        env=env,
        cwd=output.parent,
    )
    # The pytest plugin and `vbc mock` serve the spec from the installed package, so a
    # user's project needs no copy of it.
    shutil.copyfile(spec, output / "openapi.yaml")
    # PEP 561 marker: the generated models are fully annotated.
    (output / "py.typed").write_text("")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--spec", type=Path, default=SPEC)
    parser.add_argument("--stock-templates", action="store_true")
    args = parser.parse_args()
    generate(args.output, args.spec.resolve(), stock_templates=args.stock_templates)


if __name__ == "__main__":
    main()
