namespace ReportPortal.StaffFace.Statistics;

public static class StatisticsSetup
{
    /// <summary>
    /// The oversight statistics page. Counts below ReportPortal:Statistics:SuppressBelow (default 5, never
    /// below 2: a threshold of 1 would hide nothing) are shown as "fewer than" it (docs/statistics.md).
    /// </summary>
    public static IServiceCollection AddStatistics(this IServiceCollection services, IConfiguration configuration)
    {
        var suppressBelow = configuration.GetValue("ReportPortal:Statistics:SuppressBelow", 5);
        if (suppressBelow < 2)
        {
            throw new InvalidOperationException("ReportPortal:Statistics:SuppressBelow must be 2 or more: below that no small number would be hidden.");
        }

        services.AddSingleton(new StatisticsSettings(suppressBelow));
        return services.AddScoped<OversightStatistics>();
    }
}
