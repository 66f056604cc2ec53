"""Start-up cost of a one-file `attrlint check`, measured side by side with Python baselines.

Prints median wall times and the ratios the targets are stated in (../shared/PERFORMANCE.md):
`attrlint check` on one small body vs `python -I -c "import click"` (target <= 1.5x) and vs
check-jsonschema validating the same body (target <= 0.33x; measured when check-jsonschema is
installed), and `attrlint --version` vs `python -c pass` (target <= 2.5x). Commands are interleaved, round by
round, so machine noise hits all of them alike.

    python bench/startup.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

BODY = '{"attributes": {"crm_status": "escalated", "crm_record_id": "12345"}}\n'


def console_script() -> str:
    """The installed `attrlint` entry point next to this interpreter (not a pyenv shim)."""
    script = Path(sysconfig.get_path("scripts")) / "attrlint"
    if not script.exists():
        raise SystemExit("attrlint is not installed for this interpreter: pip install -e .")
    return str(script)


def timed(command: list[str]) -> float:
    """Wall time of one run, in seconds."""
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    """Run the rounds and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        body = Path(tmp) / "body.json"
        body.write_text(BODY)
        url = "/api/v2/conversations/calls/3f0f5a4e-6a2b-4c1d-9e8f-0a1b2c3d4e5f/participants/9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d/attributes"
        attrlint = console_script()
        # An installed wheel has bytecode; a source checkout may not (PYTHONDONTWRITEBYTECODE).
        import attrlint as package

        subprocess.run([sys.executable, "-m", "compileall", "-q", str(Path(package.__file__).parent)], check=False)
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -I -c 'import click'": [sys.executable, "-I", "-c", "import click"],
            "attrlint --version": [attrlint, "--version"],
            "attrlint check body.json --url ...": [attrlint, "check", str(body), "--url", url],
            "attrlint check body.json": [attrlint, "check", str(body)],
        }
        checker = shutil.which("check-jsonschema", path=sysconfig.get_path("scripts"))
        if checker:
            schema = Path(package.__file__).parent.parent / "schemas" / "bodies" / "ParticipantAttributes.json"
            if not schema.exists():
                schema = Path(package.__file__).parent / "_data" / "schemas" / "bodies" / "ParticipantAttributes.json"
            commands["check-jsonschema body.json"] = [checker, "--schemafile", str(schema), str(body)]
        for command in commands.values():
            timed(command)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                times[name].append(timed(command))
    median = {name: statistics.median(values) * 1000 for name, values in times.items()}
    print(f"{'command':<40} {'median ms':>10}")
    for name, value in median.items():
        print(f"{name:<40} {value:>10.1f}")
    click = median["python -I -c 'import click'"]
    print()
    print(
        f"check (with --url) / import click : {median['attrlint check body.json --url ...'] / click:.2f}x  (target <= 1.5x)"
    )
    print(f"check (bare body)  / import click : {median['attrlint check body.json'] / click:.2f}x  (target <= 1.5x)")
    print(
        f"--version / python -c pass        : {median['attrlint --version'] / median['python -c pass']:.2f}x  (target <= 2.5x)"
    )
    if "check-jsonschema body.json" in median:
        ratio = median["attrlint check body.json --url ..."] / median["check-jsonschema body.json"]
        print(f"check / check-jsonschema          : {ratio:.2f}x  (target <= 0.33x)")
    else:
        print("check / check-jsonschema          : not measured (pip install check-jsonschema)")


if __name__ == "__main__":
    main()
