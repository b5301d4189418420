namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Real time moved to a chosen start, that a test can jump forward. Unlike a frozen clock, Quartz (which
/// shares the process's TimeProvider) keeps firing in between; a jump is to it a pause it catches up on.
/// </summary>
public sealed class ShiftedTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
