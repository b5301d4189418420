using Microsoft.Extensions.Options;
using ReportPortal.ReporterFace.Safety;

namespace ReportPortal.ReporterFace.Status;

/// <summary>What the status page says after a receipt opened nothing.</summary>
public enum ReceiptFailureAnswer
{
    /// <summary>The normal "we could not open a report with that receipt" message.</summary>
    WrongReceipt,

    /// <summary>The "too many attempts, wait" page (429 with Retry-After).</summary>
    TooManyAttempts,
}

/// <summary>Numbers for <see cref="ReceiptAttemptLimiter"/> (ReportPortal:ReceiptAttempts:...).</summary>
public sealed class ReceiptAttemptOptions
{
    public const string Section = "ReportPortal:ReceiptAttempts";

    /// <summary>The wait after a source's first recent failure; it doubles with each further one.</summary>
    public TimeSpan FirstDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Recent failures from one source after which its failures are answered "too many attempts".</summary>
    public int FailuresBeforeWaitPage { get; set; } = 20;

    /// <summary>Failures per minute from everyone together above which every failure waits the longest.</summary>
    public int GlobalFailuresPerMinute { get; set; } = 120;
}

/// <summary>
/// Slows receipt guessing without ever locking anyone out. The receipt is always checked first, and a
/// receipt that opens a case opens it at once: every Tor user shares one address, so a block a stranger
/// could trigger would lock genuine reporters out of their own inbox. Only failures are slowed: each waits
/// longer the more recent failures its source has (a keyed hash of the address, in memory only), every
/// failure waits the longest while the whole service sees a flood of them, and a source with many recent
/// failures is told to wait instead of being told the receipt was wrong.
/// </summary>
public sealed class ReceiptAttemptLimiter(AddressHasher addresses, TimeProvider time, IOptions<ReceiptAttemptOptions> options)
{
    /// <summary>How long a source's failures count as recent; also the Retry-After of the wait page.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static readonly TimeSpan GlobalWindow = TimeSpan.FromMinutes(1);

    // Enough for every source of a large flood; past it, new sources are only counted globally.
    private const int MaxTrackedSources = 100_000;

    private readonly ReceiptAttemptOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Failures> _sources = [];
    private Failures _global = new(DateTimeOffset.MinValue, 0);

    /// <summary>
    /// Call once a receipt has opened nothing. Counts the failure, waits as long as the source and the
    /// service's recent failures call for, and says what to answer.
    /// </summary>
    public async Task<ReceiptFailureAnswer> FailedAsync(HttpContext context)
    {
        var (delay, answer) = Record(addresses.Hash(context), time.GetUtcNow());
        try
        {
            await Task.Delay(delay, time, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left; nobody is waiting for the answer.
        }

        return answer;
    }

    private (TimeSpan Delay, ReceiptFailureAnswer Answer) Record(string source, DateTimeOffset now)
    {
        int fromSource;
        int everywhere;
        lock (_gate)
        {
            _global = Count(_global, now, GlobalWindow);
            everywhere = _global.Count;
            if (_sources.Count >= MaxTrackedSources)
            {
                Prune(now);
            }

            if (_sources.TryGetValue(source, out var failures) || _sources.Count < MaxTrackedSources)
            {
                failures = Count(failures, now, Window);
                _sources[source] = failures;
                fromSource = failures.Count;
            }
            else
            {
                fromSource = 1;
            }
        }

        var delay = everywhere > _options.GlobalFailuresPerMinute ? _options.MaxDelay : DelayAfter(fromSource);
        var answer = fromSource >= _options.FailuresBeforeWaitPage ? ReceiptFailureAnswer.TooManyAttempts : ReceiptFailureAnswer.WrongReceipt;
        return (delay, answer);
    }

    private TimeSpan DelayAfter(int failures)
    {
        // Past 2^20 the doubling has long passed any sensible cap; stopping there avoids overflow.
        var doubled = _options.FirstDelay * Math.Pow(2, Math.Min(failures - 1, 20));
        return doubled < _options.MaxDelay ? doubled : _options.MaxDelay;
    }

    private static Failures Count(Failures? failures, DateTimeOffset now, TimeSpan window) =>
        failures is not null && failures.Since + window > now ? failures with { Count = failures.Count + 1 } : new Failures(now, 1);

    private void Prune(DateTimeOffset now)
    {
        foreach (var key in _sources.Where(entry => entry.Value.Since + Window <= now).Select(entry => entry.Key).ToList())
        {
            _sources.Remove(key);
        }
    }

    private sealed record Failures(DateTimeOffset Since, int Count);
}
