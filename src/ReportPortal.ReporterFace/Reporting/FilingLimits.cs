using Microsoft.AspNetCore.Antiforgery;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Safety;
using ReportPortal.ReporterFace.Safety;

namespace ReportPortal.ReporterFace.Reporting;

/// <summary>Numbers for <see cref="FilingLimits"/> (ReportPortal:FilingLimits:...).</summary>
public sealed class FilingLimitOptions
{
    public const string Section = "ReportPortal:FilingLimits";

    /// <summary>Reports filed from one source (a keyed hash of its address, IPv6 by /64) in any hour.</summary>
    public int PerSourcePerHour { get; set; } = 5;

    /// <summary>
    /// Reports from all sources together in any hour (the onion service apart) above which new reports are
    /// still taken but marked as filed during a surge, so handlers can see a flood for what it is while a
    /// genuine reporter in the middle of one is never turned away.
    /// </summary>
    public int AllSourcesPerHour { get; set; } = 200;

    /// <summary>
    /// The same surge mark for the onion service. Every Tor user reaches us from the Tor daemon's address,
    /// so they cannot be told apart: they share this budget instead of one source's.
    /// </summary>
    public int OnionPerHour { get; set; } = 30;

    /// <summary>A hard ceiling for all sources together, only to keep a flood from filling the disk.</summary>
    public int AllSourcesHardPerHour { get; set; } = 5_000;

    /// <summary>A hard ceiling for the onion service, only to keep a flood from filling the disk.</summary>
    public int OnionHardPerHour { get; set; } = 2_000;

    /// <summary>The local port that only the Tor daemon forwards to (HiddenServicePort); null when there is none.</summary>
    public int? OnionListenPort { get; set; }
}

/// <summary>Which budget stopped a report.</summary>
public enum FilingBudget
{
    Source,
    AllSources,
    Onion,
}

/// <summary>A report held back by a limit: what was sent (to give back to the reporter) and when to try again.</summary>
public sealed record FilingPause(FilingBudget Budget, TimeSpan RetryAfter, IReadOnlyList<KeyValuePair<string, string>> Fields, bool HadFiles);

/// <summary>
/// Limits how many reports are filed per source in any hour, so one client cannot bury the handlers'
/// queue. The shared budgets (everyone on the open web, everyone through Tor) never turn a reporter away
/// below a high hard ceiling that only protects the disk: past their surge mark, reports are taken and
/// marked as filed during a surge, so a flood (from many addresses, or through Tor where everyone shares
/// one) is visible to handlers as such but cannot stop a genuine reporter filing.
/// Only reports actually filed count: a place is reserved when a post arrives and given back unless a
/// case was saved, so forms sent back with errors, repeated sends and "add another colleague" cost nothing.
/// </summary>
public sealed class FilingLimits(AddressHasher addresses, TimeProvider time, IOptions<FilingLimitOptions> options)
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    // Enough for every source of a large flood; past it, new sources are held by the overall budget alone.
    private const int MaxTrackedSources = 100_000;

    private readonly FilingLimitOptions _options = options.Value;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<DateTimeOffset>> _sources = [];
    private readonly List<DateTimeOffset> _allSources = [];
    private readonly List<DateTimeOffset> _onion = [];

    public bool IsOnion(HttpContext context) =>
        _options.OnionListenPort is { } port && context.Connection.LocalPort == port;

    /// <summary>
    /// Takes a place in every budget the request counts against, or says which one is full and until when.
    /// A reservation made past a shared budget's surge mark is marked <see cref="Reservation.DuringSurge"/>.
    /// </summary>
    public (Reservation? Reservation, FilingBudget Budget, TimeSpan RetryAfter) TryReserve(HttpContext context)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            List<Budget> budgets = IsOnion(context)
                ? [new(FilingBudget.Onion, _onion, _options.OnionHardPerHour, _options.OnionPerHour)]
                : [.. SourceBudget(addresses.Hash(context), now), new(FilingBudget.AllSources, _allSources, _options.AllSourcesHardPerHour, _options.AllSourcesPerHour)];
            var surge = false;
            foreach (var budget in budgets)
            {
                budget.Window.RemoveAll(at => at + Window <= now);
                if (budget.Window.Count >= budget.Limit)
                {
                    var retryAfter = budget.Window.Count == 0 ? Window : budget.Window[0] + Window - now;
                    return (null, budget.Kind, retryAfter);
                }

                surge |= budget.SurgeMark is { } mark && budget.Window.Count >= mark;
            }

            var windows = budgets.Select(budget => budget.Window).ToList();
            windows.ForEach(window => window.Add(now));
            return (new Reservation(windows, now, surge), default, default);
        }
    }

    /// <summary>Gives the place back: nothing was filed.</summary>
    public void Release(Reservation reservation)
    {
        lock (_gate)
        {
            foreach (var window in reservation.Windows)
            {
                window.Remove(reservation.At);
            }
        }
    }

    private List<Budget> SourceBudget(string source, DateTimeOffset now)
    {
        if (!_sources.TryGetValue(source, out var window))
        {
            if (_sources.Count >= MaxTrackedSources)
            {
                Prune(now);
            }

            if (_sources.Count >= MaxTrackedSources)
            {
                return [];
            }

            window = [];
            _sources[source] = window;
        }

        return [new(FilingBudget.Source, window, _options.PerSourcePerHour, null)];
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, window) in _sources.ToList())
        {
            window.RemoveAll(at => at + Window <= now);
            if (window.Count == 0)
            {
                _sources.Remove(key);
            }
        }
    }

    public sealed record Reservation(IReadOnlyList<List<DateTimeOffset>> Windows, DateTimeOffset At, bool DuringSurge);

    /// <summary>Limit: past it, refused. SurgeMark: past it, taken but marked (shared budgets only).</summary>
    private sealed record Budget(FilingBudget Kind, List<DateTimeOffset> Window, int Limit, int? SurgeMark);
}

