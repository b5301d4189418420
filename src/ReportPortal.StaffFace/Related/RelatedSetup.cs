using ReportPortal.StaffFace.Conflicts;

namespace ReportPortal.StaffFace.Related;

public static class RelatedSetup
{
    /// <summary>Related reports, requests for them, the force pattern view and conflicts of interest.</summary>
    public static IServiceCollection AddRelatedReports(this IServiceCollection services)
    {
        services.AddScoped<RelatedDesk>();
        services.AddScoped<AccessRequestDesk>();
        services.AddScoped<ForcePatterns>();
        services.AddScoped<ConflictDesk>();
        return services;
    }
}
