namespace ReportPortal.ReporterFace.Status;

public static class StatusSetup
{
    public static IServiceCollection AddStatus(this IServiceCollection services)
    {
        services.AddOptions<ReceiptAttemptOptions>().BindConfiguration(ReceiptAttemptOptions.Section);
        return services
            .AddScoped<ReporterInbox>()
            .AddSingleton<InboxSession>()
            .AddSingleton<ReceiptAttemptLimiter>();
    }
}
