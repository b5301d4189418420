using ReportPortal.Core.Retention;

namespace ReportPortal.StaffFace.Retention;

/// <summary>
/// Shreds cases whose retention has ended, on each staff node (ReportPortal:Shredding:IntervalMinutes).
/// It runs here and not in the workflow process because a shred must be audited, and the audit chain's
/// key is the staff face's alone; it also deletes evidence blobs, which only the faces can reach. The
/// workflow keeps its promise of holding no key and changing no content (DESIGN §3).
/// </summary>
public sealed class ShreddingWorker(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<ShreddingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMinutes(configuration.GetValue("ReportPortal:Shredding:IntervalMinutes", 60));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                var shredded = await scope.ServiceProvider.GetRequiredService<CaseShredding>().ShredDueAsync(stoppingToken);
                if (shredded > 0 && logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Shredded {Count} case(s) at the end of their retention.", shredded);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The exception type only: messages from the database could carry values.
                logger.LogError("Shredding failed ({ExceptionType}); it will be tried again.", e.GetType().Name);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class RetentionSetup
{
    public static IServiceCollection AddRetention(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseShredding>();
        services.AddScoped<LegalHolds>();
        services.AddScoped<RetentionAdministration>();
        services.AddScoped<RetentionKeyStatus>();
        if (configuration.GetValue("ReportPortal:Shredding:Enabled", true))
        {
            services.AddHostedService<ShreddingWorker>();
        }

        return services;
    }
}
