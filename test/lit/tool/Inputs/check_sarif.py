import json, sys
log = json.load(open(sys.argv[1]))
assert log["version"] == "2.1.0"
run = log["runs"][0]
driver = run["tool"]["driver"]
assert driver["name"] == "picklint"
rules = [r["id"] for r in driver["rules"]]
assert rules == ["picklint-lambda-capture", "picklint-unpicklable-receiver",
                 "picklint-unpicklable-argument", "picklint-side-effect-before-main",
                 "picklint-missing-worker-guard"], rules
(result,) = run["results"]
assert result["ruleId"] == "picklint-lambda-capture"
assert rules[result["ruleIndex"]] == result["ruleId"]
assert result["level"] == "warning"
loc = result["locations"][0]["physicalLocation"]
assert loc["artifactLocation"]["uri"].startswith("file:///")
assert loc["artifactLocation"]["uri"].endswith("capture.cpp")
assert loc["region"] == {"startLine": 6, "startColumn": 20}, loc
related = result["relatedLocations"][0]
assert related["message"]["text"] == "'k' captured by value here"
print("sarif ok")
