using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Staff;

namespace ReportPortal.Operator;

/// <summary>
/// Gives an open case whose only holder left to a named active handler (issue 8, leavers), once two
/// custodians of the case's force have approved it in the staff face: nobody on staff can, since a grant is
/// made only by someone holding the key. The case key is opened through the case's escrow grant, in memory,
/// and wrapped to the handler's pinned public key (with the current retention key, as every grant is); the
/// handler is assigned if nobody is. Everything the custodians approved is checked again now, the conflict
/// rule first: someone named in the report or who declared a conflict is refused. Only the case key: the
/// identity key is for custodians and the welfare key for welfare leads, never for a handler as such.
/// </summary>
internal static class RegrantCase
{
    public const string Usage = "regrant-case --request ID --escrow-key FILE";

    /// <summary>The handler role's stored name (the staff face's StaffRoles.Handler): checked again when the operator runs.</summary>
    public const string HandlerRole = "handler";

    public static Task<int> RunAsync(string[] args) =>
        RunAsync(args, DatabaseCommands.Configuration(), TimeProvider.System, Console.Out, Console.Error);

    /// <summary>The command with its settings, clock and output given (tests run it in-process on the real database).</summary>
    internal static Task<int> RunAsync(string[] args, IConfiguration configuration, TimeProvider time, TextWriter output, TextWriter error) =>
        EscrowCommand.RunAsync(args, Usage, configuration, time, output, error, (context, requestId) => RegrantAsync(context, requestId, CancellationToken.None));

    private static async Task<(string? Refusal, IReadOnlyList<string> Lines)> RegrantAsync(EscrowContext context, Guid requestId, CancellationToken cancellationToken)
    {
        var db = context.Db;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var request = await db.CaseRegrantRequests.SingleOrDefaultAsync(r => r.Id == requestId, cancellationToken);
        var now = context.Time.GetUtcNow();
        if (request is null)
        {
            return ("There is no re-grant request with that id.", []);
        }

        var status = CaseRegrants.Status(request, now);
        if (status != CaseRegrants.Approved)
        {
            return (status switch
            {
                CaseRegrants.Completed => "This request was carried out already; a new re-grant needs a new request.",
                CaseRegrants.Expired => "This request has expired; the custodians must start a new one.",
                _ => $"A re-grant needs the approval of {StaffRecoveries.ApprovalsNeeded} different custodians of the case's force; this request has 1.",
            }, []);
        }

        // Approvals are checked again now: two different members, each still an active custodian of the case's force.
        var approvers = new[] { request.RequestedByStaffMemberId, request.ApprovedByStaffMemberId!.Value }.Distinct().ToList();
        var valid = await db.StaffMembers.CountAsync(m => approvers.Contains(m.Id) && m.IsActive && m.ForceId == request.ForceId
            && db.StaffMemberRoles.Any(r => r.StaffMemberId == m.Id && r.Role == StaffRecoveries.CustodianRole), cancellationToken);
        if (valid < StaffRecoveries.ApprovalsNeeded)
        {
            return ($"A re-grant needs the approval of {StaffRecoveries.ApprovalsNeeded} different custodians of the case's force who are still custodians; this request has {valid}.", []);
        }

        var @case = await db.Cases.AsNoTracking().SingleOrDefaultAsync(c => c.Id == request.CaseId && c.ForceId == request.ForceId, cancellationToken);
        if (@case is null || @case.Status == CaseStatus.Closed)
        {
            return ("The case is closed or no longer exists; it is not re-granted.", []);
        }

        var handler = await db.StaffMembers.AsNoTracking().SingleAsync(m => m.Id == request.HandlerStaffMemberId, cancellationToken);
        if (!await CaseRegrants.EligibleHandlers(db, @case.Id, @case.ForceId, HandlerRole).AnyAsync(m => m.Id == handler.Id, cancellationToken))
        {
            return ($"{handler.DisplayName} may not be given case {@case.Reference}: they are named in the report, declared a conflict, left, or are not a set-up handler of its force.", []);
        }

        if (await db.KeyGrants.AnyAsync(g => g.CaseId == @case.Id && g.StaffMemberId == handler.Id && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent, cancellationToken))
        {
            return ($"{handler.DisplayName} holds case {@case.Reference} already.", []);
        }

        var escrowGrant = await db.KeyGrants.AsNoTracking()
            .SingleOrDefaultAsync(g => g.CaseId == @case.Id && g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent, cancellationToken);
        var key = EscrowCommand.OpenThroughEscrow(escrowGrant, context.Escrow, context.Secrets.Retention);
        if (key is null)
        {
            return ($"Case {@case.Reference} has no escrow grant that opens, or its retention key is destroyed: nobody can open it any more.", []);
        }

        try
        {
            var grant = CaseGrants.ToPublicKey(@case.Id, KeyPurpose.CaseContent, KeyHolder.Staff, key,
                StaffKeys.VerifiedPublicKey(handler, context.Secrets.KeyPinKey), context.Secrets.Retention, UkCalendar.Today(context.Time));
            grant.StaffMemberId = handler.Id;
            db.KeyGrants.Add(grant);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        request.CompletedAt = now;
        request.Version++;
        await db.SaveChangesAsync(cancellationToken);
        // A grant change moves the case's version on, so a form opened before it is refused; an unassigned case is the handler's now.
        await db.Cases.Where(c => c.Id == @case.Id).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.AssigneeStaffMemberId, c => c.AssigneeStaffMemberId ?? handler.Id)
            .SetProperty(c => c.Version, c => c.Version + 1), cancellationToken);
        await context.Audit.AppendAsync(AuditActions.GrantMade, null, @case.Id,
            $"staff {handler.Id:N}: case-content grant made through escrow (re-grant {request.Id:N})", cancellationToken);
        if (@case.AssigneeStaffMemberId is null)
        {
            await context.Audit.AppendAsync(AuditActions.AssignmentChanged, null, @case.Id, $"staff {handler.Id:N} assigned on re-grant {request.Id:N}", cancellationToken);
        }

        await context.Audit.AppendAsync(AuditActions.CaseRegranted, null, @case.Id, $"re-grant {request.Id:N} carried out with the escrow key", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (null, [$"Case {@case.Reference} is granted to {handler.DisplayName} ({handler.Email}), who can open it now and is its assignee if it had none."]);
    }
}
