using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Database;
using ReportPortal.Core.Sessions;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Status;

/// <summary>
/// The case a signed-in reporter may read, its key and its receipt lookup (the proof the database asks for
/// before the reporter role may touch the case, <see cref="ReporterCaseProof"/>), for this request only.
/// Disposed (all wiped) when the response ends. Never holds the receipt or the receipt-derived key. The
/// welfare key is there for cases filed with one (every case since welfare support came).
/// </summary>
public sealed class InboxAccess(Guid caseId, byte[] caseKey, byte[] receiptLookup, DateTimeOffset expiresAt, byte[]? welfareKey = null) : IDisposable
{
    public Guid CaseId { get; } = caseId;

    public byte[] CaseKey { get; } = caseKey;

    public byte[] ReceiptLookup { get; } = receiptLookup;

    /// <summary>The case's welfare key (the welfare thread and support notes); null for a case filed without one.</summary>
    public byte[]? WelfareKey { get; } = welfareKey;

    /// <summary>When the session ends if the reporter does nothing more (shown on the page, WCAG 2.2.1).</summary>
    public DateTimeOffset ExpiresAt { get; } = expiresAt;

    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(CaseKey);
        CryptographicOperations.ZeroMemory(ReceiptLookup);
        CryptographicOperations.ZeroMemory(WelfareKey);
    }
}

