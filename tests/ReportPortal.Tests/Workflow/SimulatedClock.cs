using System.Collections.Concurrent;

namespace ReportPortal.Tests.Workflow;

/// <summary>
/// Real time moved to a chosen start that a test jumps forward, like <see cref="ShiftedTimeProvider"/>, but its
/// timers keep to the simulated clock: a jump past a timer's due instant fires it at once. Quartz waits on this
/// clock (its misfire scan, cluster check-in and idle waits), so after a jump of a day it notices at once instead
/// of seconds later, which is what lets a test walk through a year in a minute.
/// </summary>
public sealed class SimulatedClock(DateTimeOffset start) : TimeProvider
{
    private readonly ConcurrentDictionary<JumpingTimer, byte> _timers = new();
    private long _offsetTicks = (start - System.GetUtcNow()).Ticks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Moves the clock to <paramref name="when"/> (forward only) and fires every timer the jump passed.</summary>
    public void JumpTo(DateTimeOffset when)
    {
        var by = when - GetUtcNow();
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(when), when, "The simulated clock only moves forward.");
        }

        Interlocked.Add(ref _offsetTicks, by.Ticks);
        foreach (var timer in _timers.Keys)
        {
            timer.Jumped();
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new JumpingTimer(this, callback, state);
        _timers[timer] = 0;
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class JumpingTimer : ITimer
    {
        private readonly SimulatedClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly Lock _gate = new();
        private readonly Timer _real;
        private DateTimeOffset? _dueAt;
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private bool _disposed;

        public JumpingTimer(SimulatedClock clock, TimerCallback callback, object? state)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _real = new Timer(_ => Elapsed(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (_gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period;
                _dueAt = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                _real.Change(dueTime, Timeout.InfiniteTimeSpan);
                return true;
            }
        }

        /// <summary>The clock jumped: if that passed the due instant, fire now rather than after the real wait.</summary>
        public void Jumped()
        {
            lock (_gate)
            {
                if (!_disposed && _dueAt is { } due && due <= _clock.GetUtcNow())
                {
                    _real.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                }
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _real.Dispose();
            }

            _clock._timers.TryRemove(this, out _);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void Elapsed()
        {
            lock (_gate)
            {
                var now = _clock.GetUtcNow();
                if (_disposed || _dueAt is not { } due)
                {
                    return;
                }

                if (due > now)
                {
                    // Real timers may wake a little early; the simulated instant is what counts.
                    _real.Change(due - now, Timeout.InfiniteTimeSpan);
                    return;
                }

                _dueAt = _period == Timeout.InfiniteTimeSpan ? null : now + _period;
                if (_dueAt is not null)
                {
                    _real.Change(_period, Timeout.InfiniteTimeSpan);
                }
            }

            _callback(_state);
        }
    }
}
