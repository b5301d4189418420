using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Cases;

public static class CaseWorkSetup
{
    /// <summary>Case work for the member signed in on the request (ICurrentStaff comes from accounts).</summary>
    public static IServiceCollection AddCaseWork(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseInbox>();
        services.AddScoped<CaseDesk>();
        services.AddHostedService<ClockProjectionAtStart>();
        return services;
    }
}

/// <summary>
/// Once at start-up, marks every open case's inbox clocks for recomputing on the next read
/// (<see cref="ClockProjection.MarkOpenForRecomputeAsync"/>): the working calendar this process read may
/// differ from the one the stored next-due days were computed under.
/// </summary>
public sealed class ClockProjectionAtStart(IServiceScopeFactory scopes, TimeProvider time, ILogger<ClockProjectionAtStart> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            using var scope = scopes.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>();
            await ClockProjection.MarkOpenForRecomputeAsync(db, UkCalendar.Today(time), stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The exception type only. Until a restart succeeds, next-due days follow every case change and settings save as before.
            logger.LogError("Marking the open cases' clocks for recomputing failed ({ExceptionType}).", e.GetType().Name);
        }
    }
}
