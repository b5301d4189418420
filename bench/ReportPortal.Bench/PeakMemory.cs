namespace ReportPortal.Bench;

/// <summary>
/// A process's memory as Linux counts it: resident set now (VmRSS) and its high-water mark (VmHWM).
/// Writing 5 to /proc/PID/clear_refs resets the high-water mark to the current resident set, so the growth
/// a phase causes is the mark after it minus the resident set at the reset.
/// </summary>
public static class PeakMemory
{
    public static long ResetPeak(int pid)
    {
        File.WriteAllText($"/proc/{pid}/clear_refs", "5");
        return Read(pid, "VmRSS:");
    }

    public static long Peak(int pid) => Read(pid, "VmHWM:");

    private static long Read(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                // "VmHWM:	  123456 kB"
                return long.Parse(line[field.Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"{field} not found in /proc/{pid}/status.");
    }
}
