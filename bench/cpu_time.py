#!/usr/bin/env python3
"""Runs a command and writes its whole-process CPU time (user + system, seconds) to a file.

GNU time prints CPU times in hundredths of a second: for a run of 0.2 s (cposim's switch
benchmark) that is a step of 5%. The kernel's rusage of the child (wait4) has microseconds.
Usage: bench/cpu_time.py OUT_FILE COMMAND [ARGS...]  (the command's output passes through;
its exit status is this script's)."""
import os
import subprocess
import sys

if len(sys.argv) < 3:
    sys.exit("usage: bench/cpu_time.py OUT_FILE COMMAND [ARGS...]")
child = subprocess.Popen(sys.argv[2:])
_, status, usage = os.wait4(child.pid, 0)
child.returncode = os.waitstatus_to_exitcode(status)
with open(sys.argv[1], "w") as out:
    out.write(f"{usage.ru_utime + usage.ru_stime:.6f}\n")
sys.exit(child.returncode)
