using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;

namespace ReportPortal.StaffFace.Accounts;

public sealed class StaffSessionOptions
{
    public const string Section = "ReportPortal:StaffSessions";

    /// <summary>A signed-in session ends after this many minutes without a request.</summary>
    public int IdleMinutes { get; set; } = 30;

    /// <summary>How long the half-way state between password and TOTP code lasts.</summary>
    public int CodeStepMinutes { get; set; } = 5;
}

/// <summary>A live staff session as found from the request's cookie: the row, its member, and the cookie secret.</summary>
public sealed class ResumedStaffSession(StaffSession session, StaffMember member, IReadOnlyList<string> roles, byte[] secret) : IDisposable
{
    public StaffSession Session { get; } = session;

    public StaffMember Member { get; } = member;

    public IReadOnlyList<string> Roles { get; } = roles;

    /// <summary>The member's private key for this request only; the caller disposes it.</summary>
    public KeyPair UnlockPrivateKey()
    {
        var wrapKey = StaffSessions.WrapKey(secret);
        var pkcs8 = KeyWrap.UnwrapWithKey(Session.WrappedPrivateKey, wrapKey, StaffSessions.Context(Session.Id, Member.Id));
        try
        {
            return KeyPair.FromPkcs8(pkcs8);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pkcs8);
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(secret);
}

/// <summary>
/// Server-side staff sessions, made like the reporter face's inbox sessions: the cookie carries only a
/// random 256-bit secret; the row keeps its SHA-256 and the private key wrapped under a key derived from
/// it. Any node can serve any session, the row alone opens nothing, and deleting the row (sign-out,
/// expiry, sign out everywhere) leaves a copied cookie opening nothing. Time is the injected clock's.
/// </summary>
public sealed class StaffSessions(ReportPortalDbContext db, TimeProvider time, IOptions<StaffSessionOptions> options)
{
    public const string CookieName = "rp_staff";
    private const int SecretSize = 32;
    private const string WrapLabel = "reportportal/staff-session/v1";

    public async Task StartAsync(HttpContext context, StaffMember member, KeyPair privateKey, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.StaffSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        var secret = RandomNumberGenerator.GetBytes(SecretSize);
        var wrapKey = WrapKey(secret);
        var pkcs8 = privateKey.ExportPkcs8();
        try
        {
            var session = new StaffSession
            {
                StaffMemberId = member.Id,
                SecretHash = SHA256.HashData(secret),
                WrappedPrivateKey = [],
                Stage = StaffSession.AwaitingCode,
                SecurityStamp = member.SecurityStamp ?? string.Empty,
                ExpiresAt = now + TimeSpan.FromMinutes(options.Value.CodeStepMinutes),
            };
            session.WrappedPrivateKey = KeyWrap.WrapWithKey(pkcs8, wrapKey, Context(session.Id, member.Id));
            db.StaffSessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
            context.Response.Cookies.Append(CookieName, Convert.ToBase64String(secret), CookieOptions(context));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(wrapKey);
            CryptographicOperations.ZeroMemory(pkcs8);
        }
    }

    /// <summary>The request's session in the given stage, its idle expiry slid forward; null when absent, ended, expired or stale.</summary>
    public async Task<ResumedStaffSession?> ResumeAsync(HttpContext context, string stage, CancellationToken cancellationToken)
    {
        var secret = ReadSecret(context);
        if (secret is null)
        {
            return null;
        }

        var hash = SHA256.HashData(secret);
        var session = await db.StaffSessions.SingleOrDefaultAsync(s => s.SecretHash == hash, cancellationToken);
        var now = time.GetUtcNow();
        var member = session is null ? null : await db.StaffMembers.SingleOrDefaultAsync(m => m.Id == session.StaffMemberId, cancellationToken);
        if (session is null || member is null || session.ExpiresAt <= now || !member.IsActive || member.SecurityStamp != session.SecurityStamp)
        {
            if (session is not null)
            {
                db.StaffSessions.Remove(session);
                await db.SaveChangesAsync(cancellationToken);
            }

            CryptographicOperations.ZeroMemory(secret);
            return null;
        }

        if (session.Stage != stage)
        {
            CryptographicOperations.ZeroMemory(secret);
            return null;
        }

        if (stage == StaffSession.SignedIn)
        {
            session.ExpiresAt = now + TimeSpan.FromMinutes(options.Value.IdleMinutes);
            await db.SaveChangesAsync(cancellationToken);
        }

        var roles = await db.StaffMemberRoles.Where(r => r.StaffMemberId == member.Id).Select(r => r.Role).ToListAsync(cancellationToken);
        var resumed = new ResumedStaffSession(session, member, roles, secret);
        context.Response.RegisterForDispose(resumed);
        return resumed;
    }

    /// <summary>After the TOTP code: the same row becomes a full session with the idle timeout.</summary>
    public async Task CompleteAsync(StaffSession session, CancellationToken cancellationToken)
    {
        session.Stage = StaffSession.SignedIn;
        session.ExpiresAt = time.GetUtcNow() + TimeSpan.FromMinutes(options.Value.IdleMinutes);
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task EndAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var secret = ReadSecret(context);
        if (secret is not null)
        {
            var hash = SHA256.HashData(secret);
            CryptographicOperations.ZeroMemory(secret);
            await db.StaffSessions.Where(s => s.SecretHash == hash).ExecuteDeleteAsync(cancellationToken);
        }

        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
    }

    /// <summary>Every session of the member, on every device, ends now.</summary>
    public Task EndAllAsync(Guid staffMemberId, CancellationToken cancellationToken) =>
        db.StaffSessions.Where(s => s.StaffMemberId == staffMemberId).ExecuteDeleteAsync(cancellationToken);

    internal static byte[] WrapKey(byte[] secret) => SubKeys.Derive(secret, "staff-session-wrap");

    internal static byte[] Context(Guid sessionId, Guid staffMemberId) =>
        Encoding.ASCII.GetBytes($"{WrapLabel}/{sessionId:N}/{staffMemberId:N}");

    private static byte[]? ReadSecret(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        var buffer = new byte[SecretSize];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == SecretSize ? buffer : null;
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
