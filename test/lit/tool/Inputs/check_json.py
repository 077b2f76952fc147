import json, sys
doc = json.load(open(sys.argv[1]))
assert doc["version"] == 1 and doc["tool"]["name"] == "picklint", doc
assert [f.split("/")[-1] for f in doc["files"]] == ["capture.cpp", "clean.cpp"], doc["files"]
(f,) = doc["findings"]
assert f["check"] == "picklint-lambda-capture", f
assert not f["file"].startswith("/") and f["file"].endswith("capture.cpp"), f
assert (f["line"], f["column"], f["endLine"], f["endColumn"]) == (6, 20, 6, 48), f
assert f["severity"] == "warning", f
assert f["message"].startswith("task callable is a lambda with captures"), f
assert [(n["line"], n["column"]) for n in f["notes"]] == [(6, 21)], f["notes"]
assert f["notes"][0]["message"] == "'k' captured by value here", f["notes"]
assert [x["replacement"] for x in f["fixes"]] == ["[]", "int k, ", ", k"], f["fixes"]
assert len(f["fingerprint"]) == 18 and f["fingerprint"].endswith(":1"), f
assert doc["summary"]["findings"] == 1 and doc["summary"]["files"] == 2, doc["summary"]
assert doc["summary"]["byCheck"] == {"picklint-lambda-capture": 1}, doc["summary"]
print("json ok")
