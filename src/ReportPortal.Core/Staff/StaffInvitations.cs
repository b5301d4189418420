using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Staff;

/// <summary>
/// One-time enrolment links. The token is shown once (to the administrator, or printed by the operator
/// tool) and stored only as its SHA-256; it lasts <see cref="Lifetime"/> and is spent when TOTP is enrolled.
/// </summary>
public static class StaffInvitations
{
    public const string EnrolPath = "/staff/enrol";
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(3);

    /// <summary>160 bits, the size RFC 4226 recommends for HMAC-SHA1 secrets.</summary>
    public const int TotpSecretSize = 20;

    /// <summary>A fresh link for the member; earlier unused links for them stop working.</summary>
    public static async Task<string> CreateAsync(ReportPortalDbContext db, StaffMember member, TimeProvider time, CancellationToken cancellationToken)
    {
        var token = NewToken();
        await AddAsync(db, member, token, time, cancellationToken);
        return LinkFor(token);
    }

    /// <summary>256 random bits, URL-safe: the whole secret of a link.</summary>
    public static string NewToken() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string LinkFor(string token) => $"{EnrolPath}?token={token}";

    /// <summary>Stores <paramref name="token"/> (as its hash) as the member's one live link; earlier unused links stop working.</summary>
    public static async Task AddAsync(ReportPortalDbContext db, StaffMember member, string token, TimeProvider time, CancellationToken cancellationToken)
    {
        await db.StaffInvitations.Where(i => i.StaffMemberId == member.Id && i.UsedAt == null).ExecuteDeleteAsync(cancellationToken);
        db.StaffInvitations.Add(new StaffInvitation
        {
            StaffMemberId = member.Id,
            TokenHash = Hash(token),
            ExpiresAt = time.GetUtcNow() + Lifetime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The live invitation and its member, or null for an unknown, spent or expired token.</summary>
    public static async Task<(StaffInvitation Invitation, StaffMember Member)?> FindAsync(ReportPortalDbContext db, string? token, TimeProvider time, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return null;
        }

        var hash = Hash(token.Trim());
        var now = time.GetUtcNow();
        var invitation = await db.StaffInvitations.SingleOrDefaultAsync(i => i.TokenHash == hash && i.UsedAt == null && i.ExpiresAt > now, cancellationToken);
        var member = invitation is null ? null : await db.StaffMembers.SingleOrDefaultAsync(m => m.Id == invitation.StaffMemberId && m.IsActive, cancellationToken);
        return invitation is null || member is null ? null : (invitation, member);
    }

    /// <summary>
    /// Sets the password, creates the key pair wrapped under it, and a TOTP secret (sealed, <see cref="TotpSecrets"/>) still to be confirmed.
    /// After an escrow recovery the member already has a new key pair, wrapped under the link's token
    /// (<see cref="StaffKeys.WrapForRecoveryLink"/>): that pair is kept, re-wrapped under the password, so the grants re-wrapped to it open.
    /// </summary>
    public static async Task SetPasswordAsync(ReportPortalDbContext db, StaffMember member, string password, string token, byte[] pepper, byte[] pinKey,
        IPasswordHasher<StaffMember> hasher, AuditLog audit, CancellationToken cancellationToken)
    {
        var recovered = member.PublicKey.Length > 0 && StaffKeys.TryRewrapRecovered(member, token.Trim(), password, pepper);
        if (!recovered)
        {
            StaffKeys.Enrol(member, password, pepper, pinKey);
        }

        member.PasswordHash = hasher.HashPassword(member, password);
        var totpSecret = RandomNumberGenerator.GetBytes(TotpSecretSize);
        member.TotpSecret = TotpSecrets.Seal(totpSecret, member.Id, pepper);
        CryptographicOperations.ZeroMemory(totpSecret);
        member.TwoFactorEnabled = false;
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
        await audit.AppendAsync(AuditActions.AccountChanged, member.Id, null, recovered ? "password set after recovery" : "password set at enrolment", cancellationToken);
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
