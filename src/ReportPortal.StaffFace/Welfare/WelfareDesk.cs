using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Welfare;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Welfare;

/// <summary>One welfare clock of a case as the queue shows it (dated by <see cref="ClockRules"/> when it started).</summary>
public sealed record WelfareClock(DeadlineKind Kind, DateOnly DueOn, DateOnly? MetOn, ClockStage Stage);

public sealed record WelfareQueueRow(
    Guid CaseId, string Reference, DateOnly SubmittedOn, bool SupportRequested, bool FearsRetaliation, DateOnly? DetrimentReportedOn,
    string? LeadName, WelfareClock? Assignment, WelfareClock? FirstContact)
{
    /// <summary>The earliest open welfare clock that is overdue, if any: what puts a case at the top of the queue.</summary>
    public DateOnly? OverdueSince => new[] { Assignment, FirstContact }.Where(c => c is { Stage: ClockStage.Overdue }).Select(c => (DateOnly?)c!.DueOn).Min();
}

public sealed record WelfareLogLine(WelfareLogKind Kind, string StaffName, string? AboutName, DateOnly WrittenOn, string? Body);

public sealed record WelfareThreadMessage(MessageAuthor Author, string? StaffName, WelfareRequest? Request, DateOnly SentOn, string Body);

public sealed record WelfareLeadChoice(Guid StaffMemberId, string Name);

public sealed record WelfareCaseView(
    WelfareQueueRow Row, int Version, Guid? LeadStaffMemberId, DateOnly? AssignedOn, DateOnly? FirstContactOn, DateOnly? EndedOn,
    IReadOnlyList<WelfareLogLine> Log, IReadOnlyList<WelfareThreadMessage> Thread, IReadOnlyList<WelfareLeadChoice> Leads)
{
    public bool Active => LeadStaffMemberId is not null && EndedOn is null;
}

/// <summary>
/// What a welfare lead does: the force's welfare queue, and for a case whose welfare key they hold, assign
/// (to themselves or another eligible welfare lead, wrapping a grant for them if they lack one), log contacts
/// and agreed actions, write to the reporter, and end support. Everything said is sealed under the welfare
/// key; the case key is never opened here. Assignment and ending name the version of the support row the form
/// was loaded from and are refused as stale if it has moved on.
/// </summary>
public sealed class WelfareDesk(ReportPortalDbContext db, ICurrentStaff staff, StaffSecrets secrets, AuditLog audit, TimeProvider time, WorkingCalendar calendar)
{
    public const int MaxTextLength = 5_000;

    private static readonly DeadlineKind[] WelfareKinds = [DeadlineKind.WelfareLeadAssignment, DeadlineKind.WelfareFirstContact];

    private Guid? ForceId => staff.IsInRole(StaffRoles.WelfareLead) ? staff.ForceId : null;

    /// <summary>
    /// Reporters waiting for a welfare lead or being supported, of cases whose welfare key the member holds:
    /// overdue first (the most overdue at the top), then newest first.
    /// </summary>
    public async Task<IReadOnlyList<WelfareQueueRow>> QueueAsync(CancellationToken cancellationToken)
    {
        if (ForceId is not { } forceId)
        {
            return [];
        }

        var ids = await Held(forceId)
            .Where(c => db.Deadlines.Any(d => d.CaseId == c.Id && d.Kind == DeadlineKind.WelfareLeadAssignment && d.MetOn == null)
                || db.WelfareSupports.Any(s => s.CaseId == c.Id && s.LeadStaffMemberId != null && s.EndedOn == null))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var rows = await RowsAsync(ids, cancellationToken);
        return Order(rows);
    }

    /// <summary>The queue's order: overdue first, the longest overdue at the top; then the rest, newest first.</summary>
    public static IReadOnlyList<WelfareQueueRow> Order(IEnumerable<WelfareQueueRow> rows) =>
        rows.OrderBy(r => r.OverdueSince is null)
            .ThenBy(r => r.OverdueSince)
            .ThenByDescending(r => NeededSince(r))
            .ThenBy(r => r.Reference, StringComparer.Ordinal)
            .ToList();

