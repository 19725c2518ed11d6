"""The reference for RRuleDifferentialTest: python-dateutil's rrule, in a zoneinfo zone.

Reads one JSON case per line: zone, start (local ISO), rule (RRULE text for dateutil),
until ({kind: local|utc|none, value}), after (epoch seconds), n, horizon (last local date looked at).
Prints the epoch seconds of the first n openings that start after `after`, sorted, each once, one
line per case (space separated; empty line when there is none).
"""
import json
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr


def openings(case):
    zone = ZoneInfo(case["zone"])
    start = datetime.fromisoformat(case["start"]).replace(tzinfo=zone)
    rule = rrulestr(case["rule"], dtstart=start)
    if case["until"]["kind"] == "local":
        rule = rule.replace(until=datetime.fromisoformat(case["until"]["value"]).replace(tzinfo=zone))
    last = date.fromisoformat(case["horizon"])
    if "COUNT=" not in case["rule"]:
        # a rule that never fires again would otherwise be walked to the year 9999
        end = datetime.combine(last + timedelta(days=1), time(0)).replace(tzinfo=zone)
        if rule._until is None or rule._until > end:
            rule = rule.replace(until=end)
    after, n = case["after"], case["n"]
    found, full_on = [], None
    for occ in rule:
        day = occ.date()
        if day > last or (full_on is not None and day > full_on + timedelta(days=1)):
            break
        ts = int(occ.timestamp())  # fold=0: a time in a gap takes the offset before it, as java.time does
        if ts > after:
            found.append(ts)
            if len(found) >= case["n"] and full_on is None:
                full_on = day
    return sorted(set(found))[:n]


for line in sys.stdin:
    if line.strip():
        print(" ".join(str(t) for t in openings(json.loads(line))), flush=True)
