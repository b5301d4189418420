namespace ReportPortal.ReporterFace.Status;

public static class StatusSetup
{
    public static IServiceCollection AddStatus(this IServiceCollection services) => services
        .AddScoped<ReporterInbox>()
        .AddSingleton<InboxSession>()
        .AddSingleton<ReceiptAttemptLimiter>();
}
