"""What the generated catalog and body schemas cost: load times, and bytes on disk and in the wheel.

Each time is the median over fresh interpreter processes (a schema is cached once loaded, so
only a new process sees the first-use cost); imports are done before the clock starts:

- `Catalog.load()`: parsing schemas/catalog.json;
- first `body_schema()` + `compiled()` of ParticipantAttributes (the smallest common body) and
  of the largest body schema, and the first check of a body (`{}`), which compiles the
  references it reaches.

Sizes: the body schema files (bytes, files, disk blocks), the descriptions file beside them,
and the wheel `pip wheel --no-deps --no-build-isolation` builds, with the share of the bodies.

    python bench/catalog.py [--rounds 15] [--no-wheel]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SMALL = "ParticipantAttributes"

# Run in a fresh process: prints {"load": s} or {"schema": s, "compile": s, "check": s}.
PROBE = """
import json, sys, time
from attrlint.catalog import Catalog
from attrlint.validate import compiled
model = sys.argv[1]
start = time.perf_counter()
catalog = Catalog.load()
loaded = time.perf_counter()
if not model:
    print(json.dumps({"load": loaded - start}))
    raise SystemExit
schema = catalog.body_schema(model)
read = time.perf_counter()
check = compiled(schema)
built = time.perf_counter()
check({})
checked = time.perf_counter()
print(json.dumps({"schema": read - loaded, "compile": built - read, "check": checked - built}))
"""


def bodies_dir() -> Path:
    """The body schemas of the attrlint this interpreter imports."""
    from attrlint.resources import data_dir

    return data_dir("schemas") / "bodies"


def probe(model: str, rounds: int) -> dict[str, float]:
    """Median milliseconds of each PROBE figure over `rounds` fresh processes."""
    samples: dict[str, list[float]] = {}
    for _ in range(rounds):
        result = subprocess.run(
            [sys.executable, "-c", PROBE, model], capture_output=True, text=True, check=True, cwd=ROOT
        )
        for name, seconds in json.loads(result.stdout).items():
            samples.setdefault(name, []).append(seconds * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def folder_sizes(folder: Path) -> tuple[int, int, int]:
    """(bytes, files, bytes of disk blocks) of the `*.json` files directly in `folder`."""
    files = sorted(folder.glob("*.json"))
    stats = [f.stat() for f in files]
    return sum(s.st_size for s in stats), len(files), sum(s.st_blocks * 512 for s in stats)


def wheel_sizes() -> tuple[int, int, int]:
    """(wheel bytes, compressed bytes of the body schemas in it, of the descriptions file)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation", "-w", tmp, str(ROOT)],
            check=True,
        )
        wheel = next(Path(tmp).glob("attrlint-*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            entries = [i for i in archive.infolist() if "/schemas/bodies/" in i.filename]
        schemas = sum(i.compress_size for i in entries if "/_docs/" not in i.filename)
        docs = sum(i.compress_size for i in entries if "/_docs/" in i.filename)
        return os.path.getsize(wheel), schemas, docs


def main() -> None:
    """Measure and print."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--no-wheel", action="store_true", help="skip building the wheel")
    args = parser.parse_args()

    folder = bodies_dir()
    largest = max(folder.glob("*.json"), key=lambda p: p.stat().st_size)
    size, count, blocks = folder_sizes(folder)
    docs = folder / "_docs" / "descriptions.json"
    print(f"schemas/bodies: {count} schemas, {size / 1e6:.2f} MB ({blocks / 1e6:.2f} MB in disk blocks)")
    if docs.is_file():
        print(f"descriptions:   {docs.stat().st_size / 1e6:.2f} MB ({docs.relative_to(folder.parent.parent)})")
    if not args.no_wheel:
        wheel, schemas, texts = wheel_sizes()
        print(
            f"wheel:          {wheel / 1e6:.2f} MB; body schemas {schemas / 1e6:.2f} MB "
            f"and descriptions {texts / 1e6:.2f} MB of it (compressed)"
        )
    print(f"\nmedian of {args.rounds} fresh processes, ms")
    print(f"{'Catalog.load()':<44} {probe('', args.rounds)['load']:>8.2f}")
    for model, path in ((SMALL, folder / f"{SMALL}.json"), (largest.stem, largest)):
        times = probe(model, args.rounds)
        label = f"{model} ({path.stat().st_size:,} bytes)"
        print(f"{label:<44}")
        print(f"  {'first body_schema()':<42} {times['schema']:>8.2f}")
        print(f"  {'compiled()':<42} {times['compile']:>8.2f}")
        print(f"  {'first check of {}':<42} {times['check']:>8.2f}")
        print(f"  {'total':<42} {sum(times.values()):>8.2f}")


if __name__ == "__main__":
    main()
