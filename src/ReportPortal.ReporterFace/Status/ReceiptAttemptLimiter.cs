using System.Collections.Concurrent;
using ReportPortal.ReporterFace.Safety;

namespace ReportPortal.ReporterFace.Status;

/// <summary>
/// Slows down guessing of receipts: after too many failed attempts from one address in a window,
/// every attempt is refused until the window passes. Keys are in-memory keyed hashes of the address.
/// </summary>
public sealed class ReceiptAttemptLimiter(AddressHasher addresses, TimeProvider time)
{
    public const int AllowedFailures = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, Failures> _failures = new();

    public bool IsBlocked(HttpContext context)
    {
        var key = addresses.Hash(context);
        return _failures.TryGetValue(key, out var failures)
            && failures.WindowStart + Window > time.GetUtcNow()
            && failures.Count >= AllowedFailures;
    }

    public void RecordFailure(HttpContext context)
    {
        var now = time.GetUtcNow();
        _failures.AddOrUpdate(
            addresses.Hash(context),
            _ => new Failures(now, 1),
            (_, existing) => existing.WindowStart + Window > now ? existing with { Count = existing.Count + 1 } : new Failures(now, 1));
        if (_failures.Count > 10_000)
        {
            Prune(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, failures) in _failures)
        {
            if (failures.WindowStart + Window <= now)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private sealed record Failures(DateTimeOffset WindowStart, int Count);
}
