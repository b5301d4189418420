namespace ReportPortal.StaffFace.Disclosure;

public static class DisclosureSetup
{
    /// <summary>Requests to see a confidential reporter's identity, the custodians' decisions and the release of approved ones.</summary>
    public static IServiceCollection AddDisclosure(this IServiceCollection services)
    {
        services.AddSingleton<DisclosureHold>();
        services.AddScoped<DisclosureRelease>();
        services.AddScoped<DisclosureDesk>();
        return services;
    }
}
