"""The project's copies of the exchange format equal the shared spec, when the spec is beside it.

A fresh clone must build and test without the shared spec checked out beside it, so the schemas
and examples are copied into solver/format/schemas/ and tests/data/; this test catches a copy
that has drifted from the original (the schemas' titles are the spec's, byte for byte).
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT.parent / "shared" / "spec"
SCHEMAS = ROOT / "solver" / "format" / "schemas"
COPIES = [
    (SCHEMAS / "instance.schema.json", SPEC / "instance.schema.json"),
    (SCHEMAS / "solution.schema.json", SPEC / "solution.schema.json"),
    (ROOT / "tests" / "data" / "tiny.json", SPEC / "examples" / "tiny.json"),
    (ROOT / "tests" / "data" / "week.json", SPEC / "examples" / "week.json"),
]

needs_spec = pytest.mark.skipif(
    not SPEC.is_dir(), reason=f"the shared spec is not beside the repository ({SPEC} is missing)"
)


@needs_spec
@pytest.mark.parametrize("copy, original", COPIES, ids=lambda p: p.name)
def test_the_copy_equals_the_shared_spec(copy, original):
    assert copy.read_bytes() == original.read_bytes(), f"{copy} differs from {original}"
