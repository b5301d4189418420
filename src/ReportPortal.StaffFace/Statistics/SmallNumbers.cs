namespace ReportPortal.StaffFace.Statistics;

/// <summary>One count on the statistics page; the same object wherever the same figure appears twice.</summary>
public sealed class Cell(int value)
{
    public int Value { get; } = value;

    public bool Hidden { get; private set; }

    internal void Hide() => Hidden = true;
}

/// <summary>
/// Small-number suppression. Primary: every count from 1 to one below the threshold is hidden (shown as
/// "fewer than N"), so no cell can single out a handful of cases and, through them, a reporter. Secondary:
/// a total is the sum of its line, so a line (a row or column with its total) with exactly one hidden cell
/// would give that cell away; another cell of the line is hidden too, the smallest non-zero one, until no
/// line has exactly one. Zeros stay visible: a zero singles nobody out.
/// </summary>
public static class SmallNumbers
{
    public static void Suppress(IEnumerable<Cell> cells, IReadOnlyList<IReadOnlyList<Cell>> lines, int threshold)
    {
        foreach (var cell in cells.Where(c => c.Value > 0 && c.Value < threshold))
        {
            cell.Hide();
        }

        // Each pass hides one more cell or ends, so this stops; a line always has a candidate, because its
        // total is in it and a hidden part of a non-zero total leaves some other non-zero cell visible.
        bool changed;
        do
        {
            changed = false;
            foreach (var line in lines.Where(l => l.Count(c => c.Hidden) == 1))
            {
                if (line.Where(c => !c.Hidden && c.Value > 0).OrderBy(c => c.Value).FirstOrDefault() is { } next)
                {
                    next.Hide();
                    changed = true;
                }
            }
        }
        while (changed);
    }
}
