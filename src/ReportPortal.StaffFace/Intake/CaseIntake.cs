using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.StaffFace.Disclosure;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Intake;

/// <summary>
/// Takes new reports in on the internal side. The public reporter face grants each new case to the
/// intake key; here that grant is opened once, the case's blind indexes are computed (the index key never
/// sits on the public server), the case key is granted to each intake handler of the force who is not
/// named in the report (conflict of interest, matched by staff-number index), and the intake grant is
/// deleted. A case waits, intake grant intact, while its force has no handler who can receive it.
/// </summary>
public sealed class CaseIntake(ReportPortalDbContext db, StaffSecrets secrets, AuditLog audit, TimeProvider time, WorkingCalendar calendar, ILogger<CaseIntake> logger)
{
    public const int BatchSize = 50;

    /// <summary>
    /// Takes in every waiting case, in batches of <see cref="BatchSize"/> walked by case id, so a case that
    /// cannot be handed on yet (its force has no handler who may receive it) never hides the cases after it.
    /// Returns how many were handed to handlers.
    /// </summary>
    public async Task<int> TakeInWaitingAsync(CancellationToken cancellationToken)
    {
        await Related.EvidenceIndexing.IndexWaitingAsync(db, secrets, logger, cancellationToken);
        var done = 0;
        Guid? after = null;
        while (true)
        {
            var batch = await db.KeyGrants.AsNoTracking()
                .Where(g => g.Holder == KeyHolder.Intake && (after == null || g.CaseId.CompareTo(after.Value) > 0))
                .Select(g => g.CaseId)
                .Distinct()
                .OrderBy(id => id)
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            foreach (var caseId in batch)
            {
                if (await TakeInAsync(caseId, cancellationToken))
                {
                    done++;
                }
            }

            if (batch.Count < BatchSize)
            {
                return done;
            }

            after = batch[^1];
        }
    }

    public async Task<bool> TakeInAsync(Guid caseId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // SKIP LOCKED: several staff nodes may run intake at once; each case is taken in by exactly one.
        var intakeGrants = await db.KeyGrants
            .FromSql($"""SELECT * FROM "KeyGrants" WHERE "CaseId" = {caseId} AND "Holder" = 'intake' FOR UPDATE SKIP LOCKED""")
            .ToListAsync(cancellationToken);
        var intakeGrant = intakeGrants.SingleOrDefault(g => g.Purpose == KeyPurpose.CaseContent);
        if (intakeGrant is null)
        {
            return false;
        }

        var @case = await db.Cases.Include(c => c.Subjects).SingleAsync(c => c.Id == caseId, cancellationToken);
        var forces = await db.Forces.AsNoTracking().Select(f => new ForceNames(f.Id, f.Code, f.Name)).ToListAsync(cancellationToken);
        var caseForce = forces.Single(f => f.Id == @case.ForceId);
        var caseKey = CaseGrants.OpenWithPrivateKey(intakeGrant, secrets.IntakeKey, secrets.Retention);
        try
        {
            var named = ComputeIndexes(@case, caseKey, caseForce, forces);
            // The intake flag alone is not enough: only a member who holds the handler role may receive a case
            // (an administrator flagged by mistake, or whose handler role was taken away, gets nothing).
            ConflictRule.RecordNamed(db, caseId, named);
            var handlers = await ConflictRule.Eligible(db, caseId)
                .Where(s => s.ForceId == @case.ForceId && s.IsIntakeHandler && s.IsActive
                    && db.StaffMemberRoles.Any(r => r.StaffMemberId == s.Id && r.Role == StaffRoles.Handler))
                .ToListAsync(cancellationToken);
            var today = UkCalendar.Today(time);
            var granted = 0;
            foreach (var handler in handlers)
            {
                if (ConflictRule.Names(named, handler.StaffNumberIndex))
                {
                    continue;
                }

                byte[] publicKey;
                try
                {
                    publicKey = StaffKeys.VerifiedPublicKey(handler, secrets.KeyPinKey);
                }
                catch (CryptographicException)
                {
                    logger.LogWarning("Staff member {StaffMemberId} was not given a new case: their public key failed its pin check.", handler.Id);
                    continue;
                }

                var grant = CaseGrants.ToPublicKey(caseId, KeyPurpose.CaseContent, KeyHolder.Staff, caseKey, publicKey, secrets.Retention, today);
                grant.StaffMemberId = handler.Id;
                db.KeyGrants.Add(grant);
                granted++;
            }

            if (granted == 0)
            {
                logger.LogWarning("A new report for force {ForceCode} is waiting: the force has no intake handler who can receive it.", caseForce.Code);
                await transaction.RollbackAsync(cancellationToken);
                db.ChangeTracker.Clear();
                return false;
            }

            if (intakeGrants.SingleOrDefault(g => g.Purpose == KeyPurpose.ReporterIdentity) is { } identityGrant)
            {
                await HandOnIdentityAsync(@case, identityGrant, caseForce, named, today, cancellationToken);
            }

            // The handlers hear of it by email, committed with the grants or not at all.
            Outbox.CaseGranted(db, caseId, db.ChangeTracker.Entries<KeyGrant>().Where(e => e.State == EntityState.Added && e.Entity.StaffMemberId is not null && e.Entity.Purpose == KeyPurpose.CaseContent).Select(e => e.Entity.StaffMemberId!.Value).ToList(), time);
            await Welfare.WelfareIntake.GrantAsync(db, secrets, @case, intakeGrants, named, today, cancellationToken);
            db.KeyGrants.RemoveRange(intakeGrants);
            await db.SaveChangesAsync(cancellationToken);
            await ClockProjection.RecomputeCaseAsync(db, caseId, calendar, today, cancellationToken);
            var staffGrants = db.ChangeTracker.Entries<KeyGrant>().Select(e => e.Entity).Where(g => g.Holder == KeyHolder.Staff).ToList();
            foreach (var grant in staffGrants)
            {
                await audit.AppendAsync(AuditActions.GrantMade, staffMemberId: null, caseId, $"intake to {grant.StaffMemberId:N}", cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return true;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
        }
    }

    /// <summary>Sets the case's and its subjects' blind indexes; returns the staff-number indexes of everyone named.</summary>
    private List<byte[]> ComputeIndexes(Case @case, byte[] caseKey, ForceNames caseForce, IReadOnlyList<ForceNames> forces)
    {
        var account = SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account));
        if (!string.IsNullOrWhiteSpace(account.GroupName))
        {
            @case.GroupIndex = secrets.Indexes.ChatGroup(account.Platform, account.GroupName);
        }

        var named = new List<byte[]>();
        foreach (var subject in @case.Subjects)
        {
            var details = SealedFields.OpenRecord<SubjectDetails>(caseKey, subject.SealedDetails, new SealContext(@case.Id, subject.Id, SealedFields.SubjectDetails));
            if (!string.IsNullOrWhiteSpace(details.Name))
            {
                subject.NameIndex = secrets.Indexes.SubjectName(details.Name);
            }

            if (!string.IsNullOrWhiteSpace(details.StaffNumber))
            {
                subject.StaffNumberIndex = secrets.Indexes.StaffNumber(ResolveForceCode(details.Force, caseForce, forces), details.StaffNumber);
                named.Add(subject.StaffNumberIndex);
                // Whatever force the reporter typed, a handler of this force with that number is kept away:
                // a misspelt force name must never hand a report to the colleague it is about.
                named.Add(secrets.Indexes.StaffNumber(caseForce.Code, details.StaffNumber));
            }
        }

        return named;
    }

