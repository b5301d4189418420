using Microsoft.Extensions.DependencyInjection.Extensions;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Cases;

public static class CaseWorkSetup
{
    public static IServiceCollection AddCaseWork(this IServiceCollection services)
    {
        services.AddScoped<CaseAccess>();
        services.AddScoped<CaseInbox>();
        services.AddScoped<CaseDesk>();
        // Until sign-in registers the real member, nobody is signed in and every case page answers 404.
        services.TryAddScoped<ICurrentStaff, NobodySignedIn>();
        return services;
    }

    private sealed class NobodySignedIn : ICurrentStaff
    {
        public Guid StaffMemberId => Guid.Empty;

        public Guid? ForceId => null;

        public bool IsInRole(string role) => false;

        public KeyPair? UnlockPrivateKey() => null;
    }
}
