import json, sys
findings = json.load(open(sys.argv[1]))
assert len(findings) == 1, findings
f = findings[0]
assert f["check"] == "picklint-lambda-capture", f
assert f["file"].endswith("capture.cpp") and f["line"] == 6 and f["column"] == 20, f
assert f["severity"] == "warning", f
assert f["message"].startswith("task callable is a lambda with captures"), f
assert [(n["line"], n["column"]) for n in f["notes"]] == [(6, 21)], f["notes"]
assert f["notes"][0]["message"] == "'k' captured by value here", f["notes"]
print("json ok")