    public async Task<WelfareCaseView?> ViewAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var key = await OpenWelfareKeyAsync(caseId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        try
        {
            var row = (await RowsAsync([caseId], cancellationToken)).Single();
            var support = await db.WelfareSupports.AsNoTracking().SingleOrDefaultAsync(s => s.CaseId == caseId, cancellationToken);
            var names = await StaffNamesAsync(cancellationToken);
            string Name(Guid? id) => id is { } known && names.TryGetValue(known, out var name) ? name : "A former member of staff";
            var log = await db.WelfareLogEntries.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
            var thread = await db.WelfareMessages.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
            var named = await WelfareLeads.NamedInAsync(db, caseId, cancellationToken);
            var leads = await WelfareLeads.EligibleAsync(db, caseId, ForceId!.Value, named, cancellationToken);
            var view = new WelfareCaseView(
                row, support?.Version ?? 0, support?.LeadStaffMemberId, support?.AssignedOn, support?.FirstContactOn, support?.EndedOn,
                log.Select(e => new WelfareLogLine(e.Kind, Name(e.StaffMemberId), e.AboutStaffMemberId is null ? null : Name(e.AboutStaffMemberId), e.WrittenOn, WelfareSeal.OpenLog(key, e))).ToList(),
                thread.Select(m => new WelfareThreadMessage(m.Author, m.Author == MessageAuthor.Welfare ? Name(m.StaffMemberId) : null, m.Request, m.SentOn, WelfareSeal.OpenMessage(key, m))).ToList(),
                leads.Select(l => new WelfareLeadChoice(l.Id, l.DisplayName)).ToList());
            await audit.AppendAsync(AuditActions.WelfareViewed, staff.StaffMemberId, caseId, null, cancellationToken);
            return view;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Assigns (or reassigns) the reporter's support to an eligible welfare lead of the force, granting them the welfare key if they lack it.</summary>
    public Task<CaseActionResult> AssignAsync(Guid caseId, int version, Guid leadId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, async (support, key, today) =>
        {
            var named = await WelfareLeads.NamedInAsync(db, caseId, cancellationToken);
            var lead = (await WelfareLeads.EligibleAsync(db, caseId, ForceId!.Value, named, leadId, cancellationToken)).SingleOrDefault();
            if (lead is null)
            {
                return "Choose a welfare lead of your force who is not named in the report.";
            }

            if (support.LeadStaffMemberId == lead.Id && support.EndedOn is null)
            {
                return $"{lead.DisplayName} is already looking after this reporter.";
            }

            if (await WelfareLeads.GrantOfAsync(db, caseId, lead.Id, cancellationToken) is null)
            {
                if (WelfareIntake.Wrap(lead, caseId, key, secrets, today, staff.StaffMemberId) is not { } grant)
                {
                    return $"{lead.DisplayName} cannot be given this case: their key failed its check. Ask an administrator.";
                }

                db.KeyGrants.Add(grant);
                await audit.AppendAsync(AuditActions.GrantMade, staff.StaffMemberId, caseId, $"welfare to {lead.Id:N}", cancellationToken);
            }

            var reassigned = support.LeadStaffMemberId is not null && support.EndedOn is null;
            support.LeadStaffMemberId = lead.Id;
            support.AssignedOn = today;
            support.EndedOn = null;
            await MeetClocksAsync(caseId, today, DeadlineKind.WelfareLeadAssignment, cancellationToken);
            await AddLogAsync(caseId, WelfareLogKind.Assigned, null, key, today, lead.Id, cancellationToken);
            if (lead.Id != staff.StaffMemberId)
            {
                db.Notifications.Add(new Notification { StaffMemberId = lead.Id, Kind = NotificationKind.WelfareAssigned, CaseId = caseId, CreatedOn = today });
            }

            await audit.AppendAsync(AuditActions.WelfareAssigned, staff.StaffMemberId, caseId, $"{(reassigned ? "reassigned" : "assigned")} to {lead.Id:N}", cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>Ends support: recorded with its reason, its open clocks stopped; the reporter can ask again.</summary>
    public Task<CaseActionResult> EndAsync(Guid caseId, int version, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, async (support, key, today) =>
        {
            if (support.LeadStaffMemberId is null || support.EndedOn is not null)
            {
                return "Support is not running for this reporter.";
            }

            if (TextProblem(reason, "why support is ending") is { } problem)
            {
                return problem;
            }

            support.EndedOn = today;
            await MeetClocksAsync(caseId, today, null, cancellationToken);
            await AddLogAsync(caseId, WelfareLogKind.Ended, reason, key, today, null, cancellationToken);
            await audit.AppendAsync(AuditActions.WelfareEnded, staff.StaffMemberId, caseId, null, cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>A contact or an agreed action, sealed; the first contact meets the first-contact clock.</summary>
    public async Task<CaseActionResult> LogAsync(Guid caseId, WelfareLogKind kind, string? text, CancellationToken cancellationToken)
    {
        if (kind is not (WelfareLogKind.Contact or WelfareLogKind.AgreedAction))
        {
            return CaseActionResult.Refused("Choose whether this was a contact or an agreed action.");
        }

        if (TextProblem(text, kind == WelfareLogKind.Contact ? "what was said in the contact" : "the action agreed") is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        return await AppendAsync(caseId, async (support, key, today) =>
        {
            await AddLogAsync(caseId, kind, text, key, today, null, cancellationToken);
            if (kind == WelfareLogKind.Contact && support.FirstContactOn is null)
            {
                support.FirstContactOn = today;
                await MeetClocksAsync(caseId, today, DeadlineKind.WelfareFirstContact, cancellationToken);
            }

            await audit.AppendAsync(AuditActions.WelfareLogged, staff.StaffMemberId, caseId, WelfareNames.LogKind[kind], cancellationToken);
        }, cancellationToken);
    }

    /// <summary>A message in the reporter's inbox from "welfare support", sealed under the welfare key.</summary>
    public async Task<CaseActionResult> SendMessageAsync(Guid caseId, string? text, CancellationToken cancellationToken)
    {
        if (TextProblem(text, "a message") is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        return await AppendAsync(caseId, async (_, key, today) =>
        {
            var message = new WelfareMessage
            {
                CaseId = caseId,
                Sequence = await CaseSequence.NextMessageAsync(db, caseId, cancellationToken),
                Author = MessageAuthor.Welfare,
                StaffMemberId = staff.StaffMemberId,
                SentOn = today,
                SealedBody = [],
            };
            message.SealedBody = WelfareSeal.Message(key, message, text!);
            db.WelfareMessages.Add(message);
            await audit.AppendAsync(AuditActions.WelfareMessageSent, staff.StaffMemberId, caseId, null, cancellationToken);
        }, cancellationToken);
    }

    private IQueryable<Case> Held(Guid forceId)
    {
        var me = staff.StaffMemberId;
        return db.Cases.Where(c => c.ForceId == forceId
            && db.KeyGrants.Any(g => g.CaseId == c.Id && g.StaffMemberId == me && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.Welfare));
    }

    private Task<List<WelfareQueueRow>> RowsAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        RowsAsync(db, ids, ForceId, time, calendar, cancellationToken);

    /// <summary>The unsealed welfare facts of the cases (flags, clocks, the lead's name among <paramref name="forceId"/>'s staff): what the queue and the handler's summary show.</summary>
    /// <remarks>
    /// The welfare clocks are <see cref="ClockRules"/>' over the case's own dates and its force's settings today, as
    /// the workflow's notices are: never the due day stored when the clock started, which a changed setting would leave behind.
    /// </remarks>
    internal static async Task<List<WelfareQueueRow>> RowsAsync(ReportPortalDbContext db, IReadOnlyCollection<Guid> ids, Guid? forceId, TimeProvider time, WorkingCalendar calendar, CancellationToken cancellationToken)
    {
        var cases = await db.Cases.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Reference, c.SubmittedOn, c.SupportRequested, c.FearsRetaliation, c.DetrimentReportedOn })
            .ToListAsync(cancellationToken);
        var today = UkCalendar.Today(time);
        var sources = await ClockFacts.LoadAsync(db, db.Cases.Where(c => ids.Contains(c.Id)), cancellationToken);
        var settings = await ClockFacts.SettingsAsync(db, sources.Select(c => c.ForceId), cancellationToken);
        var clocks = sources.ToDictionary(
            c => c.CaseId,
            c => ClockRules.Evaluate(c.Facts, settings[c.ForceId], calendar, today).Where(s => WelfareKinds.Contains(s.Kind)).ToList());
        var leads = await db.WelfareSupports.AsNoTracking().Where(s => ids.Contains(s.CaseId) && s.EndedOn == null && s.LeadStaffMemberId != null)
            .ToDictionaryAsync(s => s.CaseId, s => s.LeadStaffMemberId!.Value, cancellationToken);
        var names = await StaffNamesAsync(db, forceId, cancellationToken);

        WelfareClock? Clock(Guid caseId, DeadlineKind kind) => clocks.GetValueOrDefault(caseId)?
            .Where(s => s.Kind == kind)
            .Select(s => new WelfareClock(kind, s.DueOn, s.MetOn, s.Stage))
            .FirstOrDefault();

        return cases.Select(c => new WelfareQueueRow(
            c.Id, c.Reference, c.SubmittedOn, c.SupportRequested, c.FearsRetaliation, c.DetrimentReportedOn,
            leads.TryGetValue(c.Id, out var lead) ? names.GetValueOrDefault(lead, "A former member of staff") : null,
            Clock(c.Id, DeadlineKind.WelfareLeadAssignment), Clock(c.Id, DeadlineKind.WelfareFirstContact))).ToList();
    }

    /// <summary>When the need arose, as near as the queue can tell without content: the latest of the request, the detriment day and filing.</summary>
    private static DateOnly NeededSince(WelfareQueueRow row) =>
        new[] { (DateOnly?)row.SubmittedOn, row.DetrimentReportedOn, row.Assignment?.DueOn }.Max()!.Value;

    private Task<Dictionary<Guid, string>> StaffNamesAsync(CancellationToken cancellationToken) => StaffNamesAsync(db, ForceId, cancellationToken);

    private static Task<Dictionary<Guid, string>> StaffNamesAsync(ReportPortalDbContext db, Guid? forceId, CancellationToken cancellationToken) =>
        db.StaffMembers.AsNoTracking().Where(s => s.ForceId == forceId).ToDictionaryAsync(s => s.Id, s => s.DisplayName, cancellationToken);

    /// <summary>The welfare key through the member's own welfare grant and private key; null when they are not a welfare lead of the case's force or hold no grant.</summary>
    internal async Task<byte[]?> OpenWelfareKeyAsync(Guid caseId, CancellationToken cancellationToken)
    {
        if (ForceId is not { } forceId || !await Held(forceId).AnyAsync(c => c.Id == caseId, cancellationToken)
            || await WelfareLeads.GrantOfAsync(db, caseId, staff.StaffMemberId, cancellationToken) is not { } grant)
        {
            return null;
        }

        using var privateKey = staff.UnlockPrivateKey();
        if (privateKey is null)
        {
            return null;
        }

        try
        {
            return CaseGrants.OpenWithPrivateKey(grant, privateKey, secrets.Retention);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    private async Task<CaseActionResult> ChangeAsync(Guid caseId, int version, Func<WelfareSupport, byte[], DateOnly, Task<string?>> change, CancellationToken cancellationToken)
    {
        var key = await OpenWelfareKeyAsync(caseId, cancellationToken);
        if (key is null)
        {
            return CaseActionResult.NotFound;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // The row is made once, at version 0, without a unique violation however many leads race to it.
            await db.Database.ExecuteSqlAsync($"""INSERT INTO "WelfareSupports" ("CaseId", "Version") VALUES ({caseId}, 0) ON CONFLICT DO NOTHING""", cancellationToken);
            var support = await db.WelfareSupports.SingleAsync(s => s.CaseId == caseId, cancellationToken);
            if (support.Version != version)
            {
                return CaseActionResult.Stale;
            }

            if (await change(support, key, UkCalendar.Today(time)) is { } problem)
            {
                return CaseActionResult.Refused(problem);
            }

            support.Version = version + 1;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CaseActionResult.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseActionResult.Stale;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Appends to the log or thread of a case whose support is running; no version needed, nothing it changes is contended.</summary>
    private async Task<CaseActionResult> AppendAsync(Guid caseId, Func<WelfareSupport, byte[], DateOnly, Task> append, CancellationToken cancellationToken)
    {
        var key = await OpenWelfareKeyAsync(caseId, cancellationToken);
        if (key is null)
        {
            return CaseActionResult.NotFound;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var support = await db.WelfareSupports.SingleOrDefaultAsync(s => s.CaseId == caseId, cancellationToken);
            if (support is not { LeadStaffMemberId: not null, EndedOn: null })
            {
                return CaseActionResult.Refused("Assign a welfare lead to this reporter first.");
            }

            await append(support, key, UkCalendar.Today(time));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CaseActionResult.Done;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task AddLogAsync(Guid caseId, WelfareLogKind kind, string? text, byte[] key, DateOnly today, Guid? about, CancellationToken cancellationToken)
    {
        var entry = new WelfareLogEntry
        {
            CaseId = caseId,
            Sequence = await CaseSequence.NextMessageAsync(db, caseId, cancellationToken),
            Kind = kind,
            StaffMemberId = staff.StaffMemberId,
            AboutStaffMemberId = about,
            WrittenOn = today,
        };
        entry.SealedBody = text is null ? null : WelfareSeal.Log(key, entry, text);
        db.WelfareLogEntries.Add(entry);
    }

    /// <summary>Meets the open welfare clocks of one kind (or both, when <paramref name="kind"/> is null).</summary>
    private async Task MeetClocksAsync(Guid caseId, DateOnly today, DeadlineKind? kind, CancellationToken cancellationToken)
    {
        var open = await db.Deadlines.Where(d => d.CaseId == caseId && d.MetOn == null && WelfareKinds.Contains(d.Kind) && (kind == null || d.Kind == kind))
            .ToListAsync(cancellationToken);
        foreach (var deadline in open)
        {
            deadline.MetOn = today;
        }
    }

    private static string? TextProblem(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? $"Enter {what}."
        : text.Length > MaxTextLength ? $"Keep {what} to {MaxTextLength} characters or fewer."
        : null;
}

public static class WelfareSetup
{
    public static IServiceCollection AddWelfare(this IServiceCollection services) => services.AddScoped<WelfareDesk>().AddScoped<WelfareCheckIns>();
}
