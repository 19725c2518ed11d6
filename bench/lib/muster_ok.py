#!/usr/bin/env python3
"""Hosts ok from `muster run --json` output: prints the count (0 when it cannot tell).

Reads JSON lines; prefers a summary object (a line whose "type"/"event" is "summary"/"recap",
or one carrying a "summary" object), else counts per-host outcome lines whose status is ok/changed.
"""
import json
import sys

OK = {"ok", "changed", "success"}


def as_int(v):
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def from_summary(obj):
    s = obj.get("summary") if isinstance(obj.get("summary"), dict) else obj
    counts = s.get("counts") if isinstance(s.get("counts"), dict) else s
    total = 0
    found = False
    for key in ("ok", "changed", "hosts_ok", "succeeded"):
        n = as_int(counts.get(key))
        if n is not None:
            total += n
            found = True
    return total if found else None


def main(path, expected):
    summary = None
    per_host = {}
    with open(path, errors="replace") as f:
        for line in f:
            line = line.strip()
            if not line.startswith("{"):
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                continue
            kind = str(obj.get("type", obj.get("event", obj.get("kind", "")))).lower()
            if kind in ("summary", "recap", "run", "done", "finished") or isinstance(obj.get("summary"), dict):
                n = from_summary(obj)
                if n is not None:
                    summary = n
                    continue
            host = obj.get("host")
            status = obj.get("status", obj.get("outcome"))
            if isinstance(host, str) and isinstance(status, str):
                per_host[host] = status.lower() in OK
    if summary is not None:
        return summary
    return sum(per_host.values())


if __name__ == "__main__":
    print(main(sys.argv[1], int(sys.argv[2])))
