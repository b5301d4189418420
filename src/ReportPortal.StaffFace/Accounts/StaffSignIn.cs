using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;

namespace ReportPortal.StaffFace.Accounts;

/// <summary>
/// Email and password, then the TOTP code. Every failure gives the same answer whether or not the account
/// exists, is locked or is inactive, and costs the same work (the password hash and the key unwrap are
/// always computed), so neither the words nor the timing say which accounts exist.
/// </summary>
public sealed class StaffSignIn(
    ReportPortalDbContext db,
    StaffSecrets secrets,
    StaffSessions sessions,
    AuditLog audit,
    TimeProvider time,
    IPasswordHasher<StaffMember> hasher)
{
    public const int FailuresBeforeLockout = 5;
    public static readonly TimeSpan LockoutPeriod = TimeSpan.FromMinutes(15);

    // What an unknown email is checked against, so it costs what a known one does.
    private static readonly Lazy<(StaffMember Member, byte[] Wrapped)> Decoy = new(MakeDecoy);

    public async Task<bool> CheckPasswordAsync(HttpContext context, string? email, string? password, CancellationToken cancellationToken)
    {
        var normalised = StaffMember.NormaliseEmail(email) ?? string.Empty;
        var member = await db.StaffMembers.SingleOrDefaultAsync(m => m.NormalizedEmail == normalised, cancellationToken);
        var (decoy, decoyWrapped) = Decoy.Value;
        var target = member is { PasswordHash: not null } ? member : decoy;
        var passwordText = password ?? string.Empty;
        var hashOk = hasher.VerifyHashedPassword(target, target.PasswordHash!, passwordText) != PasswordVerificationResult.Failed;
        KeyPair? key = null;
        try
        {
            key = TryUnlock(member is { WrappedPrivateKey.Length: > 0 } ? member.WrappedPrivateKey : decoyWrapped, passwordText);
            var usable = member is { IsActive: true, TwoFactorEnabled: true } && !IsLockedOut(member) && hashOk && key is not null && target == member;
            if (!usable || member is null || key is null)
            {
                await RecordFailureAsync(member, cancellationToken);
                return false;
            }

            await sessions.StartAsync(context, member, key, cancellationToken);
            return true;
        }
        finally
        {
            key?.Dispose();
        }
    }

    /// <summary>The second step: the code must match a step later than the last one accepted (no replay).</summary>
    public async Task<bool> CheckCodeAsync(ResumedStaffSession pending, string? code, CancellationToken cancellationToken)
    {
        var member = pending.Member;
        var now = time.GetUtcNow();
        long? step = null;
        if (!IsLockedOut(member) && member.TotpSecret is { } sealedSecret)
        {
            var secret = TotpSecrets.Open(sealedSecret, member.Id, secrets.StaffKeyPepper);
            step = Totp.Match(secret, code, now, member.LastTotpStep);
            CryptographicOperations.ZeroMemory(secret);
        }

        // The step is claimed in the database, so two requests racing with one code cannot both win.
        var claimed = step is not null && await db.StaffMembers
            .Where(m => m.Id == member.Id && m.LastTotpStep < step)
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.LastTotpStep, step.Value).SetProperty(m => m.AccessFailedCount, 0), cancellationToken) == 1;
        if (!claimed)
        {
            await RecordFailureAsync(member, cancellationToken);
            return false;
        }

        await sessions.CompleteAsync(pending.Session, cancellationToken);
        await audit.AppendAsync(AuditActions.SignIn, member.Id, null, null, cancellationToken);
        return true;
    }

    /// <summary>Re-wraps the private key under the new password; every other session ends (the stamp changes).</summary>
    public async Task<string?> ChangePasswordAsync(HttpContext context, ResumedStaffSession current, string? oldPassword, string? newPassword, CancellationToken cancellationToken)
    {
        var member = current.Member;
        var problem = PasswordRules.Problem(newPassword, member.Email ?? string.Empty);
        if (problem is not null)
        {
            return problem;
        }

        using var key = TryUnlock(member.WrappedPrivateKey, oldPassword ?? string.Empty);
        if (key is null)
        {
            return "Your current password is not right";
        }

        var pkcs8 = key.ExportPkcs8();
        try
        {
            member.WrappedPrivateKey = PasswordKeyWrap.Wrap(pkcs8, newPassword!, secrets.StaffKeyPepper);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
        }

        member.PasswordHash = hasher.HashPassword(member, newPassword!);
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        member.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllAsync(member.Id, cancellationToken);
        await audit.AppendAsync(AuditActions.AccountChanged, member.Id, null, "password changed", cancellationToken);
        await sessions.StartAsync(context, member, key, cancellationToken);
        var fresh = await db.StaffSessions.SingleAsync(s => s.StaffMemberId == member.Id, cancellationToken);
        await sessions.CompleteAsync(fresh, cancellationToken);
        return null;
    }

    public async Task SignOutEverywhereAsync(HttpContext context, StaffMember member, CancellationToken cancellationToken)
    {
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        await db.SaveChangesAsync(cancellationToken);
        await sessions.EndAllAsync(member.Id, cancellationToken);
        await sessions.EndAsync(context, cancellationToken);
        await audit.AppendAsync(AuditActions.SignOutEverywhere, member.Id, null, null, cancellationToken);
    }

    public bool IsLockedOut(StaffMember member) => member.LockoutEnd is { } end && end > time.GetUtcNow();

    private async Task RecordFailureAsync(StaffMember? member, CancellationToken cancellationToken)
    {
        if (member is not null)
        {
            member.AccessFailedCount++;
            if (member.AccessFailedCount >= FailuresBeforeLockout)
            {
                member.LockoutEnd = time.GetUtcNow() + LockoutPeriod;
                member.AccessFailedCount = 0;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await audit.AppendAsync(AuditActions.SignInFailed, member?.Id, null, null, cancellationToken);
    }

    private KeyPair? TryUnlock(byte[] wrapped, string password)
    {
        try
        {
            var pkcs8 = PasswordKeyWrap.Unwrap(wrapped, password, secrets.StaffKeyPepper);
            try
            {
                return KeyPair.FromPkcs8(pkcs8);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(pkcs8);
            }
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private static (StaffMember, byte[]) MakeDecoy()
    {
        var decoy = new StaffMember { DisplayName = "decoy", Email = "decoy@invalid" };
        var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        decoy.PasswordHash = new PasswordHasher<StaffMember>().HashPassword(decoy, password);
        using var pair = KeyPair.Generate();
        var pkcs8 = pair.ExportPkcs8();
        return (decoy, PasswordKeyWrap.Wrap(pkcs8, password, RandomNumberGenerator.GetBytes(32)));
    }
}
