"""The issue's end-to-end path for each real narrative: `new` + `import --narrative` + `check --json`.

The JSON validates against the schema, every span points into the stored text, and the errors a
reader finds by hand are among the findings (docs/seed-findings.md explains each)."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from cli.commands import main
from storage.unit_file import UnitFile

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = json.loads((ROOT / "docs" / "findings.schema.json").read_text(encoding="utf-8"))
SEEDS = sorted((ROOT.parent / "shared" / "seeds").glob("*.txt"))   # shared/ lies beside the checkout
EXPECTED = {  # seed prefix -> (rule, words in its message) a careful reader finds by hand
    "000": [("N-MALFORMED", "21,88.78"), ("N-SUM", "45021.5"), ("N-REPEAT", "58,511.88")],
    "001": [("N-SUM", "全年预算数4197.68"), ("N-SUM", "资金总体支出4197.68")],
    "002": [("N-SHARE", "26.21%"), ("N-CHANGE", "6.1"), ("N-MALFORMED", "4.63%%")],
    # the chart placeholders kept in the published text: no table to draw from in a unit of text only
    "003": [("N-LEFTOVER-ALTERNATIVE", "增加（减少）"), ("N-CHART-NODATA", "此处插入图表")],
    "004": [("N-LEFTOVER-ALTERNATIVE", "增加（减少）"), ("N-CHART-NODATA", "此处插入图表")],
}


@pytest.mark.parametrize("seed", SEEDS, ids=lambda p: p.name[:3])
def test_new_import_check_json(seed, tmp_path, capsys):
    unit_file = tmp_path / "unit.jsgk"
    year = "2024" if "2024年度" in seed.read_text(encoding="utf-8")[:2000] else "2023"
    assert main(["new", str(unit_file), "--unit", "种子单位", "--year", year]) == 0
    assert main(["import", str(unit_file), "--narrative", str(seed)]) == 0
    capsys.readouterr()
    assert main(["check", str(unit_file), "--json"]) == 1          # every seed has errors
    findings = json.loads(capsys.readouterr().out)
    jsonschema.validate(findings, SCHEMA)
    with UnitFile.open(unit_file) as f:
        text = f.load().narrative
    assert text == seed.read_text(encoding="utf-8").replace("\r\n", "\n")
    for finding in findings:
        if "start" in finding:
            assert 0 <= finding["start"] < finding["end"] <= len(text)
    for rule, words in EXPECTED[seed.name[:3]]:
        assert any(f["rule"] == rule and words in f["message"] for f in findings), (rule, words)
