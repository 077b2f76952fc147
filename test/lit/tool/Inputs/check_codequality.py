"""check_codequality.py REPORT [COUNT]: REPORT is a GitLab code quality
report as GitLab reads it (docs.gitlab.com, "Code Quality report format"):
a JSON array of issues, each with a description, a check_name, a
fingerprint unique in the report, a severity GitLab knows, and a location
whose path is relative to the repository and whose lines.begin is a line.
With COUNT, the report has exactly that many issues."""
import json
import sys

issues = json.load(open(sys.argv[1]))
assert isinstance(issues, list), "the report is an array"
seen = set()
for i in issues:
    for key in ("description", "check_name", "fingerprint", "severity"):
        assert isinstance(i.get(key), str) and i[key], f"{key} missing in {i}"
    assert i["severity"] in ("info", "minor", "major", "critical", "blocker"), i
    assert i["fingerprint"] not in seen, f"fingerprint twice: {i['fingerprint']}"
    seen.add(i["fingerprint"])
    path = i["location"]["path"]
    assert path and not path.startswith("/"), f"path not relative: {path}"
    begin = i["location"]["lines"]["begin"]
    assert isinstance(begin, int) and begin >= 1, i
if len(sys.argv) > 2:
    assert len(issues) == int(sys.argv[2]), f"{len(issues)} issues, expected {sys.argv[2]}"
print(f"{len(issues)} issues, valid")
