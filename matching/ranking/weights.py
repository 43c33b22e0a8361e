from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path

FEATURES = ("text", "field", "industry", "region", "maturity", "budget")


@dataclass(frozen=True)
class RankerWeights:
    """How the final score is made. `keyword` + `dense` fuse the text evidence; the rest weigh
    the structured fit. The final score is a weighted mean, so it stays in [0, 1]."""

    # Defaults: the structured weights are the rounded mean of the weights fitted on 5 folds of
    # the labelled dev set (matching.evaluation.crossval); the text weight is kept higher than the
    # folds' optimum (about 0.1) because the curve is flat from 0.1 to 0.4 and text is what
    # carries over to sets whose labels are sparse or noisy.
    keyword: float = 0.3
    dense: float = 0.7
    text: float = 0.4
    field: float = 0.2
    industry: float = 0.05
    region: float = 0.04
    maturity: float = 0.09
    budget: float = 0.1

    def feature_weights(self) -> dict[str, float]:
        return {name: getattr(self, name) for name in FEATURES}

    def with_features(self, values: dict[str, float]) -> RankerWeights:
        return replace(self, **{k: v for k, v in values.items() if k in FEATURES})

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=1)

    @classmethod
    def from_json(cls, text: str) -> RankerWeights:
        data = json.loads(text)
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in data.items() if k in known})

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RankerWeights:
        return cls.from_json(path.read_text(encoding="utf-8")) if path.exists() else cls()
