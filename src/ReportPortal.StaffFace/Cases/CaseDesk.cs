using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Cases;

public enum CaseActionStatus
{
    Done,
    NotFound,
    Stale,
    Refused,
}

public sealed record CaseActionResult(CaseActionStatus Status, string? Problem = null)
{
    public const string StaleMessage = "Someone else changed this case after you opened it. Your change was not saved: check the case as it is now and try again.";

    public static readonly CaseActionResult Done = new(CaseActionStatus.Done);
    public static readonly CaseActionResult NotFound = new(CaseActionStatus.NotFound);
    public static readonly CaseActionResult Stale = new(CaseActionStatus.Stale, StaleMessage);

    public static CaseActionResult Refused(string problem) => new(CaseActionStatus.Refused, problem);
}

public sealed record ReferralCriteria(bool SexualPurpose, bool Discrimination, bool SeriousSexualOffence, bool SeriousCorruption)
{
    public bool Any => SexualPurpose || Discrimination || SeriousSexualOffence || SeriousCorruption;
}

public sealed record ViewMessage(MessageAuthor Author, string? StaffName, DateOnly SentOn, string Body);

public sealed record ViewNote(string StaffName, DateOnly WrittenOn, string Body);

public sealed record Holder(Guid StaffMemberId, string Name, bool IsAssignee);

public sealed record Candidate(Guid StaffMemberId, string Name);

public sealed record CaseView(
    Case Case,
    ReportAccount Account,
    IReadOnlyList<SubjectDetails> Subjects,
    ReporterIdentity? OpenReporter,
    string? ReferralReasons,
    IReadOnlyList<CaseEvent> Timeline,
    IReadOnlyList<ClockState> Clocks,
    IReadOnlyList<ViewMessage> Messages,
    IReadOnlyList<ViewNote> Notes,
    IReadOnlyList<Holder> Holders,
    IReadOnlyList<Candidate> Candidates);

/// <summary>
/// Everything a handler does with a case they hold. Every state change names the version of the case the
/// form was loaded from and is refused as stale if the case has moved on since; the version check is also
/// in the UPDATE itself, so two changes racing from one version cannot both land.
/// </summary>
public sealed class CaseDesk(ReportPortalDbContext db, CaseAccess access, StaffSecrets secrets, AuditLog audit, TimeProvider time, WorkingCalendar calendar)
{
    public const int MaxTextLength = 5_000;

    public async Task<CaseView?> ViewAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var @case = await access.Workable().AsNoTracking().Include(c => c.Subjects).SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        var caseKey = @case is null ? null : await access.OpenCaseKeyAsync(caseId, cancellationToken);
        if (@case is null || caseKey is null)
        {
            return null;
        }

