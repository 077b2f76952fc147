"""validate.py <schema.json> <document.json>: validates with jsonschema (Debian's
python3-jsonschema); exits 1 with the first violation."""
import json
import sys

import jsonschema

schema = json.load(open(sys.argv[1]))
doc = json.load(open(sys.argv[2]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
errors = sorted(cls(schema).iter_errors(doc), key=lambda e: list(e.path))
if errors:
    e = errors[0]
    sys.exit("%s: %s at %s" % (sys.argv[2], e.message, "/".join(map(str, e.path))))
print("valid")
