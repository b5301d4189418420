using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;

namespace ReportPortal.Operator;

/// <summary>
/// Recovers a staff member who lost their password (DESIGN §3), once two custodians of their force have
/// approved it in the staff face. The escrow private key is read from the file given, used in memory and
/// never written anywhere. The member gets a new key pair; every staff grant they held is opened through
/// its case's escrow grant and wrapped again to the new public key (with the current retention key, as
/// every grant is); the new private key waits under a one-time link (the enrolment link, valid 3 days),
/// where the member sets a new password and enrols their authenticator again. Their old password, old
/// key, sessions and TOTP secret stop working at once. Everything is audited.
/// </summary>
internal static class RecoverStaff
{
    public const string Usage = "recover-staff --request ID --escrow-key FILE";

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, DatabaseCommands.Configuration(), TimeProvider.System, Console.Out, Console.Error);

    /// <summary>The command with its settings, clock and output given (tests run it in-process on the real database).</summary>
    internal static Task<int> RunAsync(string[] args, IConfiguration configuration, TimeProvider time, TextWriter output, TextWriter error) =>
        EscrowCommand.RunAsync(args, Usage, configuration, time, output, error, async (context, requestId) =>
        {
            var (refusal, result) = await RecoverAsync(context.Db, context.Audit, requestId, context.Escrow, context.Secrets, context.Time, CancellationToken.None);
            return refusal is not null ? (refusal, []) : (null,
            [
                $"Recovered {result!.Email}: {result.Rewrapped} grants re-wrapped to a new key" +
                    (result.Lost > 0 ? $", {result.Lost} removed (their case has no escrow grant or its retention key is destroyed)." : "."),
                "Their old password, key, sessions and authenticator no longer work. Give them this one-time link in person (valid for 3 days; shown only now), after the staff face's address:",
                StaffInvitations.LinkFor(result.Token),
            ]);
        });

    internal sealed record Recovered(string Email, int Rewrapped, int Lost, string Token);

    private static async Task<(string? Refusal, Recovered? Result)> RecoverAsync(ReportPortalDbContext db, AuditLog audit, Guid requestId,
        KeyPair escrow, OperatorSecrets secrets, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.StaffRecoveryRequests.Include(r => r.Approvals).SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var now = time.GetUtcNow();
        var member = request is null ? null : await db.StaffMembers.SingleOrDefaultAsync(m => m.Id == request.StaffMemberId, cancellationToken);
        if (request is null || member is null)
        {
            return ("There is no recovery request with that id.", null);
        }

        if (request.CompletedAt is not null)
        {
            return ("This request was carried out already; a new recovery needs a new request.", null);
        }

        if (request.ExpiresAt <= now)
        {
            return ("This request has expired; the custodians must start a new one.", null);
        }

        if (!member.IsActive)
        {
            return ("This account is deactivated; it is not recovered.", null);
        }

        // Approvals are checked again now: each approver must still be an active custodian of the member's force, and not the member.
        var approvers = request.Approvals.Select(a => a.CustodianStaffMemberId).Where(id => id != member.Id).Distinct().ToList();
        var valid = await db.StaffMembers.CountAsync(m => approvers.Contains(m.Id) && m.IsActive && m.ForceId == member.ForceId
            && db.StaffMemberRoles.Any(r => r.StaffMemberId == m.Id && r.Role == StaffRecoveries.CustodianRole), cancellationToken);
        if (valid < StaffRecoveries.ApprovalsNeeded)
        {
            return ($"A recovery needs the approval of {StaffRecoveries.ApprovalsNeeded} different custodians of the member's force; this request has {valid}.", null);
        }

        using var pair = KeyPair.Generate();
        var token = StaffInvitations.NewToken();
        StaffKeys.WrapForRecoveryLink(member, pair, token, secrets.StaffKeyPepper, secrets.KeyPinKey);
        member.PasswordHash = null;
        member.TotpSecret = null;
        member.TwoFactorEnabled = false;
        member.AccessFailedCount = 0;
        member.LockoutEnd = null;
        member.SecurityStamp = Guid.NewGuid().ToString("N");
        member.ConcurrencyStamp = Guid.NewGuid().ToString("N");
        await db.StaffSessions.Where(s => s.StaffMemberId == member.Id).ExecuteDeleteAsync(cancellationToken);

        var today = UkCalendar.Today(time);
        var grants = await db.KeyGrants.Where(g => g.StaffMemberId == member.Id && g.Holder == KeyHolder.Staff).ToListAsync(cancellationToken);
        var caseIds = grants.Select(g => g.CaseId).Distinct().ToList();
        var escrowGrants = await db.KeyGrants.AsNoTracking().Where(g => caseIds.Contains(g.CaseId) && g.Holder == KeyHolder.Escrow).ToListAsync(cancellationToken);
        var (rewrapped, lost) = (0, 0);
        foreach (var grant in grants)
        {
            var key = EscrowCommand.OpenThroughEscrow(escrowGrants.FirstOrDefault(e => e.CaseId == grant.CaseId && e.Purpose == grant.Purpose), escrow, secrets.Retention);
            if (key is null)
            {
                db.KeyGrants.Remove(grant);
                lost++;
                await audit.AppendAsync(AuditActions.GrantRemoved, null, grant.CaseId, $"staff {member.Id:N}: {StoredNames.Purpose[grant.Purpose]} grant not recoverable through escrow", cancellationToken);
                continue;
            }

            try
            {
                var fresh = CaseGrants.ToPublicKey(grant.CaseId, grant.Purpose, KeyHolder.Staff, key, StaffKeys.VerifiedPublicKey(member, secrets.KeyPinKey), secrets.Retention, today);
                grant.HolderKeyId = fresh.HolderKeyId;
                grant.RetentionKeyId = fresh.RetentionKeyId;
                grant.WrappedKey = fresh.WrappedKey;
                grant.GrantedOn = today;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }

            rewrapped++;
            await audit.AppendAsync(AuditActions.GrantRewrapped, null, grant.CaseId, $"staff {member.Id:N}: {StoredNames.Purpose[grant.Purpose]} grant re-wrapped through escrow (recovery {request.Id:N})", cancellationToken);
        }

        // A grant change moves the case's version on, so a form opened before it is refused.
        await db.Cases.Where(c => caseIds.Contains(c.Id)).ExecuteUpdateAsync(u => u.SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        request.CompletedAt = now;
        request.Version++;
        await db.SaveChangesAsync(cancellationToken);
        await StaffInvitations.AddAsync(db, member, token, time, cancellationToken);
        await audit.AppendAsync(AuditActions.StaffRecovered, null, null,
            $"staff {member.Id:N}: recovery {request.Id:N} carried out with the escrow key; {rewrapped} grants re-wrapped, {lost} removed; sessions ended, new password and authenticator needed", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, new Recovered(member.Email ?? string.Empty, rewrapped, lost, token));
    }
}
