using System.Collections.Concurrent;

namespace ReportPortal.Tests.TestHost;

/// <summary>
/// A clock the test moves by hand (the FakeTimeProvider package is not available here). Delays asked of
/// it (Task.Delay with this provider) are recorded and, unless <see cref="HoldDelays"/> is set, end at
/// once, so a test sees how long the app wanted to wait without waiting itself.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _held = [];
    private readonly ConcurrentQueue<TimeSpan> _delays = new();
    private DateTimeOffset _now = start;

    public ManualTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>When set, delays end only once <see cref="Advance"/> moves the clock past them.</summary>
    public bool HoldDelays { get; set; }

    /// <summary>Every delay the app asked for, in order.</summary>
    public IReadOnlyList<TimeSpan> Delays => [.. _delays];

    /// <summary>Delays currently waiting for the clock to move.</summary>
    public int HeldDelays
    {
        get
        {
            lock (_gate)
            {
                return _held.Count(timer => !timer.Done);
            }
        }
    }

    public void ForgetDelays() => _delays.Clear();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public void Advance(TimeSpan by) => Set(GetUtcNow() + by);

    public void Set(DateTimeOffset now)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now = now;
            due = _held.Where(timer => !timer.Done && timer.DueAt <= now).ToList();
            _held.RemoveAll(timer => timer.Done || timer.DueAt <= now);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        if (period != Timeout.InfiniteTimeSpan)
        {
            // Only one-shot delays are under the test's control; anything periodic runs on real time.
            return System.CreateTimer(callback, state, dueTime, period);
        }

        _delays.Enqueue(dueTime);
        var timer = new ManualTimer(callback, state);
        lock (_gate)
        {
            if (HoldDelays && dueTime != Timeout.InfiniteTimeSpan)
            {
                timer.DueAt = _now + dueTime;
                _held.Add(timer);
                return timer;
            }
        }

        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            // Never inside CreateTimer: the caller has not stored the timer yet.
            ThreadPool.QueueUserWorkItem(_ => timer.Fire());
        }

        return timer;
    }

    private sealed class ManualTimer(TimerCallback callback, object? state) : ITimer
    {
        private int _done;

        public DateTimeOffset DueAt { get; set; }

        public bool Done => Volatile.Read(ref _done) == 1;

        public void Fire()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                callback(state);
            }
        }

        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose() => Interlocked.Exchange(ref _done, 1);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
