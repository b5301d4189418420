extern alias staff;

using staff::ReportPortal.StaffFace.Statistics;

namespace ReportPortal.Tests.Statistics;

/// <summary>
/// Suppression as an attacker would test it: no hidden small count can be read back from a total and the
/// cells still shown, on hand-made tables and on many random ones.
/// </summary>
public sealed class SmallNumbersTests
{
    [Fact]
    public void A_small_cell_and_whatever_would_give_it_away_are_hidden_and_zeros_and_large_counts_stay()
    {
        // Rows: 3 and 10 (total 13), 8 and 0 (total 8).
        var table = StatisticsTable.Grid("t", "T", "Row", ["a", "b"], ["x", "y"], (r, c) => new[,] { { 3, 10 }, { 8, 0 } }[r, c], totalColumn: "All", totalRow: "All");
        SmallNumbers.Suppress(table.Cells, table.Lines, 5);

        var hidden = table.Rows.Select(r => r.Cells.Select(c => c.Hidden).ToArray()).ToArray();
        // The 3 is small. Row a's total would give it away (13 - 10), so the 10 goes too; column x's total would
        // (11 - 8), so the 8 goes; then each total that alone in its line is hidden would be the rest of its line,
        // so the chain goes on until only the grand total and the zero stay.
        Assert.Equal([true, true, true], hidden[0]);
        Assert.Equal([true, false, true], hidden[1]);
        Assert.Equal([true, true, false], hidden[2]);
        AssertNothingRecoverable(table, 5);
    }

    [Fact]
    public void A_total_shared_by_two_tables_is_protected_in_both()
    {
        var first = StatisticsTable.Grid("a", "A", "Row", ["q1", "q2"], ["open", "closed"], (r, c) => new[,] { { 6, 9 }, { 7, 3 } }[r, c], totalColumn: "All", totalRow: "All");
        var second = StatisticsTable.Grid("b", "B", "Row", ["s1", "s2"], ["cases"], (r, _) => new[] { 2, 11 }[r], totalRow: "All", grandTotal: first.ColumnTotal(0));
        StatisticsTable[] tables = [first, second];
        SmallNumbers.Suppress(tables.SelectMany(t => t.Cells).Distinct(), [.. tables.SelectMany(t => t.Lines)], 5);

        Assert.Same(first.ColumnTotal(0), second.Rows[^1].Cells[0]);
        Assert.True(second.Rows[0].Cells[0].Hidden);
        Assert.True(second.Rows[1].Cells[0].Hidden);
        AssertNothingRecoverable(first, 5);
        AssertNothingRecoverable(second, 5, fullGrid: false);
    }

    [Fact]
    public void No_random_table_lets_a_total_give_back_a_hidden_cell()
    {
        var random = new Random(20270520);
        for (var run = 0; run < 2000; run++)
        {
            var rows = random.Next(1, 6);
            var columns = random.Next(1, 6);
            var values = new int[rows, columns];
            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < columns; c++)
                {
                    // Many zeros and small numbers: the hard cases.
                    values[r, c] = random.Next(4) == 0 ? 0 : random.Next(1, 12);
                }
            }

            var table = StatisticsTable.Grid("t", "T", "Row", [.. Enumerable.Range(0, rows).Select(r => $"r{r}")], [.. Enumerable.Range(0, columns).Select(c => $"c{c}")],
                (r, c) => values[r, c], totalColumn: "All", totalRow: "All");
            SmallNumbers.Suppress(table.Cells, table.Lines, 5);
            AssertNothingRecoverable(table, 5);
        }
    }

    /// <summary>
    /// Every count from 1 to 4 is hidden, and no line (a row or column with its total) hides exactly one cell: the
    /// total less the cells shown would be that cell.
    /// </summary>
    private static void AssertNothingRecoverable(StatisticsTable table, int threshold, bool fullGrid = true)
    {
        Assert.All(table.Cells.Where(c => c.Value > 0 && c.Value < threshold), c => Assert.True(c.Hidden));
        Assert.All(table.Lines, line => Assert.NotEqual(1, line.Count(c => c.Hidden)));
        if (!fullGrid)
        {
            return;
        }

        // With a total column and a total row, the lines are exactly the rows and columns as the page shows them.
        var grid = table.Rows.Select(r => r.Cells).ToList();
        Assert.All(grid, row => Assert.NotEqual(1, row.Count(c => c.Hidden)));
        Assert.All(Enumerable.Range(0, grid[0].Count), c => Assert.NotEqual(1, grid.Count(r => r[c].Hidden)));
    }
}
