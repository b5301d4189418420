using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// A background job that runs once at start and then every <paramref name="interval"/> on the injected clock
/// until the host stops. A failed pass is logged by exception type only (messages from the database could
/// carry values) and tried again on the next tick.
/// </summary>
public abstract class PeriodicSweep(TimeSpan interval, TimeProvider time, ILogger logger) : BackgroundService
{
    /// <summary>What the log says failed ("Sweeping expired pending files").</summary>
    protected abstract string Activity { get; }

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError("{Activity} failed ({ExceptionType}); it will be tried again.", Activity, e.GetType().Name);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
