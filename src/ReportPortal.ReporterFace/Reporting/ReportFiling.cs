using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.ReporterFace.Secrets;

namespace ReportPortal.ReporterFace.Reporting;

public abstract record FilingResult
{
    /// <summary>The case was saved whole under the reporter's receipt.</summary>
    public sealed record Filed(Receipt Receipt) : FilingResult;

    /// <summary>A case under this receipt was saved by an earlier send of the same answers; nothing new was.</summary>
    public sealed record AlreadyFiled : FilingResult;

    /// <summary>
    /// This form (its files-token, so its future case id) was already sent under another receipt: from another
    /// tab or window, or from an older copy of the page. Nothing new was saved, and this page's receipt opens nothing.
    /// </summary>
    public sealed record SentUnderAnotherReceipt : FilingResult;

    /// <summary>The chosen force stopped taking reports between showing and sending the form.</summary>
    public sealed record ForceUnavailable : FilingResult;
}

/// <summary>
/// Files a new report: seals every word under a fresh case key, grants that key to the escrow, to the
/// reporter's receipt and to the internal intake key, starts the clocks and writes it all in one
/// transaction. Blind indexes are not computed here: the index key never sits on the public server; the
/// internal side computes them when it takes the case in through the intake grant.
/// </summary>
public sealed class ReportFiling(ReportPortalDbContext db, ReporterSecrets secrets, TimeProvider time, WorkingCalendar calendar, PendingEvidence pending)
{
    public static string AcknowledgementText(string forceName, int days) =>
        $"Thank you for speaking up. Your report has reached {forceName}. Someone from the professional standards team " +
        $"will acknowledge it within {days} days. Come back here with your receipt to read updates, answer questions " +
        "and tell us if you are being treated badly because you reported.";

