#!/usr/bin/env python3
"""Turns server.sh's pairs.tsv (SQLite vs PostgreSQL, then two servers on one PostgreSQL) into
Markdown tables. Ratios are taken within each interleaved pair, then their median is reported, so
drift in the machine's load between pairs cancels out; 1.5 is the bound the issue sets."""
import statistics
import sys
from collections import defaultdict

BOUND = 1.5


def load(path):
    rows = []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) < 10:
                continue
            rows.append(dict(phase=p[0], clients=int(p[1]), endpoint=p[2], round=int(p[3]), store=p[4],
                             requests=int(p[5]), errors=int(p[6]), p50=float(p[7]), p95=float(p[8]),
                             p99=float(p[9])))
    return rows


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def ok(flag):
    return "yes" if flag else "**no**"


def one_server(rows, duration):
    by = defaultdict(dict)  # (clients, endpoint) -> round -> store -> row
    order = []
    for r in rows:
        if r["phase"] != "one":
            continue
        key = (r["clients"], r["endpoint"])
        if key not in by:
            order.append(key)
        by[key].setdefault(r["round"], {})[r["store"]] = r
    print("| endpoint | clients | SQLite req/s | PostgreSQL req/s | req/s SQLite/PG | SQLite p99 ms | "
          "PostgreSQL p99 ms | p99 PG/SQLite | errors SQLite / PG | within 1.5x |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    passed = total = 0
    for key in order:
        pairs = [p for p in by[key].values() if "sqlite" in p and "pg" in p]
        s_rps = [p["sqlite"]["requests"] / duration for p in pairs]
        g_rps = [p["pg"]["requests"] / duration for p in pairs]
        rps_ratio = med([p["sqlite"]["requests"] / max(1, p["pg"]["requests"]) for p in pairs])
        p99_ratio = med([p["pg"]["p99"] / max(0.1, p["sqlite"]["p99"]) for p in pairs])
        s_err = sum(p["sqlite"]["errors"] for p in pairs)
        g_err = sum(p["pg"]["errors"] for p in pairs)
        # errors are wrk's (mostly its 2 s timeout on the slowest pages): PostgreSQL may not have more
        good = rps_ratio <= BOUND and p99_ratio <= BOUND and g_err <= s_err
        passed += good
        total += 1
        print(f"| {key[1]} | {key[0]} | {med(s_rps):.0f} | {med(g_rps):.0f} | {rps_ratio:.2f} | "
              f"{med([p['sqlite']['p99'] for p in pairs]):.1f} | {med([p['pg']['p99'] for p in pairs]):.1f} | "
              f"{p99_ratio:.2f} | {s_err} / {g_err} | {ok(good)} |")
    print()
    print(f"{passed} of {total} endpoint x clients cases within 1.5x (medians of per-pair ratios).")


def two_servers(rows, duration):
    by = defaultdict(lambda: defaultdict(dict))  # (clients, endpoint) -> round -> store -> row
    order = []
    for r in rows:
        if r["phase"] != "two":
            continue
        key = (r["clients"], r["endpoint"])
        if key not in by:
            order.append(key)
        by[key][r["round"]][r["store"]] = r
    if not order:
        return
    print("| endpoint | clients | alone req/s | split: both req/s (ratio) | split: worst p99 ms (ratio) | "
          "each: slower req/s (ratio) | each: worst p99 ms (ratio) | alone p99 ms | within 1.5x (split / each) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for key in order:
        rounds = [v for v in by[key].values() if {"alone", "split-1", "split-2", "each-1", "each-2"} <= v.keys()]
        alone = [v["alone"] for v in rounds]
        a_rps = med([r["requests"] / duration for r in alone])
        a_p99 = med([r["p99"] for r in alone])
        split_sum = [(v["split-1"]["requests"] + v["split-2"]["requests"]) / duration for v in rounds]
        split_ratio = med([v["alone"]["requests"] / max(1, v["split-1"]["requests"] + v["split-2"]["requests"])
                           for v in rounds])
        split_p99 = [max(v["split-1"]["p99"], v["split-2"]["p99"]) for v in rounds]
        split_p99_ratio = med([max(v["split-1"]["p99"], v["split-2"]["p99"]) / max(0.1, v["alone"]["p99"])
                               for v in rounds])
        each_min = [min(v["each-1"]["requests"], v["each-2"]["requests"]) / duration for v in rounds]
        each_ratio = med([v["alone"]["requests"] / max(1, min(v["each-1"]["requests"], v["each-2"]["requests"]))
                          for v in rounds])
        each_p99 = [max(v["each-1"]["p99"], v["each-2"]["p99"]) for v in rounds]
        each_p99_ratio = med([max(v["each-1"]["p99"], v["each-2"]["p99"]) / max(0.1, v["alone"]["p99"])
                              for v in rounds])
        errors = sum(v[s]["errors"] for v in rounds for s in v)
        split_ok = split_ratio <= BOUND and split_p99_ratio <= BOUND and errors == 0
        each_ok = each_ratio <= BOUND and each_p99_ratio <= BOUND and errors == 0
        print(f"| {key[1]} | {key[0]} | {a_rps:.0f} | {med(split_sum):.0f} ({split_ratio:.2f}) | "
              f"{med(split_p99):.1f} ({split_p99_ratio:.2f}) | {med(each_min):.0f} ({each_ratio:.2f}) | "
              f"{med(each_p99):.1f} ({each_p99_ratio:.2f}) | {a_p99:.1f} | {ok(split_ok)} / {ok(each_ok)} |")
    print()
    print("split: the same clients divided between the two servers (both req/s summed); each: every server "
          "gets as many clients as the one alone. Ratios are alone/two for req/s and two/alone for p99, "
          "per round, then the median.")


def main():
    path, duration, pool, opened_one, opened_two, rounds, pair_rounds = sys.argv[1:8]
    duration = float(duration)
    rows = load(path)
    print(f"### One server: SQLite vs PostgreSQL ({rounds} interleaved pairs per case, medians)")
    print()
    one_server(rows, duration)
    print()
    print(f"PostgreSQL sessions opened for the one PostgreSQL server over the whole run above "
          f"(pg_stat_database.sessions, start-up included): **{opened_one}**, pool size {pool}: "
          f"{ok(int(opened_one) <= int(pool))}.")
    print()
    print(f"### Two servers on one PostgreSQL ({pair_rounds} rounds of alone / split / each per case)")
    print()
    two_servers(rows, duration)
    print()
    print(f"PostgreSQL sessions opened during the two-server phase (the second server's pool, and any "
          f"replaced connection): {opened_two}.")


if __name__ == "__main__":
    main()