        try
        {
            var account = SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(caseId, caseId, SealedFields.Account));
            var subjects = @case.Subjects.Select(s => SealedFields.OpenRecord<SubjectDetails>(caseKey, s.SealedDetails, new SealContext(caseId, s.Id, SealedFields.SubjectDetails))).ToList();
            // Only an open reporter's identity is under the case key; a confidential one's needs custodians.
            var openReporter = @case.IdentityMode == IdentityMode.Open && @case.SealedReporterIdentity is { } sealedIdentity
                ? SealedFields.OpenRecord<ReporterIdentity>(caseKey, sealedIdentity, new SealContext(caseId, caseId, SealedFields.ReporterIdentity))
                : null;
            var reasons = @case.SealedReferralReasons is { } sealedReasons
                ? Sealer.OpenText(caseKey, sealedReasons, new SealContext(caseId, caseId, SealedFields.ReferralReasons))
                : null;
            var events = await db.CaseEvents.AsNoTracking().Where(e => e.CaseId == caseId).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
            var clocks = await CaseClocks.OfCaseAsync(db, caseId, calendar, UkCalendar.Today(time), cancellationToken);
            var messages = await db.CaseMessages.AsNoTracking().Where(m => m.CaseId == caseId).OrderBy(m => m.Sequence).ToListAsync(cancellationToken);
            var notes = await db.CaseNotes.AsNoTracking().Where(n => n.CaseId == caseId).OrderBy(n => n.WrittenOn).ToListAsync(cancellationToken);
            var staff = await db.StaffMembers.AsNoTracking().Where(s => s.ForceId == @case.ForceId).ToListAsync(cancellationToken);
            var eligible = await ConflictRule.Eligible(db, caseId).Where(s => s.ForceId == @case.ForceId && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Handler)).Select(s => s.Id).ToListAsync(cancellationToken);
            var holderIds = await db.KeyGrants.AsNoTracking()
                .Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent && g.StaffMemberId != null)
                .Select(g => g.StaffMemberId!.Value).ToListAsync(cancellationToken);
            string Name(Guid? id) => staff.FirstOrDefault(s => s.Id == id)?.DisplayName ?? "A former member of staff";
            var view = new CaseView(
                @case, account, subjects, openReporter, reasons, events, clocks,
                messages.Select(m => new ViewMessage(m.Author, m.Author == MessageAuthor.Staff ? Name(m.StaffMemberId) : null, m.SentOn, SealedFields.OpenMessage(caseKey, m))).ToList(),
                notes.Select(n => new ViewNote(Name(n.StaffMemberId), n.WrittenOn, SealedFields.OpenNote(caseKey, n))).ToList(),
                holderIds.Select(id => new Holder(id, Name(id), @case.AssigneeStaffMemberId == id)).OrderBy(h => h.Name, StringComparer.Ordinal).ToList(),
                staff.Where(s => s.IsActive && !holderIds.Contains(s.Id) && eligible.Contains(s.Id)).Select(s => new Candidate(s.Id, s.DisplayName)).OrderBy(c => c.Name, StringComparer.Ordinal).ToList());
            await audit.AppendAsync(AuditActions.CaseViewed, access.StaffMemberId, caseId, null, cancellationToken);
            return view;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    public Task<CaseActionResult> AcknowledgeAsync(Guid caseId, int version, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.TriageChanged, "acknowledged", async (@case, _, today) =>
        {
            if (@case.Status != CaseStatus.Received)
            {
                return "This case has already been acknowledged.";
            }

            // Meets the acknowledgement clock; feedback now runs from this day and the long-investigation clock starts (ClockRules).
            @case.Status = CaseStatus.Acknowledged;
            @case.AcknowledgedOn = today;
            await AddEventAsync(@case, CaseEventKind.Acknowledged, today, cancellationToken);
            return null;
        }, cancellationToken);

    public Task<CaseActionResult> AssessSeverityAsync(Guid caseId, int version, CaseSeverity severity, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.TriageChanged, "severity " + StoredNames.Severity[severity], async (@case, _, today) =>
        {
            if (OpenForTriage(@case) is { } problem)
            {
                return problem;
            }

            @case.Severity = severity;
            if (@case.Status == CaseStatus.Acknowledged)
            {
                @case.Status = CaseStatus.Assessing;
                await AddEventAsync(@case, CaseEventKind.AssessmentStarted, today, cancellationToken);
            }

            return null;
        }, cancellationToken);

    public Task<CaseActionResult> SetReferralCriteriaAsync(Guid caseId, int version, ReferralCriteria criteria, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.TriageChanged, "referral criteria", (@case, _, today) =>
        {
            if (OpenForTriage(@case) is { } problem)
            {
                return Task.FromResult<string?>(problem);
            }

            @case.CriterionSexualPurpose = criteria.SexualPurpose;
            @case.CriterionDiscrimination = criteria.Discrimination;
            @case.CriterionSeriousSexualOffence = criteria.SeriousSexualOffence;
            @case.CriterionSeriousCorruption = criteria.SeriousCorruption;
            // A ticked criterion starts the decision clock once: end of the next working day (DESIGN §5).
            if (criteria.Any && @case.ReferralDecision is null && @case.ReferralCriterionTickedOn is null)
            {
                @case.ReferralCriterionTickedOn = today;
            }

            return Task.FromResult<string?>(null);
        }, cancellationToken);

    public Task<CaseActionResult> DecideReferralAsync(Guid caseId, int version, ReferralDecision decision, string? reasons, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.TriageChanged, "referral " + StoredNames.Referral[decision], async (@case, caseKey, today) =>
        {
            if (OpenForTriage(@case) is { } problem)
            {
                return problem;
            }

            if (TextProblem(reasons, "the reasons for the referral decision") is { } missing)
            {
                return missing;
            }

            @case.ReferralDecision = decision;
            @case.SealedReferralReasons = Sealer.SealText(caseKey, reasons!, new SealContext(@case.Id, @case.Id, SealedFields.ReferralReasons));
            // The first decision's day meets the referral clock; a changed decision later does not move it.
            @case.ReferralDecidedOn ??= today;

            if (decision == ReferralDecision.Refer)
            {
                await AddEventAsync(@case, CaseEventKind.ReferredToIopc, today, cancellationToken);
            }

            return null;
        }, cancellationToken);

    public Task<CaseActionResult> RecordOutcomeAsync(Guid caseId, int version, CaseOutcome outcome, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.OutcomeRecorded, StoredNames.Outcome[outcome], (@case, _, _) =>
        {
            if (OpenForTriage(@case) is { } problem)
            {
                return Task.FromResult<string?>(problem);
            }

            @case.Outcome = outcome;
            return Task.FromResult<string?>(null);
        }, cancellationToken);

    /// <summary>Closing sends the reporter their feedback in the same step: a case cannot close without it.</summary>
    public Task<CaseActionResult> CloseAsync(Guid caseId, int version, string? feedback, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.OutcomeRecorded, "closed", async (@case, caseKey, today) =>
        {
            if (OpenForTriage(@case) is { } problem)
            {
                return problem;
            }

            if (@case.Outcome is null)
            {
                return "Record the outcome before closing the case.";
            }

            if (TextProblem(feedback, "the feedback to the reporter") is { } missing)
            {
                return missing;
            }

            await AddMessageAsync(@case.Id, caseKey, feedback!, today, cancellationToken);
            await AddEventAsync(@case, CaseEventKind.FeedbackGiven, today, cancellationToken);
            await AddEventAsync(@case, CaseEventKind.Closed, today, cancellationToken);
            @case.Status = CaseStatus.Closed;
            @case.ClosedOn = today;
            await audit.AppendAsync(AuditActions.MessageSent, access.StaffMemberId, @case.Id, "feedback", cancellationToken);
            return null;
        }, cancellationToken);

    /// <summary>A message to the reporter: no version needed, it changes no state, and its sequence comes from one atomic UPDATE.</summary>
    public async Task<CaseActionResult> SendMessageAsync(Guid caseId, string? body, CancellationToken cancellationToken)
    {
        if (TextProblem(body, "a message") is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        return await AppendSealedAsync(caseId, async (caseKey, today) =>
        {
            await AddMessageAsync(caseId, caseKey, body!, today, cancellationToken);
            await audit.AppendAsync(AuditActions.MessageSent, access.StaffMemberId, caseId, null, cancellationToken);
        }, cancellationToken);
    }

    public async Task<CaseActionResult> AddNoteAsync(Guid caseId, string? body, CancellationToken cancellationToken)
    {
        if (TextProblem(body, "a note") is { } problem)
        {
            return CaseActionResult.Refused(problem);
        }

        return await AppendSealedAsync(caseId, async (caseKey, today) =>
        {
            var note = new CaseNote { CaseId = caseId, StaffMemberId = access.StaffMemberId, WrittenOn = today, SealedBody = [] };
            note.SealedBody = SealedFields.SealNote(caseKey, caseId, note.Id, body!);
            db.CaseNotes.Add(note);
            await db.SaveChangesAsync(cancellationToken);
            await audit.AppendAsync(AuditActions.NoteAdded, access.StaffMemberId, caseId, null, cancellationToken);
        }, cancellationToken);
    }

    /// <summary>Grants the case to another member of the force: never to anyone named in the report, never to an unpinned key.</summary>
    public Task<CaseActionResult> GrantAsync(Guid caseId, int version, Guid staffMemberId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.GrantMade, $"to {staffMemberId:N}", async (@case, caseKey, today) =>
        {
            var member = await db.StaffMembers.AsNoTracking().SingleOrDefaultAsync(s => s.Id == staffMemberId && s.ForceId == @case.ForceId && s.IsActive, cancellationToken);
            if (member is null)
            {
                return "Choose a member of your force's staff.";
            }

            if (!await db.StaffMemberRoles.AnyAsync(r => r.StaffMemberId == member.Id && r.Role == StaffRoles.Handler, cancellationToken))
            {
                return $"{member.DisplayName} cannot be given this case: only handlers open a report (welfare leads, custodians and administrators get only the keys their role needs).";
            }

            if (await HoldsGrantAsync(caseId, staffMemberId, cancellationToken))
            {
                return $"{member.DisplayName} already has access.";
            }

            return (await Conflicts.CheckedGrants.ToMemberAsync(db, secrets, caseId, KeyPurpose.CaseContent, caseKey, member, access.StaffMemberId, today, cancellationToken)).Problem;
        }, cancellationToken);

    /// <summary>Deletes a member's grant; the last one is kept, or nobody on the staff side could open the case again.</summary>
    public Task<CaseActionResult> RemoveGrantAsync(Guid caseId, int version, Guid staffMemberId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.GrantRemoved, $"from {staffMemberId:N}", async (@case, _, _) =>
        {
            var grants = await db.KeyGrants
                .Where(g => g.CaseId == caseId && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent)
                .ToListAsync(cancellationToken);
            var removed = grants.FirstOrDefault(g => g.StaffMemberId == staffMemberId);
            if (removed is null)
            {
                return "That member of staff does not have access.";
            }

            if (grants.Count == 1)
            {
                return "The last person with access cannot be removed. Give someone else access first.";
            }

            db.KeyGrants.Remove(removed);
            if (@case.AssigneeStaffMemberId == staffMemberId)
            {
                @case.AssigneeStaffMemberId = null;
            }

            return null;
        }, cancellationToken, needsKey: false);

    /// <summary>Makes a holder the case's assignee, or nobody (null).</summary>
    public Task<CaseActionResult> AssignAsync(Guid caseId, int version, Guid? staffMemberId, CancellationToken cancellationToken) =>
        ChangeAsync(caseId, version, AuditActions.AssignmentChanged, staffMemberId is { } id ? $"to {id:N}" : "unassigned", async (@case, _, _) =>
        {
            if (staffMemberId is { } assignee
                && (!await HoldsGrantAsync(caseId, assignee, cancellationToken) || await ConflictRule.ExcludesAsync(db, caseId, assignee, cancellationToken)))
            {
                return "Only someone with access to the case can be assigned to it.";
            }

            @case.AssigneeStaffMemberId = staffMemberId;
            return null;
        }, cancellationToken, needsKey: false);

    private async Task<CaseActionResult> ChangeAsync(
        Guid caseId, int version, string auditAction, string auditDetail, Func<Case, byte[], DateOnly, Task<string?>> change, CancellationToken cancellationToken, bool needsKey = true)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var @case = await access.Workable().SingleOrDefaultAsync(c => c.Id == caseId, cancellationToken);
        if (@case is null)
        {
            return CaseActionResult.NotFound;
        }

        if (@case.Version != version)
        {
            return CaseActionResult.Stale;
        }

        var caseKey = needsKey ? await access.OpenCaseKeyAsync(caseId, cancellationToken) : [];
        if (caseKey is null)
        {
            return CaseActionResult.NotFound;
        }

        try
        {
            var today = UkCalendar.Today(time);
            if (await change(@case, caseKey, today) is { } problem)
            {
                return CaseActionResult.Refused(problem);
            }

            @case.Version = version + 1;
            await db.SaveChangesAsync(cancellationToken);
            // Every change goes through here: the inbox's projection follows the case's dates in the same transaction.
            await ClockProjection.RecomputeCaseAsync(db, caseId, calendar, today, cancellationToken);
            await audit.AppendAsync(auditAction, access.StaffMemberId, caseId, auditDetail, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return CaseActionResult.Done;
        }
        catch (DbUpdateConcurrencyException)
        {
            return CaseActionResult.Stale;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    private async Task<CaseActionResult> AppendSealedAsync(Guid caseId, Func<byte[], DateOnly, Task> append, CancellationToken cancellationToken)
    {
        if (!await access.Workable().AnyAsync(c => c.Id == caseId, cancellationToken) || await access.OpenCaseKeyAsync(caseId, cancellationToken) is not { } caseKey)
        {
            return CaseActionResult.NotFound;
        }

        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await append(caseKey, UkCalendar.Today(time));
            await transaction.CommitAsync(cancellationToken);
            return CaseActionResult.Done;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    private async Task AddMessageAsync(Guid caseId, byte[] caseKey, string body, DateOnly today, CancellationToken cancellationToken)
    {
        var message = new CaseMessage
        {
            CaseId = caseId,
            Sequence = await CaseSequence.NextMessageAsync(db, caseId, cancellationToken),
            Author = MessageAuthor.Staff,
            StaffMemberId = access.StaffMemberId,
            SentOn = today,
            SealedBody = [],
        };
        message.SealedBody = SealedFields.SealMessage(caseKey, caseId, message.Id, body);
        db.CaseMessages.Add(message);
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task AddEventAsync(Case @case, CaseEventKind kind, DateOnly today, CancellationToken cancellationToken)
    {
        var sequence = await CaseSequence.NextEventAsync(db, @case.Id, cancellationToken);
        db.CaseEvents.Add(new CaseEvent { CaseId = @case.Id, Sequence = sequence, Kind = kind, OccurredOn = today });
    }

    private Task<bool> HoldsGrantAsync(Guid caseId, Guid staffMemberId, CancellationToken cancellationToken) =>
        db.KeyGrants.AnyAsync(g => g.CaseId == caseId && g.StaffMemberId == staffMemberId && g.Holder == KeyHolder.Staff && g.Purpose == KeyPurpose.CaseContent, cancellationToken);

    private static string? OpenForTriage(Case @case) => @case.Status switch
    {
        CaseStatus.Received => "Acknowledge the report first.",
        CaseStatus.Closed => "This case is closed.",
        _ => null,
    };

    private static string? TextProblem(string? text, string what) =>
        string.IsNullOrWhiteSpace(text) ? $"Enter {what}."
        : text.Length > MaxTextLength ? $"Keep {what} to {MaxTextLength} characters or fewer."
        : null;
}