    /// <summary>
    /// Files the checked answers under the receipt the reporter already holds. The receipt arrives with
    /// the request, so a retry, a double click or a replay of the same send finds the case it filed.
    /// </summary>
    /// <param name="files">Files chosen before sending: the case is filed under their claim's id and key, and takes them.</param>
    public async Task<FilingResult> FileAsync(ReportForm form, Receipt receipt, CancellationToken cancellationToken, bool duringSurge = false, PendingClaim? files = null)
    {
        var tokenHash = SubmissionTokenHash(secrets.SubmissionTokenKey, receipt);
        if (await ReporterCaseProof.SubmissionFiledAsync(db, tokenHash, cancellationToken))
        {
            return new FilingResult.AlreadyFiled();
        }

        var force = await db.Forces.SingleOrDefaultAsync(f => f.Code == form.ForceCode && f.AcceptsReports, cancellationToken);
        if (force is null)
        {
            return new FilingResult.ForceUnavailable();
        }

        var today = UkCalendar.Today(time);
        var caseKey = files is null ? CaseKey.Generate() : files.CaseKey.ToArray();
        var reporterKey = receipt.DeriveReporterKey();
        var lookup = receipt.LookupHash(secrets.ReceiptLookupKey);
        try
        {
            var caseId = files?.CaseId ?? Guid.NewGuid();
            var mode = form.ParsedIdentityMode ?? IdentityMode.Anonymous;
            var wantsSupport = form.WantsSupport == "yes";
            var fearsRetaliation = form.FearsRetaliation == "yes";
            var account = form.ToAccount();
            var @case = new Case
            {
                Id = caseId,
                ForceId = force.Id,
                Reference = NewReference(),
                Categories = form.ParsedCategories,
                IdentityMode = mode,
                SupportRequested = wantsSupport,
                FearsRetaliation = fearsRetaliation,
                WelfareNeededSince = wantsSupport || fearsRetaliation ? today : null,
                RetaliationMonitoringConsent = form.MonitoringConsent && mode == IdentityMode.Confidential,
                SubmittedOn = today,
                ReceiptLookup = lookup,
                SubmissionTokenHash = tokenHash,
                SealedAccount = SealedFields.SealRecord(caseKey, account, new SealContext(caseId, caseId, SealedFields.Account)),
                LastMessageSequence = 1,
                LastEventSequence = 1,
                FiledDuringSurge = duringSurge,
            };

            @case.Grants.Add(CaseGrants.ToPublicKey(caseId, KeyPurpose.CaseContent, KeyHolder.Escrow, caseKey, secrets.EscrowPublicKey, secrets.Retention, today));
            @case.Grants.Add(CaseGrants.ToPublicKey(caseId, KeyPurpose.CaseContent, KeyHolder.Intake, caseKey, secrets.IntakePublicKey, secrets.Retention, today));
            @case.Grants.Add(CaseGrants.ToReporter(caseId, caseKey, reporterKey, secrets.Retention, today));
            Support.WelfareKeyAtFiling.Grant(@case, secrets, reporterKey, today);
            SealIdentity(@case, form, mode, caseKey, today);
            AddSubjects(@case, form, caseKey);

            var acknowledgement = new CaseMessage
            {
                CaseId = caseId,
                Sequence = 1,
                Author = MessageAuthor.System,
                SentOn = today,
                SealedBody = [],
            };
            acknowledgement.SealedBody = SealedFields.SealMessage(caseKey, caseId, acknowledgement.Id,
                AcknowledgementText(force.Name, force.Clocks.AcknowledgeWithinDays));
            @case.Messages.Add(acknowledgement);
            @case.Events.Add(new CaseEvent { CaseId = caseId, Sequence = 1, Kind = CaseEventKind.Submitted, OccurredOn = today });
            @case.Deadlines.AddRange(SubmissionClocks.Start(
                caseId, today, force.Clocks, wantsSupport || fearsRetaliation, calendar));

            // The database lets the reporter role add subjects and grants only to a case row inserted by the
            // same transaction, under that case's proof: one transaction, and no savepoint (a row inserted
            // after one carries the subtransaction's id, not the transaction's).
            await using var transaction = await ReporterCaseProof.BeginAsync(db, lookup, cancellationToken);
            if (files is not null && !await pending.TakeIntoAsync(@case, files, today, cancellationToken))
            {
                // Another send of this form took the files (and filed the case) while this one was on its way.
                await transaction.RollbackAsync(cancellationToken);
                return await SentBeforeAsync(tokenHash, cancellationToken);
            }

            db.Cases.Add(@case);
            var savepoints = db.Database.AutoSavepointsEnabled;
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException
                {
                    SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "IX_Cases_SubmissionTokenHash" or "IX_Cases_ReceiptLookup" or "PK_Cases",
                })
            {
                // Two sends of one report raced each other, or one form was sent twice: the other one saved it.
                // The same receipt meets a unique index on it; two tabs of one form (one files-token, so one
                // future case id) under different receipts meet the case's key. Nothing of this send is kept.
                db.ChangeTracker.Clear();
                await transaction.RollbackAsync(CancellationToken.None);
                return await SentBeforeAsync(tokenHash, cancellationToken);
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = savepoints;
            }

            return new FilingResult.Filed(receipt);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(caseKey);
            CryptographicOperations.ZeroMemory(reporterKey);
        }
    }

    /// <summary>After a send that found its report already filed: under this receipt, or under another one.</summary>
    private async Task<FilingResult> SentBeforeAsync(byte[] tokenHash, CancellationToken cancellationToken) =>
        await ReporterCaseProof.SubmissionFiledAsync(db, tokenHash, cancellationToken)
            ? new FilingResult.AlreadyFiled()
            : new FilingResult.SentUnderAnotherReceipt();

    /// <summary>
    /// One submission per receipt: HMAC-SHA256(submission-token sub-key, ASCII of the canonical receipt),
    /// what Cases.SubmissionTokenHash holds. Its own sub-key, so it never equals the receipt's lookup hash;
    /// derived, not random, so a repeated final send finds the case it already filed.
    /// </summary>
    internal static byte[] SubmissionTokenHash(byte[] submissionTokenKey, Receipt receipt) =>
        HMACSHA256.HashData(submissionTokenKey, System.Text.Encoding.ASCII.GetBytes(receipt.Canonical));

    /// <summary>
    /// An open reporter's identity is sealed with the case, for handlers to see; a confidential one is
    /// sealed under its own key granted only to the escrow, until a custodian approves a request.
    /// </summary>
    private void SealIdentity(Case @case, ReportForm form, IdentityMode mode, byte[] caseKey, DateOnly today)
    {
        if (mode == IdentityMode.Anonymous)
        {
            return;
        }

        var identity = new ReporterIdentity(form.ReporterName!, form.ReporterStaffNumber!, form.ReporterContact);
        var context = new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity);
        if (mode == IdentityMode.Open)
        {
            @case.SealedReporterIdentity = SealedFields.SealRecord(caseKey, identity, context);
            return;
        }

        var identityKey = CaseKey.Generate();
        try
        {
            @case.SealedReporterIdentity = SealedFields.SealRecord(identityKey, identity, context);
            @case.Grants.Add(CaseGrants.ToPublicKey(@case.Id, KeyPurpose.ReporterIdentity, KeyHolder.Escrow, identityKey, secrets.EscrowPublicKey, secrets.Retention, today));
            // Intake opens this grant once, to grant the identity key to the force's custodians (and, with HR
            // watch consent, to index the reporter's staff number), then deletes it. No handler receives it.
            @case.Grants.Add(CaseGrants.ToPublicKey(@case.Id, KeyPurpose.ReporterIdentity, KeyHolder.Intake, identityKey, secrets.IntakePublicKey, secrets.Retention, today));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(identityKey);
        }
    }

    private static void AddSubjects(Case @case, ReportForm form, byte[] caseKey)
    {
        foreach (var fields in form.Subjects.Where(s => !s.IsEmpty))
        {
            var subject = new CaseSubject { CaseId = @case.Id, SealedDetails = [] };
            var details = new SubjectDetails(fields.Name, fields.StaffNumber, fields.Force, fields.Unit, fields.Rank);
            subject.SealedDetails = SealedFields.SealRecord(caseKey, details, new SealContext(@case.Id, subject.Id, SealedFields.SubjectDetails));
            @case.Subjects.Add(subject);
        }
    }

    /// <summary>A short random reference for staff conversations ("RP-7K3M9Q"); random, so it reveals no order.</summary>
    private static string NewReference()
    {
        const string alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
        return "RP-" + RandomNumberGenerator.GetString(alphabet, 8);
    }
}
