"""compile_fails.py <c++ compiler> <runtime include dir> <source>

The source must fail to compile with the message its `// expect:` lines give
(each a substring of one error line), and must compile once the line marked
`// refused` is removed (so the failure is the one intended, not a typo).
"""
import os
import re
import subprocess
import sys
import tempfile

cxx, include, source = sys.argv[1:4]
text = open(source).read()
expected = re.findall(r"//\s*expect:\s*(.+)", text)
assert expected, "no // expect: line in " + source
flags = ["-std=c++20", "-fsyntax-only", "-I" + include]

proc = subprocess.run([cxx] + flags + [source], capture_output=True, text=True)
assert proc.returncode != 0, source + " compiled, but it must be refused"
errors = [l for l in proc.stderr.splitlines() if "error:" in l]
for want in expected:
    assert any(want.strip() in l for l in errors), \
        "no error says %r; the compiler said:\n%s" % (want, "\n".join(errors))

# The control: without the refused line, the file compiles.
control = "\n".join(l for l in text.splitlines() if "// refused" not in l)
with tempfile.NamedTemporaryFile("w", suffix=".cpp", delete=False) as f:
    f.write(control)
try:
    proc = subprocess.run([cxx] + flags + [f.name], capture_output=True, text=True)
    assert proc.returncode == 0, "the control does not compile:\n" + proc.stderr
finally:
    os.unlink(f.name)
print("1 passed, 0 failed")
