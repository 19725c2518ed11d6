#!/usr/bin/env python3
"""Runs a command and prints the bytes its process tree wrote (the controller's uplink).

Usage: uplink.py OUTFILE [--comm java,ssh] -- COMMAND...

Polls /proc/PID/io (wchar: bytes handed to write/send, sockets included) of the command's
descendants named in --comm (the processes that own the SSH sockets: muster's JVM, the ssh
children of clush or pssh) every 20 ms and keeps each process's largest value; writes
"BYTES WALL_SECONDS EXIT" to OUTFILE. Wrappers that only feed those processes through pipes
(python clush, bash, timeout) are not counted, or their bytes would count twice. For an SSH
client nearly all of its wchar is socket sends (the encrypted stream); its writes to stdout and
the run store are a few KiB. A process's bytes after its last poll are missed (at most 20 ms of
sending), so the figure is a slight undercount.
"""
import os, subprocess, sys, time

def children_of():
    kids = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        kids.setdefault(ppid, []).append(int(pid))
    return kids

def tree(root):
    kids, out, todo = children_of(), [], [root]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(kids.get(p, []))
    return out

def wchar(pid):
    try:
        with open(f"/proc/{pid}/io") as f:
            for line in f:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None

def main():
    out, args = sys.argv[1], sys.argv[2:]
    comms = {"java", "ssh"}
    if args and args[0] == "--comm":
        comms, args = set(args[1].split(",")), args[2:]
    cmd = args[1:] if args and args[0] == "--" else args
    seen = {}
    start = time.monotonic()
    p = subprocess.Popen(cmd)
    while p.poll() is None:
        for pid in tree(p.pid):
            try:
                with open(f"/proc/{pid}/comm") as f:
                    if f.read().strip() not in comms:
                        continue
            except OSError:
                continue
            w = wchar(pid)
            if w is not None:
                key = (pid, open(f"/proc/{pid}/stat").read().split()[21] if os.path.exists(f"/proc/{pid}/stat") else "")
                seen[key] = max(seen.get(key, 0), w)
        time.sleep(0.02)
    wall = time.monotonic() - start
    with open(out, "w") as f:
        f.write(f"{sum(seen.values())} {wall:.3f} {p.returncode}\n")
    sys.exit(p.returncode)

if __name__ == "__main__":
    main()
