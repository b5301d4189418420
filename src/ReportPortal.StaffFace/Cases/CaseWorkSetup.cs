namespace ReportPortal.StaffFace.Cases;

public static class CaseWorkSetup
{
    /// <summary>Case work for the member signed in on the request (ICurrentStaff comes from accounts).</summary>
    public static IServiceCollection AddCaseWork(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseInbox>();
        services.AddScoped<CaseDesk>();
        return services;
    }
}
