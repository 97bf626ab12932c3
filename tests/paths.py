"""Paths the tests read: the repo, the shared folder beside it, the seed."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_0d25a758f912d99f.txt"
