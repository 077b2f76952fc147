"""check_cli_docs.py <picklint> <docs/cli.md>: every option of `picklint --help`
is documented in docs/cli.md."""
import re
import subprocess
import sys

help_text = subprocess.run([sys.argv[1], "--help"], capture_output=True, text=True).stdout
section = help_text.split("picklint options:", 1)[1]
options = re.findall(r"^  (--?[a-z][a-z-]*)", section, re.M)
doc = open(sys.argv[2]).read()
missing = [o for o in options if not re.search(r"`%s[=` ]" % re.escape(o), doc)]
if missing:
    sys.exit("docs/cli.md does not document: " + ", ".join(missing))
print("cli docs: %d options, every one documented" % len(options))
