#!/usr/bin/env python3
"""Validates brief's FHIR export with an independent FHIR R4 (4.0.1) model library.

Reads every line of every NDJSON file named in a Bulk Data folder's manifest.json (or the
entries of a transaction Bundle given as a .json file) into the R4 models of the
`fhir.resources` package (6.2.x is the release that models R4 4.0.1; later releases model R4B
and R5) and reports each resource it rejects. Exit code 0 when every resource is valid.

Not part of CI (it needs the package from PyPI). To run it:

    python3 -m venv /tmp/fhir-r4 && /tmp/fhir-r4/bin/pip install "fhir.resources==6.2.2" "pydantic<2"
    /tmp/fhir-r4/bin/python scripts/validate_fhir.py OUTDIR        # a bulk export
    /tmp/fhir-r4/bin/python scripts/validate_fhir.py bundle.json   # one session's bundle
"""

import json
import sys
from pathlib import Path

import fhir.resources
from fhir.resources import construct_fhir_element


def check(resource, where, problems):
    try:
        construct_fhir_element(resource["resourceType"], resource)
    except Exception as e:  # the library raises pydantic's ValidationError, among others
        problems.append(f"{where}: {resource.get('resourceType')} {resource.get('id')}: {e}")


def main(target):
    if fhir.resources.__fhir_version__ != "4.0.1":
        sys.exit(f"fhir.resources models FHIR {fhir.resources.__fhir_version__}, not R4 4.0.1: install 6.2.x")
    path = Path(target)
    problems, count = [], 0
    if path.is_dir():
        manifest = json.loads((path / "manifest.json").read_text())
        for key in ("transactionTime", "request", "requiresAccessToken", "output", "error"):
            if key not in manifest:
                problems.append(f"manifest.json: no {key}")
        for entry in manifest["output"] + manifest["error"]:
            name = entry["url"]
            with open(path / name, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    resource = json.loads(line)
                    if resource["resourceType"] != entry["type"]:
                        problems.append(f"{name}:{n}: a {resource['resourceType']} in the {entry['type']} file")
                    check(resource, f"{name}:{n}", problems)
                    count += 1
            if "count" in entry and entry["count"] != n:
                problems.append(f"{name}: {n} lines, the manifest says {entry['count']}")
    else:
        bundle = json.loads(path.read_text())
        check(bundle, path.name, problems)
        count = 1 + len(bundle.get("entry", []))
    for p in problems[:50]:
        print(p)
    print(f"{count} resources read, {len(problems)} rejected (FHIR {fhir.resources.__fhir_version__})")
    return 1 if problems else 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
