# Passes lines from the first one stamped at or after `since` (epoch seconds) onwards.
# Plain POSIX awk (mawk, gawk, busybox): no mktime, no regex intervals, so dates are turned
# into epoch seconds by arithmetic. Lines without a timestamp before the first passing line are
# dropped; after it everything passes (continuation lines, stack traces).
# Variables: since (epoch), zone (host's `date +%z`, for stamps without a zone), now (epoch).
function civil_days(y, m, d,   era, yoe, doy, doe) {
    y -= (m <= 2)
    era = int((y >= 0 ? y : y - 399) / 400)
    yoe = y - era * 400
    doy = int((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1
    doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
    return era * 146097 + doe - 719468
}
function epoch(y, mo, d, h, mi, s, off) {
    return civil_days(y + 0, mo + 0, d + 0) * 86400 + h * 3600 + mi * 60 + s - off
}
# "+0130", "+01:30", "-05", "Z" -> seconds east of UTC
function zone_seconds(z,   sign, hh, mm) {
    if (z == "" || z == "Z" || z == "z") return 0
    sign = substr(z, 1, 1) == "-" ? -1 : 1
    gsub(/[^0-9]/, "", z)
    hh = substr(z, 1, 2) + 0
    mm = length(z) >= 4 ? substr(z, 3, 2) + 0 : 0
    return sign * (hh * 3600 + mm * 60)
}
function month(name) {
    return (index("JanFebMarAprMayJunJulAugSepOctNovDec", name) + 2) / 3
}
# The line's time in epoch seconds, or -1 when it does not start with a known stamp.
function stamp(line,   t, rest, z, mo, y, s) {
    # ISO-8601 / RFC 3339, optionally after "[" or an RFC 5424 "<pri>1 " header.
    t = line
    sub(/^<[0-9]+>1 /, "", t)
    sub(/^\[/, "", t)
    if (t ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9][T ][0-9][0-9]:[0-9][0-9]:[0-9][0-9]/) {
        rest = substr(t, 20)
        sub(/^[.,][0-9]+/, "", rest)
        z = ""
        if (rest ~ /^[Zz]/) z = "Z"
        else if (match(rest, /^ ?[+-][0-9][0-9](:?[0-9][0-9])?/)) z = substr(rest, RSTART, RLENGTH)
        s = epoch(substr(t, 1, 4), substr(t, 6, 2), substr(t, 9, 2), substr(t, 12, 2), substr(t, 15, 2),
                  substr(t, 18, 2), z == "" ? local : zone_seconds(z))
        return s
    }
    # syslog: "Nov 27 20:01:02" (no year: this year, or last year if that would be in the future)
    if (line ~ /^[A-Z][a-z][a-z] [ 0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]/) {
        mo = month(substr(line, 1, 3))
        if (mo < 1 || mo != int(mo)) return -1
        y = this_year
        s = epoch(y, mo, substr(line, 5, 2), substr(line, 8, 2), substr(line, 11, 2), substr(line, 14, 2), local)
        if (s > now + 86400) s = epoch(y - 1, mo, substr(line, 5, 2), substr(line, 8, 2), substr(line, 11, 2),
                                       substr(line, 14, 2), local)
        return s
    }
    # Common/combined log format: "[27/Nov/2026:20:01:02 +0000]" anywhere on the line.
    if (match(line, /\[[0-9][0-9]\/[A-Z][a-z][a-z]\/[0-9][0-9][0-9][0-9]:[0-9][0-9]:[0-9][0-9]:[0-9][0-9] [+-][0-9][0-9][0-9][0-9]\]/)) {
        t = substr(line, RSTART + 1, RLENGTH - 2)
        mo = month(substr(t, 4, 3))
        if (mo < 1 || mo != int(mo)) return -1
        return epoch(substr(t, 8, 4), mo, substr(t, 1, 2), substr(t, 13, 2), substr(t, 16, 2), substr(t, 19, 2),
                     zone_seconds(substr(t, 22, 5)))
    }
    return -1
}
BEGIN {
    local = zone_seconds(zone)
    # this year on the host, from `now` (civil-from-days, enough for the year)
    this_year = 1970
    while (epoch(this_year + 1, 1, 1, 0, 0, 0, local) <= now) this_year++
}
passing { print; next }
{
    t = stamp($0)
    if (t >= 0 && t >= since + 0) { passing = 1; print }
}
