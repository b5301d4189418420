using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.HrEvents;
using ReportPortal.Core.Notifications;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Welfare;

namespace ReportPortal.StaffFace.HrEvents;

/// <summary>What became of one event of a batch, as the sender is told: never whether it matched anyone.</summary>
public static class HrEventStatus
{
    public const string Accepted = "accepted";
    public const string Duplicate = "duplicate";
}

public sealed record HrEventOutcome(int Index, string IdempotencyKey, string Status);

/// <summary>
/// The retaliation watch through HR events (DESIGN §5). Each new event is matched by the staff-number blind
/// index (force code + number) against confidential reporters of the client's force who consented at filing;
/// a match leaves a staff-only case event and a content-free welfare alert to the case's welfare lead (or the
/// force's eligible welfare leads when none is assigned) and its handlers, conflicts of interest respected.
/// Anything that matches nobody leaves no trace but the replay tag, a keyed hash of the sender's idempotency
/// key. A whole batch is one transaction: it applies completely or not at all.
/// </summary>
public sealed class HrWatch(ReportPortalDbContext db, StaffSecrets secrets, TimeProvider time)
{
    /// <summary>How long a replay is recognised; older tags are pruned as batches arrive.</summary>
    public const int ReplayDays = 400;

    public async Task<IReadOnlyList<HrEventOutcome>> ApplyAsync(HrApiClient client, string forceCode, IReadOnlyList<HrEvent> events, CancellationToken cancellationToken)
    {
        var today = UkCalendar.Today(time);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.HrEventReplays.Where(r => r.ClientId == client.Id && r.ReceivedOn < today.AddDays(-ReplayDays)).ExecuteDeleteAsync(cancellationToken);
        var outcomes = new List<HrEventOutcome>(events.Count);
        var alerted = new HashSet<Guid>();
        foreach (var hrEvent in events)
        {
            var tag = secrets.Indexes.HrEventReplay(client.Id, hrEvent.IdempotencyKey);
            // Atomic against a concurrent batch with the same key: the second waits for the first, then finds the tag.
            var taken = await db.Database.ExecuteSqlAsync($"""
                INSERT INTO "HrEventReplays" ("ClientId", "Tag", "ReceivedOn") VALUES ({client.Id}, {tag}, {today})
                ON CONFLICT DO NOTHING
                """, cancellationToken);
            if (taken == 0)
            {
                outcomes.Add(new(hrEvent.Index, hrEvent.IdempotencyKey, HrEventStatus.Duplicate));
                continue;
            }

            var index = secrets.Indexes.StaffNumber(forceCode, hrEvent.StaffNumber);
            // Retaliation follows the report: an HR event dated before the report was filed is no sign of it.
            var cases = await db.Cases.AsNoTracking()
                .Where(c => c.ForceId == client.ForceId && c.IdentityMode == IdentityMode.Confidential && c.RetaliationMonitoringConsent
                    && c.ReporterStaffNumberIndex == index && c.SubmittedOn <= hrEvent.OccurredOn)
                .Select(c => new { c.Id, c.ForceId })
                .ToListAsync(cancellationToken);
            foreach (var @case in cases)
            {
                var sequence = await CaseSequence.NextEventAsync(db, @case.Id, cancellationToken);
                db.CaseEvents.Add(new CaseEvent
                {
                    CaseId = @case.Id,
                    Sequence = sequence,
                    Kind = CaseEventKind.HrEventMatched,
                    OccurredOn = hrEvent.OccurredOn,
                    VisibleToReporter = false,
                });
                if (alerted.Add(@case.Id))
                {
                    Outbox.Notify(db, NotificationKind.WelfareAlert, @case.Id, await RecipientsAsync(@case.Id, @case.ForceId, cancellationToken), time);
                }
            }

            outcomes.Add(new(hrEvent.Index, hrEvent.IdempotencyKey, HrEventStatus.Accepted));
        }

        await db.SaveChangesAsync(cancellationToken);
        await db.HrApiClients.Where(c => c.Id == client.Id).ExecuteUpdateAsync(u => u.SetProperty(c => c.LastUsedOn, today), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    /// <summary>The case's welfare lead (or, with none able to act, the force's eligible welfare leads) and its handlers, none of them conflicted.</summary>
    private async Task<IReadOnlyList<Guid>> RecipientsAsync(Guid caseId, Guid forceId, CancellationToken cancellationToken)
    {
        var lead = await db.WelfareSupports.AsNoTracking()
            .Where(s => s.CaseId == caseId && s.EndedOn == null)
            .Select(s => s.LeadStaffMemberId)
            .SingleOrDefaultAsync(cancellationToken);
        var welfare = lead is { } id ? await WelfareLeads.EligibleAsync(db, caseId, forceId, [], only: id, cancellationToken) : [];
        if (welfare.Count == 0)
        {
            welfare = await WelfareLeads.EligibleAsync(db, caseId, forceId, [], cancellationToken);
        }

        var handlers = await ConflictRule.Eligible(db, caseId)
            .Where(s => s.IsActive && db.KeyGrants.Any(g => g.CaseId == caseId && g.StaffMemberId == s.Id
                && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent))
            .Select(s => s.Id)
            .ToListAsync(cancellationToken);
        return [.. welfare.Select(w => w.Id), .. handlers];
    }
}
