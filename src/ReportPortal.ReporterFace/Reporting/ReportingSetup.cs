namespace ReportPortal.ReporterFace.Reporting;

public static class ReportingSetup
{
    public static IServiceCollection AddReporting(this IServiceCollection services) =>
        services.AddScoped<ReportFiling>().AddSingleton<ReceiptHandOver>();
}
