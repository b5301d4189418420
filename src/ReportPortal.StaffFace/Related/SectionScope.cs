using ReportPortal.StaffFace.Accounts;

namespace ReportPortal.StaffFace.Related;

/// <summary>
/// A service scope of its own, for the same signed-in member, for a section that loads beside others on one
/// page: sibling components initialise concurrently, and the request's own DbContext takes one operation at a time.
/// </summary>
public static class SectionScope
{
    public static AsyncServiceScope ForSameMember(IServiceScopeFactory scopes, CurrentStaff current)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<CurrentStaff>().Resumed = current.Resumed;
        return scope;
    }
}
