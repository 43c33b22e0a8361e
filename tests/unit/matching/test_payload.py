"""The index keeps what ranking reads, not the description (that is text, already in the index's
terms and vector)."""

from __future__ import annotations

from matching.matcher import _payload, solution_from
from matching.types import SolutionDoc


def test_the_payload_leaves_out_the_description_and_still_rebuilds_the_solution() -> None:
    doc = SolutionDoc("s1", "碳化硅模块", "很长的描述" * 200, fields=("第三代半导体",), trl=7)
    payload = _payload(doc)
    assert "description" not in payload and payload["title"] == "碳化硅模块"
    rebuilt = solution_from(payload)
    assert rebuilt.fields == ("第三代半导体",) and rebuilt.trl == 7 and rebuilt.description == ""
