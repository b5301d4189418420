namespace ReportPortal.Core.Evidence;

/// <summary>
/// What periodic sweeps have seen, pass after pass: each thing with the state it was in and since when (on the
/// injected clock). Something is due once it has been seen in the same state on passes at least a grace period
/// apart; anything that changed starts its wait again, and anything no longer seen is forgotten.
/// </summary>
public sealed class Sightings<TKey, TState>
    where TKey : notnull
{
    private Dictionary<TKey, (TState State, DateTimeOffset Since)> _seen = [];

    /// <summary>Records this pass; returns the things due (forgotten now: if they stay, their wait starts again).</summary>
    public List<TKey> Pass(IEnumerable<(TKey Key, TState State)> seen, DateTimeOffset now, TimeSpan grace)
    {
        var next = new Dictionary<TKey, (TState State, DateTimeOffset Since)>();
        var due = new List<TKey>();
        foreach (var (key, state) in seen)
        {
            if (!_seen.TryGetValue(key, out var earlier) || !EqualityComparer<TState>.Default.Equals(earlier.State, state))
            {
                next[key] = (state, now);
            }
            else if (now - earlier.Since >= grace)
            {
                due.Add(key);
            }
            else
            {
                next[key] = earlier;
            }
        }

        _seen = next;
        return due;
    }

    public void Clear() => _seen = [];
}
