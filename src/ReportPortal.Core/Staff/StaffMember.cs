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

    public byte[] PublicKey { get; set; } = [];

    public byte[] WrappedPrivateKey { get; set; } = [];

    /// <summary>
    /// MAC of (id, public key) under an internal key: a database writer who swaps the public key is
    /// caught before anything is wrapped to it.
    /// </summary>
    public byte[] PublicKeyPin { get; set; } = [];

    /// <summary>Blind index of the force's stable code + staff number: matched against report subjects (conflicts of interest).</summary>
    public byte[]? StaffNumberIndex { get; set; }

    /// <summary>Intake handlers receive every new report of their force, unless named in it.</summary>
    public bool IsIntakeHandler { get; set; }

    public bool IsActive { get; set; } = true;

    public DateOnly CreatedOn { get; set; }
}
