namespace ReportPortal.Core.Staff;

/// <summary>
/// A member of staff who may hold key grants. The private key is stored only wrapped under the
/// staff member's password and the server pepper (DESIGN §3).
/// </summary>
public sealed class StaffMember
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid? ForceId { get; set; }

    public required string Email { get; set; }

    public required string DisplayName { get; set; }

    public required byte[] PublicKey { get; set; }

    public required byte[] WrappedPrivateKey { get; set; }

    public bool IsActive { get; set; } = true;

    public DateOnly CreatedOn { get; set; }
}
