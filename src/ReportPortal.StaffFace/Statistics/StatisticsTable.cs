namespace ReportPortal.StaffFace.Statistics;

public sealed record StatisticsRow(string Label, IReadOnlyList<Cell> Cells, bool IsTotal = false);

/// <summary>A table of counts with its totals, and the lines (row or column plus its total) whose sums hold.</summary>
public sealed record StatisticsTable(string Id, string Caption, string RowHeading, IReadOnlyList<string> Columns, IReadOnlyList<StatisticsRow> Rows)
{
    public IReadOnlyList<IReadOnlyList<Cell>> Lines { get; init; } = [];

    public IEnumerable<Cell> Cells => Rows.SelectMany(r => r.Cells);

    /// <summary>The total of one column (the last row), for a figure another table repeats.</summary>
    public Cell ColumnTotal(int column) => Rows[^1].Cells[column];

    /// <summary>
    /// Builds the table from its inner counts, adding a total column (each row's sum) and a total row
    /// (each column's sum) as asked. <paramref name="grandTotal"/> is the cell of the same figure in
    /// another table, shared so suppression treats it as one.
    /// </summary>
    public static StatisticsTable Grid(string id, string caption, string rowHeading, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columns,
        Func<int, int, int> count, string? totalColumn = null, string? totalRow = null, Cell? grandTotal = null)
    {
        var inner = rowLabels.Select((_, r) => columns.Select((_, c) => new Cell(count(r, c))).ToList()).ToList();
        var lines = new List<IReadOnlyList<Cell>>();
        var rows = new List<StatisticsRow>();
        for (var r = 0; r < inner.Count; r++)
        {
            var cells = inner[r];
            if (totalColumn is not null)
            {
                cells.Add(new Cell(inner[r].Sum(c => c.Value)));
                lines.Add(cells);
            }

            rows.Add(new StatisticsRow(rowLabels[r], cells));
        }

        if (totalRow is not null)
        {
            var width = columns.Count + (totalColumn is null ? 0 : 1);
            var totals = Enumerable.Range(0, width).Select(c => new Cell(rows.Sum(r => r.Cells[c].Value))).ToList();
            if (grandTotal is not null)
            {
                if (grandTotal.Value != totals[^1].Value)
                {
                    throw new InvalidOperationException($"The shared total of {id} does not add up.");
                }

                totals[^1] = grandTotal;
            }

            for (var c = 0; c < width; c++)
            {
                lines.Add([.. rows.Select(r => r.Cells[c]), totals[c]]);
            }

            if (totalColumn is not null)
            {
                lines.Add(totals);
            }

            rows.Add(new StatisticsRow(totalRow, totals, IsTotal: true));
        }

        return new StatisticsTable(id, caption, rowHeading, totalColumn is null ? columns : [.. columns, totalColumn], rows) { Lines = lines };
    }
}
