"""The library stays a library: it never imports the platform, and importing it is cheap."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import matching

ROOT = Path(matching.__file__).parent


def test_matching_never_imports_backend() -> None:
    offenders = []
    for path in ROOT.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            offenders += [f"{path.name}: {n}" for n in names if n.split(".")[0] == "backend"]
    assert offenders == []


def test_importing_matching_loads_no_model_and_no_segmenter() -> None:
    probe = (
        "import sys, matching; "
        "print('torch' in sys.modules, 'sentence_transformers' in sys.modules, "
        "'rjieba' in sys.modules, matching.text.default_tokenizer()._jieba is None)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False", "False", "True"]
    assert out.stderr == ""
