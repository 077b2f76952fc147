"""Every check of `--list-checks` has docs/checks/<check>.md, and every option
that `--dump-config` shows for it is named on that page."""
import os, re, subprocess, sys

picklint, source = sys.argv[1], sys.argv[2]
listed = subprocess.run([picklint, "--list-checks"], capture_output=True, text=True, check=True).stdout
checks = re.findall(r"^\s+(picklint-[a-z-]+)$", listed, re.M)
assert len(checks) == 5, checks
config = subprocess.run([picklint, "--dump-config"], capture_output=True, text=True, check=True).stdout
missing = []
for check in checks:
    page = os.path.join(source, "docs", "checks", check + ".md")
    if not os.path.exists(page):
        missing.append("no page " + page)
        continue
    text = open(page).read()
    for option in re.findall(r"^\s+" + re.escape(check) + r"\.([A-Za-z]+):", config, re.M):
        if option not in text:
            missing.append("%s does not name its option %s" % (page, option))
if missing:
    sys.exit("\n".join(missing))
print("docs: %d pages, every option named" % len(checks))
