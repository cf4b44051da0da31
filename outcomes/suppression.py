"""Privacy in aggregates: no figure may let anyone recognise a child.

A cell that counts fewer than ``THRESHOLD`` (but more than zero) jeugdigen is shown as "<5";
so is a value derived from fewer than ``THRESHOLD`` jeugdigen (a mean, a percentage, a median)
or from a suppressed count. In a breakdown with a visible total, a single suppressed cell could
be worked out by subtraction: then the next smallest cell is suppressed too (complementary
suppression), and the total as well when at most one cell would be left visible. The dashboard
and both exports show the same suppressed cells, because they render the same ``Cell``s.
"""

from dataclasses import dataclass, field

THRESHOLD = 5
SUPPRESSED = "<5"


@dataclass(eq=False)
class Cell:
    """One figure. ``kind`` is count, percent, number (a mean or a number of days) or plain
    (not about jeugdigen, e.g. a group's capacity). ``base`` is the number of jeugdigen a
    derived figure rests on; ``source`` the count it is a share of."""

    value: int | float | None
    kind: str = "count"
    base: int | None = None
    source: "Cell | None" = None
    suppressed: bool = False
    link: str = field(default="", compare=False)

    @property
    def display(self) -> str:
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return "–"
        if self.kind == "percent":
            return f"{self.value * 100:.1f}%".replace(".", ",")
        if isinstance(self.value, float):
            return f"{self.value:.1f}".replace(".", ",")
        return str(self.value)

    @property
    def export_value(self):
        """What a spreadsheet cell holds: the number, or "<5"."""
        if self.suppressed:
            return SUPPRESSED
        if self.value is None:
            return ""
        if self.kind == "percent":
            return round(self.value * 100, 1)
        return self.value


def is_small(count: int | None) -> bool:
    return count is not None and 0 < count < THRESHOLD


def suppress_cell(cell: Cell) -> Cell:
    """Suppress a count below the threshold, or a derived value resting on too few."""
    if cell.kind == "count" and is_small(cell.value):
        cell.suppressed = True
    derived = cell.kind in ("percent", "number") and cell.value is not None
    too_few = cell.base is not None and cell.base < THRESHOLD
    from_hidden = cell.source is not None and cell.source.suppressed
    if derived and (too_few or from_hidden):
        cell.suppressed = True
    return cell


def suppress_breakdown(cells: list[Cell], total: Cell | None = None) -> list[Cell]:
    """Suppress the small counts of a breakdown, and with a visible ``total`` the cells (and
    the total) from which a suppressed one could be derived."""
    for cell in cells:
        suppress_cell(cell)
    if total is not None:
        suppress_cell(total)
    if total is None or total.suppressed:
        return cells
    hidden = [c for c in cells if c.suppressed]
    visible = [c for c in cells if not c.suppressed]
    if len(hidden) == 1 and visible:
        next_smallest = min(visible, key=lambda c: c.value or 0)
        next_smallest.suppressed = True
        visible.remove(next_smallest)
    if hidden and len(visible) <= 1:
        total.suppressed = True
    return cells


def suppress_derived(cells) -> None:
    """Second pass: derived cells whose source was suppressed by a breakdown."""
    for cell in cells:
        if cell.kind in ("percent", "number"):
            suppress_cell(cell)
