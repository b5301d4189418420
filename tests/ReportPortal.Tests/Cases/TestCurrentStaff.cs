extern alias staff;

using Microsoft.AspNetCore.Http;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ICurrentStaff = staff::ReportPortal.StaffFace.Staff.ICurrentStaff;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;

namespace ReportPortal.Tests.Cases;

/// <summary>
/// Test only, until the real sign-in lands: the request's "X-Test-Staff" header names one of the real staff
/// members a test enrolled, and their real private key is unlocked with their real password.
/// </summary>
public sealed class TestCurrentStaff(IHttpContextAccessor http, TestStaffRegistry registry) : ICurrentStaff
{
    public const string Header = "X-Test-Staff";

    private TestStaffRegistry.Entry? Member =>
        http.HttpContext?.Request.Headers[Header].ToString() is { Length: > 0 } id && registry.Members.TryGetValue(Guid.Parse(id), out var entry) ? entry : null;

    public Guid StaffMemberId => Member?.Member.Id ?? Guid.Empty;

    public Guid? ForceId => Member?.Member.ForceId;

    public bool IsInRole(string role) => Member?.Roles.Contains(role) ?? false;

    public KeyPair? UnlockPrivateKey() => Member is { } entry ? StaffKeys.Unlock(entry.Member, entry.Password, registry.Pepper) : null;
}

public sealed class TestStaffRegistry(byte[] pepper)
{
    public sealed record Entry(StaffMember Member, string Password, IReadOnlySet<string> Roles);

    public byte[] Pepper => pepper;

    public Dictionary<Guid, Entry> Members { get; } = [];

    public void Add(StaffMember member, string password, params string[] roles) =>
        Members[member.Id] = new Entry(member, password, roles.Length == 0 ? new HashSet<string> { StaffRoles.Handler } : roles.ToHashSet());
}
