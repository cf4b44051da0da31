"""Small-cell suppression on hand-made tables."""

from outcomes.suppression import SUPPRESSED, Cell, suppress_breakdown, suppress_cell


def shown(cells):
    return [c.display for c in cells]


def breakdown(values, total=None):
    cells = [Cell(v) for v in values]
    total_cell = Cell(total if total is not None else sum(values))
    suppress_breakdown(cells, total_cell)
    return shown(cells), total_cell.display


def test_counts_below_five_are_hidden_zero_and_five_are_not():
    assert [suppress_cell(Cell(v)).display for v in (0, 1, 4, 5, 12)] == [
        "0",
        SUPPRESSED,
        SUPPRESSED,
        "5",
        "12",
    ]


def test_a_single_hidden_cell_hides_the_next_smallest_so_it_cannot_be_derived():
    # 3 could be worked out as 40 - 20 - 9 - 8; with 8 hidden too it cannot.
    assert breakdown([20, 3, 9, 8]) == (["20", SUPPRESSED, "9", SUPPRESSED], "40")


def test_two_hidden_cells_need_no_complement():
    assert breakdown([20, 3, 9, 2]) == (["20", SUPPRESSED, "9", SUPPRESSED], "34")


def test_the_total_goes_when_at_most_one_cell_would_stay_visible():
    assert breakdown([3, 12, 30]) == ([SUPPRESSED, SUPPRESSED, "30"], SUPPRESSED)
    assert breakdown([2, 9]) == ([SUPPRESSED, SUPPRESSED], SUPPRESSED)


def test_without_a_visible_total_nothing_is_complemented():
    cells = [Cell(3), Cell(9)]
    suppress_breakdown(cells, None)
    assert shown(cells) == [SUPPRESSED, "9"]
    small_total = [Cell(1), Cell(2)]
    total = Cell(3)
    suppress_breakdown(small_total, total)
    assert (shown(small_total), total.display) == ([SUPPRESSED, SUPPRESSED], SUPPRESSED)


def test_derived_values_from_fewer_than_five_jeugdigen_or_a_hidden_count_are_hidden():
    assert suppress_cell(Cell(4.25, kind="number", base=4)).display == SUPPRESSED
    assert suppress_cell(Cell(4.25, kind="number", base=5)).display == "4,2"
    count = suppress_cell(Cell(3))
    share = suppress_cell(Cell(0.1, kind="percent", base=30, source=count))
    assert share.display == SUPPRESSED
    assert suppress_cell(Cell(2 / 3, kind="percent", base=9)).display == "66,7%"
    assert suppress_cell(Cell(6, kind="plain")).display == "6"
    assert suppress_cell(Cell(3, kind="plain")).display == "3"
