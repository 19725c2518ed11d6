#!/usr/bin/env python3
"""Turns fleet-run.sh's results.tsv and meta.tsv into Markdown tables (medians over the runs)."""
import json
import os
import statistics
import sys

LABELS = {
    "muster": "muster",
    "muster-warm": "muster console (2nd command)",
    "muster-daemon": "muster run, warm daemon",
    "pssh": "parallel-ssh",
    "clush": "clush",
    "ansible": "ansible -m raw",
    "ssh": "bash `ssh &` loop",
    "nodeset": "nodeset -f (ClusterShell)",
}
ORDER = ["muster", "muster-warm", "muster-daemon", "pssh", "clush", "ansible", "ssh", "nodeset"]


def fnum(v, digits=2):
    return "–" if v is None else f"{v:.{digits}f}"


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else None


def to_float(s):
    if s in ("", "-"):
        return None
    try:
        return float(s)
    except ValueError:
        return None


def load(results, meta):
    rows = {}
    with open(results) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 10:
                continue
            c, tool, rep, wall, cpu, rss, ok, total, rc, sshd = p[:10]
            proc = p[10] if len(p) > 10 else "-"
            rows.setdefault(c, {}).setdefault(tool, []).append({
                "wall": to_float(wall), "cpu": to_float(cpu), "rss": to_float(rss),
                "ok": int(ok) if ok.isdigit() else None, "total": int(total) if total.isdigit() else None,
                "rc": rc, "sshd": to_float(sshd), "proc": to_float(proc)})
    info = {}
    with open(meta) as f:
        for line in f:
            kind, c, tool, text = line.rstrip("\n").split("\t", 3)
            d = info.setdefault(c, {"title": c, "cmd": {}, "skip": {}, "note": []})
            if kind == "title":
                d["title"] = text
            elif kind == "cmd":
                d["cmd"][tool] = text
            elif kind == "skip":
                d["skip"][tool] = text
            elif kind == "note":
                d["note"].append(text)
    return rows, info


def ok_text(runs):
    oks = [r["ok"] for r in runs if r["ok"] is not None]
    total = next((r["total"] for r in runs if r["total"] is not None), None)
    if not oks or total is None:
        return "–"
    lo, hi = min(oks), max(oks)
    return f"{lo}/{total}" if lo == hi else f"{lo}–{hi}/{total}"


def network_case(c, rows, info):
    d = info[c]
    out = [f"## {d['title']}", ""]
    out += [f"{n}" for n in d["note"]]
    if d["note"]:
        out.append("")
    tools = rows.get(c, {})
    base = tools.get("pssh")
    bw = med([r["wall"] for r in base]) if base else None
    bc = med([r["cpu"] for r in base]) if base else None
    out.append("| tool | wall median (s) | wall min–max (s) | client CPU user+sys (s) | peak RSS (MiB) "
               "| sshd CPU (s) | hosts ok | wall ÷ pssh | CPU ÷ pssh |")
    out.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for tool in ORDER:
        if tool in d["skip"]:
            out.append(f"| {LABELS[tool]} | {d['skip'][tool]} | | | | | | | |")
            continue
        runs = tools.get(tool)
        if not runs:
            continue
        w = med([r["wall"] for r in runs])
        walls = [r["wall"] for r in runs if r["wall"] is not None]
        cpu = med([r["cpu"] for r in runs])
        rss = med([r["rss"] for r in runs])
        sshd = med([r["sshd"] for r in runs])
        rw = f"{w / bw:.2f}x" if w is not None and bw else "–"
        rc = f"{cpu / bc:.2f}x" if cpu is not None and bc and tool not in ("muster-warm", "muster-daemon") else "–"
        out.append(f"| {LABELS[tool]} | {fnum(w)} | {fnum(min(walls)) if walls else '–'}–{fnum(max(walls)) if walls else '–'} "
                   f"| {fnum(cpu)} | {fnum(rss / 1024 if rss else None, 1)} | {fnum(sshd)} | {ok_text(runs)} | {rw} | {rc} |")
    for tool, runs in tools.items():
        proc = med([r["proc"] for r in runs])
        if proc is not None:
            out.append("")
            out.append(f"{LABELS[tool]}: whole process (JVM start, cold first command, warm second command) "
                       f"median {proc:.2f} s wall.")
    n = max((len(v) for v in tools.values()), default=0)
    out += ["", f"Medians over {n} measured run(s) per tool, tools interleaved round by round.", "",
            "Commands ($W = the run's work directory):", "", "```"]
    for tool in ORDER:
        if tool in d["cmd"]:
            out.append(f"{tool}: {d['cmd'][tool]}")
    out += ["```", ""]
    return out


def startup_case(rows, info, work):
    d = info["e"]
    out = [f"## {d['title']}", ""]
    out.append("| tool | command | wall median (s) | wall mean ± σ (s) | CPU user+sys (s) | peak RSS (MiB) | wall ÷ ansible |")
    out.append("|---|---|---:|---:|---:|---:|---:|")
    hf = {}
    for tool in ORDER:
        path = os.path.join(work, f"startup-{tool}.json")
        if os.path.exists(path):
            with open(path) as f:
                hf[tool] = json.load(f)["results"][0]
    base = hf.get("ansible", {}).get("median")
    labels = dict(LABELS, ansible="ansible --list-hosts", pssh="parallel-ssh --version")
    for tool in ORDER:
        if tool in d["skip"]:
            out.append(f"| {labels[tool]} | | {d['skip'][tool]} | | | | |")
            continue
        if tool not in d["cmd"]:
            continue
        h = hf.get(tool)
        runs = rows.get("e", {}).get(tool, [])
        cpu = med([r["cpu"] for r in runs])
        rss = med([r["rss"] for r in runs])
        cmd = d["cmd"][tool].replace("|", "\\|")
        if h:
            ratio = f"{h['median'] / base:.2f}x" if base else "–"
            out.append(f"| {labels[tool]} | `{cmd}` | {h['median']:.3f} | {h['mean']:.3f} ± {h['stddev'] or 0:.3f} "
                       f"| {fnum(cpu)} | {fnum(rss / 1024 if rss else None, 1)} | {ratio} |")
        else:
            out.append(f"| {labels[tool]} | `{cmd}` | failed | | | | |")
    out += ["", "Wall from hyperfine (-N, 3 warm-ups); CPU and peak RSS are medians of 3 runs under /usr/bin/time. "
            "pssh has no inventory listing: `parallel-ssh --version` is shown as its bare interpreter start-up.", ""]
    return out


def main(results, meta, work):
    rows, info = load(results, meta)
    out = []
    for c in ["a", "b", "c", "d"]:
        if c in info:
            out += network_case(c, rows, info)
    if "e" in info:
        out += startup_case(rows, info, work)
    out += ["Columns: wall = elapsed time of the whole command (/usr/bin/time %e); client CPU = user+sys of the "
            "tool and every child it waited for (ssh processes included); peak RSS = the largest single process "
            "in that tree (getrusage semantics, not a sum); sshd CPU = CPU of the fleet's sshd listeners plus their "
            "reaped per-connection children during the run (from /proc/PID/stat); hosts ok = hosts whose command "
            "exited 0, from each tool's own report (pssh [SUCCESS] lines, clush's per-host exit-code errors, "
            "ansible CHANGED/SUCCESS lines, muster's --json summary, the loop's wait statuses), min–max over runs."]
    print("\n".join(out))


if __name__ == "__main__":
    main(*sys.argv[1:4])
