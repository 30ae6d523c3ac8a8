"""Printing a benchmark's table and keeping it in bench/results/."""

from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"


def publish(name: str, rows: list[tuple[str, str, str]], preamble: list[str] = ()) -> None:
    """rows: (figure, measured, target). Prints the table and writes bench/results/<name>.txt."""
    width = max(len(row[0]) for row in rows)
    measured = max(len(row[1]) for row in rows) + 2
    lines = [*preamble, *([""] if preamble else [])]
    lines += [f"{'figure'.ljust(width)}  {'measured'.ljust(measured)} target", "-" * (width + measured + 16)]
    lines += [f"{figure.ljust(width)}  {value.ljust(measured)} {target}" for figure, value, target in rows]
    report = "\n".join(lines)
    print("\n" + report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{name}.txt").write_text(report + "\n")
    print(f"\nWritten to {RESULTS / name}.txt")
