#!/usr/bin/env python3
"""CPU seconds used so far by a fleet's sshd: every listener in PIDS_FILE and all its descendants.

Sums utime+stime+cutime+cstime over the listeners and every live (or zombie) descendant. A
process's cutime/cstime hold only children it has already reaped, so at any instant each CPU
second is counted exactly once, whether it was spent by a finished per-connection sshd (reaped
into its parent) or by a still-open connection (a ControlMaster's sshd and the shells it forks).
"""
import os
import sys


def main(pids_file):
    tick = os.sysconf("SC_CLK_TCK")
    with open(pids_file) as f:
        roots = {int(line) for line in f if line.strip()}
    stats, children = {}, {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid = int(name)
        stats[pid] = sum(int(x) for x in fields[11:15])   # utime stime cutime cstime
        children.setdefault(int(fields[1]), []).append(pid)
    total, todo = 0, [p for p in roots if p in stats]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, 0)
        todo.extend(children.get(pid, []))
    print(f"{total / tick:.2f}")


if __name__ == "__main__":
    main(sys.argv[1])