    /// <summary>
    /// A confidential reporter's identity key, opened here once: granted to the force's custodians (never to
    /// handlers: docs/disclosure.md), and for a reporter who consented to HR watch, the index of their staff
    /// number (their own force is taken to be the force they reported to).
    /// </summary>
    private async Task HandOnIdentityAsync(Case @case, KeyGrant identityGrant, ForceNames caseForce, List<byte[]> named, DateOnly today, CancellationToken cancellationToken)
    {
        var identityKey = CaseGrants.OpenWithPrivateKey(identityGrant, secrets.IntakeKey, secrets.Retention);
        try
        {
            if (@case.RetaliationMonitoringConsent)
            {
                var identity = SealedFields.OpenRecord<ReporterIdentity>(identityKey, @case.SealedReporterIdentity!,
                    new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity));
                @case.ReporterStaffNumberIndex = secrets.Indexes.StaffNumber(caseForce.Code, identity.StaffNumber);
            }

            await IdentityCustodians.GrantAsync(db, secrets, logger, @case, identityKey, member => ConflictRule.Names(named, member.StaffNumberIndex), today, cancellationToken);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(identityKey);
        }
    }

    /// <summary>
    /// The stable code of the force a subject belongs to: the report's force unless the reporter named
    /// another that matches a known force by code or name. An unknown name is indexed as typed
    /// (normalised), so it still links reports that spell it the same way.
    /// </summary>
    internal static string ResolveForceCode(string? typed, ForceNames caseForce, IReadOnlyList<ForceNames> forces)
    {
        if (string.IsNullOrWhiteSpace(typed))
        {
            return caseForce.Code;
        }

        var wanted = BlindIndex.NormaliseName(typed);
        var match = forces.FirstOrDefault(f => BlindIndex.NormaliseName(f.Code) == wanted || BlindIndex.NormaliseName(f.Name) == wanted);
        return match?.Code ?? "unlisted:" + wanted;
    }

    internal sealed record ForceNames(Guid Id, string Code, string Name);
}

/// <summary>Runs intake every few seconds on each staff node (ReportPortal:Intake:IntervalSeconds).</summary>
public sealed class IntakeWorker(IServiceScopeFactory scopes, TimeProvider time, IConfiguration configuration, ILogger<IntakeWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("ReportPortal:Intake:IntervalSeconds", 10));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var scope = scopes.CreateScope();
                await scope.ServiceProvider.GetRequiredService<CaseIntake>().TakeInWaitingAsync(stoppingToken);
                await scope.ServiceProvider.GetRequiredService<DisclosureRelease>().ReleaseDueAsync(caseId: null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The exception type only: messages from the database could carry values.
                logger.LogError("Intake failed ({ExceptionType}); it will be tried again.", e.GetType().Name);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public static class IntakeSetup
{
    public static IServiceCollection AddIntake(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddScoped<CaseIntake>();
        if (configuration.GetValue("ReportPortal:Intake:Enabled", true))
        {
            services.AddHostedService<IntakeWorker>();
        }

        return services;
    }
}
