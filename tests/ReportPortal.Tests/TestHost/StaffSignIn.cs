using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Staff;

namespace ReportPortal.Tests.TestHost;

/// <summary>Signs staff in the only way the staff face allows: its sign-in pages, password then TOTP code.</summary>
public static class StaffSignIn
{
    /// <summary>
    /// A script-less browser session signed in as <paramref name="member"/> (added by
    /// <see cref="StaffFixtures.AddStaffAsync"/>), holding the session cookie the real sign-in set.
    /// </summary>
    public static async Task<PageSession> SignInAsync(this StaffApp staff, StaffMember member)
    {
        var name = member.DisplayName;
        var session = new PageSession(staff.CreateClient());
        var signIn = await session.GetAsync("/staff/sign-in");
        var codePage = await session.SubmitAsync(signIn, "sign-in", ("email", member.Email!), ("password", StaffFixtures.Password(name)));
        Assert.Equal("/staff/sign-in/code", codePage.Address.AbsolutePath);
        var step = await UnusedStepAsync(staff, member.Id);
        var home = await session.SubmitAsync(codePage, "code", ("code", Code(StaffFixtures.TotpSecret(name), step)));
        Assert.True(home.Status == HttpStatusCode.OK && home.Address.AbsolutePath == "/staff", $"{name} was not signed in: {home.Status} at {home.Address}");
        return session;
    }

    /// <summary>A step the member's authenticator could show now that the service has not accepted yet (codes never replay).</summary>
    public static async Task<long> UnusedStepAsync(StaffApp staff, Guid memberId)
    {
        var last = await staff.Reporter.WithDatabaseAsync(db => db.StaffMembers.Where(m => m.Id == memberId).Select(m => m.LastTotpStep).SingleAsync());
        var current = staff.Clock.GetUtcNow().ToUnixTimeSeconds() / 30;
        if (last > current)
        {
            // One step of drift either way is allowed; past that, wait for the authenticator's next code.
            staff.Clock.Advance(TimeSpan.FromSeconds(30));
            current++;
        }

        return Math.Max(last + 1, current - 1);
    }

    /// <summary>RFC 6238 with HMAC-SHA1, 30-second steps and 6 digits, written here independently of the application.</summary>
    public static string Code(byte[] secret, long step)
    {
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
#pragma warning disable CA5350 // RFC 6238 is defined on HMAC-SHA1.
        var hash = HMACSHA1.HashData(secret, counter);
#pragma warning restore CA5350
        var offset = hash[19] & 0xF;
        var binary = ((hash[offset] & 0x7F) << 24) | (hash[offset + 1] << 16) | (hash[offset + 2] << 8) | hash[offset + 3];
        return (binary % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
    }

    public static string Code(byte[] secret, DateTimeOffset time) => Code(secret, time.ToUnixTimeSeconds() / 30);

    /// <summary>The authenticator key an enrolment page shows (RFC 4648 base32), decoded here rather than with the application's own code.</summary>
    public static byte[] ShownSecret(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bits = string.Concat(text.Where(char.IsLetterOrDigit).Select(c => Convert.ToString(alphabet.IndexOf(char.ToUpperInvariant(c)), 2).PadLeft(5, '0')));
        return Enumerable.Range(0, bits.Length / 8).Select(i => Convert.ToByte(bits.Substring(i * 8, 8), 2)).ToArray();
    }
}
