"""What the integration scripts share: a list of named steps, each passed
or failed with what it printed, and a summary line ctest and CI read
(`N passed, N failed`)."""
import subprocess


class Steps:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, detail=""):
        if ok:
            self.passed += 1
            print(f"ok    {what}")
        else:
            self.failed += 1
            print(f"FAIL  {what}")
            if detail:
                print("      " + str(detail).rstrip()[-6000:].replace("\n", "\n      "))
        return ok

    def finish(self):
        """Prints the summary; the exit status of the script."""
        print(f"{self.passed} passed, {self.failed} failed")
        return 1 if self.failed else 0


def run(cmd, cwd=None, env=None):
    """(exit status, standard output and error together)."""
    p = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    return p.returncode, p.stdout