/// <summary>
/// Server-side, revocable reporter sessions. The cookie carries only a random 256-bit secret. The server
/// keeps a row with SHA-256 of that secret and the case id, case key and receipt lookup sealed together
/// under a key derived from it, bound to the session; the row is deleted at sign-out and once expired. So a copied
/// cookie opens nothing after sign-out or expiry, the row alone opens nothing and does not even say which
/// case it is for, and any node can serve any session. Expiry is judged by the injected clock only, and
/// kept to the minute.
/// </summary>
public sealed class InboxSession(ReportPortalDbContext db, TimeProvider time)
{
    public const string CookieName = "rp_inbox";
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);

    private const int SecretSize = 32;
    private const string WrapLabel = "reportportal/reporter-session/v3";
    private const int GuidSize = 16;
    private const int KeySize = 32;
    private const int LookupSize = 32;

    /// <summary>Starts a session for a case the reporter's receipt just opened; the receipt itself is not needed again.</summary>
    public async Task<InboxAccess> SignInAsync(HttpContext context, OpenedCase opened, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.ReporterSessions.Where(s => s.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);

        var secret = RandomNumberGenerator.GetBytes(SecretSize);
        var wrapKey = WrapKey(secret);
        var access = Access(opened.CaseId, opened.CaseKey, opened.ReceiptLookup, opened.WelfareKey);
        try
        {
            var session = new ReporterSession
            {
                SecretHash = SHA256.HashData(secret),
                SealedAccess = [],
                ExpiresAt = ExpiryFrom(now),
            };
            session.SealedAccess = KeyWrap.WrapWithKey(access, wrapKey, Context(session.Id));
            db.ReporterSessions.Add(session);
            await db.SaveChangesAsync(cancellationToken);
            context.Response.Cookies.Append(CookieName, Convert.ToBase64String(secret), Options(context));
            return new InboxAccess(opened.CaseId, (byte[])opened.CaseKey.Clone(), (byte[])opened.ReceiptLookup.Clone(), session.ExpiresAt, (byte[]?)opened.WelfareKey?.Clone());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(wrapKey);
            CryptographicOperations.ZeroMemory(access);
        }
    }

    /// <summary>The session's access, with its expiry slid forward; null when absent, unknown, tampered or idle too long.</summary>
    public async Task<InboxAccess?> ResumeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var secret = ReadSecret(context);
        if (secret is null)
        {
            return null;
        }

        var wrapKey = WrapKey(secret);
        try
        {
            var hash = SHA256.HashData(secret);
            var session = await db.ReporterSessions.SingleOrDefaultAsync(s => s.SecretHash == hash, cancellationToken);
            var now = time.GetUtcNow();
            if (session is null || session.ExpiresAt <= now)
            {
                if (session is not null)
                {
                    db.ReporterSessions.Remove(session);
                    await db.SaveChangesAsync(cancellationToken);
                }

                ClearCookie(context);
                return null;
            }

            byte[] opened;
            try
            {
                opened = KeyWrap.UnwrapWithKey(session.SealedAccess, wrapKey, Context(session.Id));
            }
            catch (CryptographicException)
            {
                ClearCookie(context);
                return null;
            }

            if (opened.Length is not (GuidSize + KeySize + LookupSize or GuidSize + KeySize + LookupSize + KeySize))
            {
                CryptographicOperations.ZeroMemory(opened);
                ClearCookie(context);
                return null;
            }

            var caseId = new Guid(opened.AsSpan(0, GuidSize), bigEndian: true);
            var caseKey = opened[GuidSize..(GuidSize + KeySize)];
            var receiptLookup = opened[(GuidSize + KeySize)..(GuidSize + KeySize + LookupSize)];
            var welfareKey = opened.Length > GuidSize + KeySize + LookupSize ? opened[(GuidSize + KeySize + LookupSize)..] : null;
            CryptographicOperations.ZeroMemory(opened);
            session.ExpiresAt = ExpiryFrom(now);
            await db.SaveChangesAsync(cancellationToken);
            var access = new InboxAccess(caseId, caseKey, receiptLookup, session.ExpiresAt, welfareKey);
            context.Response.RegisterForDispose(access);
            return access;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
            CryptographicOperations.ZeroMemory(wrapKey);
        }
    }

    /// <summary>True when the request carries a session cookie, live or not (to tell "signed out" from "never signed in").</summary>
    public static bool HasCookie(HttpContext context) => context.Request.Cookies.ContainsKey(CookieName);

    public async Task SignOutAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var secret = ReadSecret(context);
        if (secret is not null)
        {
            var hash = SHA256.HashData(secret);
            CryptographicOperations.ZeroMemory(secret);
            await db.ReporterSessions.Where(s => s.SecretHash == hash).ExecuteDeleteAsync(cancellationToken);
        }

        ClearCookie(context);
    }

    public static void ClearCookie(HttpContext context) => context.Response.Cookies.Delete(CookieName, Options(context));

    private static byte[]? ReadSecret(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(CookieName, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        var buffer = new byte[SecretSize];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == SecretSize ? buffer : null;
    }

    /// <summary>What a session row seals: case id (big-endian) || case key || receipt lookup [|| welfare key] (docs/crypto-format.md).</summary>
    internal static byte[] Access(Guid caseId, byte[] caseKey, byte[] receiptLookup, byte[]? welfareKey = null)
    {
        var access = new byte[GuidSize + KeySize + LookupSize + (welfareKey is null ? 0 : KeySize)];
        caseId.TryWriteBytes(access, bigEndian: true, out _);
        caseKey.CopyTo(access, GuidSize);
        receiptLookup.CopyTo(access, GuidSize + KeySize);
        welfareKey?.CopyTo(access, GuidSize + KeySize + LookupSize);
        return access;
    }

    /// <summary>The key that wraps case id, case key and receipt lookup in a session row (docs/crypto-format.md, service layer).</summary>
    internal static byte[] WrapKey(byte[] secret) => SubKeys.Derive(secret, "reporter-session-wrap");

    /// <summary>The associated data of that wrap: ASCII "reportportal/reporter-session/v3/{session id:N}".</summary>
    internal static byte[] Context(Guid sessionId) => Encoding.ASCII.GetBytes($"{WrapLabel}/{sessionId:N}");

    /// <summary>Thirty idle minutes, rounded up to the whole minute: the row keeps no finer trace of when the reporter was active.</summary>
    private static DateTimeOffset ExpiryFrom(DateTimeOffset now)
    {
        var expires = now + IdleTimeout;
        var minute = new DateTimeOffset(expires.Year, expires.Month, expires.Day, expires.Hour, expires.Minute, 0, expires.Offset);
        return minute == expires ? minute : minute.AddMinutes(1);
    }

    private static CookieOptions Options(HttpContext context) => new()
    {
        HttpOnly = true,
        Secure = context.Request.IsHttps,
        SameSite = SameSiteMode.Strict,
        Path = "/",
        IsEssential = true,
    };
}
