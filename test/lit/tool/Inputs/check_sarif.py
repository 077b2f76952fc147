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
for r in driver["rules"]:
    # Help comes from the check's page; helpUri is absolute.
    assert r["help"]["markdown"].startswith("# " + r["id"]), r["help"]
    assert r["fullDescription"]["text"], r
    assert r["helpUri"].startswith("https://") and r["helpUri"].endswith(r["id"] + ".md"), r
root = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
assert root.startswith("file:///") and root.endswith("/"), root
(result,) = run["results"]
assert result["ruleId"] == "picklint-lambda-capture"
assert rules[result["ruleIndex"]] == result["ruleId"]
assert result["level"] == "warning"
loc = result["locations"][0]["physicalLocation"]
art = loc["artifactLocation"]
assert art["uriBaseId"] == "%SRCROOT%" and not art["uri"].startswith("/"), art
assert art["uri"].endswith("capture.cpp"), art
assert loc["region"] == {"startLine": 6, "startColumn": 20, "endLine": 6, "endColumn": 48}, loc
assert result["partialFingerprints"]["primaryLocationLineHash"].endswith(":1"), result
related = result["relatedLocations"][0]
assert related["message"]["text"] == "'k' captured by value here"
flow = result["codeFlows"][0]["threadFlows"][0]["locations"]
assert flow[0]["location"]["message"]["text"] == "'k' captured by value here", flow
(fix,) = result["fixes"]
assert [r["insertedContent"]["text"] for r in fix["artifactChanges"][0]["replacements"]] == \
    ["[]", "int k, ", ", k"], fix
(inv,) = run["invocations"]
assert inv["executionSuccessful"] is True and inv["toolExecutionNotifications"] == [], inv
print("sarif ok")
