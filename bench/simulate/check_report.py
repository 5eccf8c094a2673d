#!/usr/bin/env python3
"""Compares `rexian report --format json` with the targets `rexian simulate`
wrote (--targets-out), count by count, as tests/sim/simulate_test.cc does at
1 %: received (and a year earlier), city/county, answered on first contact,
dispatched, on time / late, ratings, every city type, domain and focus
sub-category, and the focus sub-category in each holiday.

    check_report.py TARGETS_JSON REPORT_JSON

Prints one line per mismatch and a summary; exits 1 on any mismatch.
"""
import json
import sys


def row(part, breakdown, code):
    for item in part[breakdown]:
        if item["code"] == code:
            return item["count"]
    return 0


def main(targets_path, report_path):
    targets = json.load(open(targets_path, encoding="utf-8"))
    report = json.load(open(report_path, encoding="utf-8"))
    previous, year = targets["years"][0], targets["years"][1]
    whole, city = report["whole_city"], report["city_platform"]
    figures = whole["figures"]
    checks = [
        ("received", figures["received"], year["received"]),
        ("received a year earlier", whole["yoy"]["figures"]["received"], previous["received"]),
        ("city platform", row(whole, "by_level", "city"), year["city"]),
        ("counties", row(whole, "by_level", "county"), year["county"]),
        ("open at the end", figures["open"], 0),
    ]
    for key in ("answered_first_contact", "dispatched", "resolved_on_time", "resolved_late",
                "satisfied", "basically_satisfied", "dissatisfied"):
        checks.append((key, figures[key], year[key]))
    for breakdown, target in (("by_type", "types_city"), ("by_domain", "domains_city"),
                              ("by_subcategory", "subcategories_city")):
        for code, count in year[target].items():
            checks.append((f"city {breakdown} {code}", row(city, breakdown, code), count))
    for holiday in whole["holidays"]:
        focus = year["holiday_focus"]
        if holiday["key"] in focus:
            checks.append((f"holiday {holiday['key']}", holiday["subcategory_received"],
                           focus[holiday["key"]]))
    wrong = [(name, got, want) for name, got, want in checks if got != want]
    for name, got, want in wrong:
        print(f"MISMATCH {name}: report {got}, target {want}")
    print(f"check_report: {len(checks) - len(wrong)} of {len(checks)} counts equal the targets")
    return 1 if wrong else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