public static class FilingLimitsSetup
{
    public const string PausedPath = "/report/paused";

    public static IServiceCollection AddFilingLimits(this IServiceCollection services)
    {
        services.AddOptions<FilingLimitOptions>().BindConfiguration(FilingLimitOptions.Section);
        return services.AddSingleton<FilingLimits>();
    }

    /// <summary>
    /// Before the report page runs: a post that would go over a limit is shown the paused page instead,
    /// holding everything that was sent so the reporter can send it again later. Must run before routing.
    /// </summary>
    public static WebApplication UseFilingLimits(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (!HttpMethods.IsPost(context.Request.Method)
                || !context.Request.Path.StartsWithSegments("/report", StringComparison.OrdinalIgnoreCase)
                || ErrorRequests.IsReExecuted(context))
            {
                await next(context);
                return;
            }

            var limits = context.RequestServices.GetRequiredService<FilingLimits>();
            var (reservation, budget, retryAfter) = limits.TryReserve(context);
            if (reservation is null)
            {
                await HoldAsync(context, budget, retryAfter);
                await next(context);
                return;
            }

            if (reservation.DuringSurge)
            {
                context.Items[SurgeKey] = true;
            }

            using var watch = new CaseSaveWatch(context.RequestServices.GetRequiredService<ReportPortalDbContext>());
            try
            {
                await next(context);
            }
            finally
            {
                if (!watch.CaseSaved)
                {
                    limits.Release(reservation);
                }
            }
        });
        return app;
    }

    public static FilingPause? PauseOf(HttpContext context) => context.Items[typeof(FilingPause)] as FilingPause;

    /// <summary>True when this post is filed past a shared budget's surge mark (see <see cref="FilingLimitOptions.AllSourcesPerHour"/>).</summary>
    public static bool DuringSurge(HttpContext context) => context.Items.ContainsKey(SurgeKey);

    private static readonly object SurgeKey = new();

    private static async Task HoldAsync(HttpContext context, FilingBudget budget, TimeSpan retryAfter)
    {
        var fields = new List<KeyValuePair<string, string>>();
        var hadFiles = false;
        // Only a post from this site is held (see FormRecovery): a cross-site post gets the page without its fields.
        if (context.Request.HasFormContentType && FormRecovery.CameFromThisSite(context))
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var antiforgery = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.FormFieldName;
            // Neither the token (a fresh one is rendered) nor the receipt hand-over, nor anything receipt-shaped.
            fields.AddRange(form.Where(pair => FormRecovery.IsHoldable(pair.Key, antiforgery))
                .SelectMany(pair => pair.Value.Select(value => new KeyValuePair<string, string>(pair.Key, value ?? string.Empty)))
                .Where(field => !Crypto.Receipt.LooksLikeOneIn(field.Value)));
            hadFiles = form.Files.Count > 0;
        }

        context.Items[typeof(FilingPause)] = new FilingPause(budget, retryAfter, fields, hadFiles);
        // Shown as a page of its own, so the report page never runs and nothing is filed.
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = PausedPath;
        context.Request.QueryString = QueryString.Empty;
        context.SetEndpoint(null);
    }

    /// <summary>
    /// Notices a case being saved through the request's DbContext: the one sure sign a report was filed,
    /// whatever the report page looks like.
    /// </summary>
    private sealed class CaseSaveWatch : IDisposable
    {
        private readonly ReportPortalDbContext _db;
        private bool _savingCase;

        public CaseSaveWatch(ReportPortalDbContext db)
        {
            _db = db;
            _db.SavingChanges += OnSaving;
            _db.SavedChanges += OnSaved;
        }

        public bool CaseSaved { get; private set; }

        public void Dispose()
        {
            _db.SavingChanges -= OnSaving;
            _db.SavedChanges -= OnSaved;
        }

        private void OnSaving(object? sender, SavingChangesEventArgs e) =>
            _savingCase = _db.ChangeTracker.Entries<Case>().Any(entry => entry.State == EntityState.Added);

        private void OnSaved(object? sender, SavedChangesEventArgs e) => CaseSaved |= _savingCase;
    }
}
