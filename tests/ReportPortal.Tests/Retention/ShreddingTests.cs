extern alias staff;

using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Evidence;
using ReportPortal.Core.Retention;
using ReportPortal.Core.Secrets;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.Tests.Evidence;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.Safety;
using ReportPortal.Tests.TestHost;
using ICurrentStaff = staff::ReportPortal.StaffFace.Staff.ICurrentStaff;
using LegalHolds = staff::ReportPortal.StaffFace.Retention.LegalHolds;
using RetentionKeyStatus = staff::ReportPortal.StaffFace.Retention.RetentionKeyStatus;
using StaffRoles = staff::ReportPortal.StaffFace.Staff.StaffRoles;
using StaffSecrets = staff::ReportPortal.StaffFace.Secrets.StaffSecrets;

namespace ReportPortal.Tests.Retention;

/// <summary>
/// Crypto-shredding at the end of retention, on real PostgreSQL as the staff role, with real blobs: the
/// case, its grants and files go, a content-free tombstone stays, and once the retention key is retired
/// and destroyed no grant of the case opens, not even the escrow grant from a pg_dump taken before.
/// </summary>
public sealed class ShreddingTests : ReporterAppTest
{
    private const string WhatCanary = "CanaryShredWhatQx31";
    private const string GroupCanary = "CanaryShredGroupZk32";
    private const string ReplyCanary = "CanaryShredReplyWm33";

    [Fact]
    public async Task A_shredded_case_opens_with_no_grant_not_even_the_escrow_grant_from_a_backup_taken_before()
    {
        var alice = await App.AddStaffAsync("alice", "4001");
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("what", WhatCanary).Set("group", GroupCanary));
        var inbox = await SignInAsync(receipt.Display);
        inbox = await Browser.SubmitAsync(inbox, "reply", ("reply", ReplyCanary));
        await InboxUploadTests.UploadAsync(Browser, inbox, new InboxUploadTests.UploadPart(1, "chat.pdf", EvidenceSamples.PdfWithAuthor(), Keep: true));
        await FileAsync(new ReportFields());
        Assert.Equal(2, await App.RunIntakeAsync());
        var (shredId, keptId) = await CaseIdsAsync();
        var shredCase = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.EvidenceFiles).SingleAsync(c => c.Id == shredId));
        var blobs = shredCase.EvidenceFiles.SelectMany(f => new[] { f.StorageKey, f.OriginalStorageKey! }).Select(BlobPath).ToList();
        Assert.Equal(2, blobs.Count);
        Assert.All(blobs, path => Assert.True(File.Exists(path)));
        await CloseAsync(shredId, CaseOutcome.Withdrawn);

        var server = await PostgresServer.GetAsync();
        var backup = await server.DumpAsync(App.AdminConnectionString);
        var backupGrants = BackupGrants(backup, shredId);
        Assert.Equal(
            [(KeyHolder.Escrow, KeyPurpose.CaseContent), (KeyHolder.Escrow, KeyPurpose.Welfare), (KeyHolder.Reporter, KeyPurpose.CaseContent), (KeyHolder.Reporter, KeyPurpose.Welfare), (KeyHolder.Staff, KeyPurpose.CaseContent)],
            backupGrants.Select(g => (g.Holder, g.Purpose)).Order());
        // Until the period's key is gone, the backup's escrow grant still opens: that is what the key's destruction is for.
        var escrowFromBackup = backupGrants.Single(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent);
        Assert.NotEmpty(CaseGrants.OpenWithPrivateKey(escrowFromBackup, App.Escrow, App.Retention));
        Assert.Contains(Convert.ToHexString(shredCase.SealedAccount), backup, StringComparison.OrdinalIgnoreCase);

        // Withdrawn: kept 12 months from closure; the reporter's access (12 months by default) ends the day before.
        var shredFrom = UkCalendar.Today(App.Clock).AddMonths(12).AddDays(1);
        MoveTo(shredFrom.AddDays(-1));
        Assert.Equal(0, await ShredAsync());
        MoveTo(shredFrom);
        Assert.Equal(1, await ShredAsync());

        await App.WithDatabaseAsync(async db =>
        {
            Assert.False(await db.Cases.AnyAsync(c => c.Id == shredId));
            Assert.False(await db.KeyGrants.AnyAsync(g => g.CaseId == shredId));
            Assert.False(await db.CaseMessages.AnyAsync(m => m.CaseId == shredId));
            Assert.False(await db.EvidenceFiles.AnyAsync(f => f.CaseId == shredId));
            Assert.True(await db.Cases.AnyAsync(c => c.Id == keptId));
            var tombstone = await db.CaseTombstones.AsNoTracking().SingleAsync();
            Assert.Equal(CaseOutcome.Withdrawn, tombstone.Outcome);
            Assert.Equal(CaseTombstone.MonthOf(shredCase.SubmittedOn), tombstone.SubmittedMonth);
            Assert.Equal(1, tombstone.ClosedMonth.Day);
            Assert.Equal(UkCalendar.Today(App.Clock), tombstone.ShreddedOn);
            Assert.Equal([App.Retention.CurrentId], tombstone.RetentionKeyIds);
            var shredded = await db.AuditEntries.AsNoTracking().SingleAsync(e => e.Action == AuditActions.CaseShredded);
            Assert.Equal((shredId, "withdrawn"), (shredded.CaseId!.Value, shredded.Detail!));
        });
        Assert.All(blobs, path => Assert.False(File.Exists(path), $"{path} is still there"));

        // The operators' page says the shredded case is still readable from older backups, and which key to retire.
        var oldId = App.Retention.CurrentId;
        var before = await KeyStatesAsync(App.Retention);
        Assert.Equal((oldId, true, true, 1, 1, UkCalendar.Today(App.Clock)), Single(before));

        // The operator makes a new key current everywhere and retires the old one: the case still open moves to the new key...
        var newKey = RandomNumberGenerator.GetBytes(32);
        var both = new RetentionKeys("r-next", new Dictionary<string, byte[]> { [App.Retention.CurrentId] = App.Retention.Current, ["r-next"] = newKey });
        var moved = await AsStaffAsync((db, audit) => RetentionKeyRetirement.MoveOffAsync(db, both, App.Retention.CurrentId, audit, CancellationToken.None));
        Assert.Equal(5, moved);
        var rotated = await KeyStatesAsync(both);
        Assert.True(rotated.Single(k => k.Id == oldId) is { ToRetire: true, Current: false, LiveCases: 0, ShreddedCases: 1 });
        Assert.True(rotated.Single(k => k.Id == "r-next") is { ToRetire: false, Current: true, LiveCases: 1, ShreddedCases: 0 });
        // ...then destroys the old key. The open case still opens; nothing of the shredded one does, backup or not.
        var afterDestruction = new RetentionKeys("r-next", new Dictionary<string, byte[]> { ["r-next"] = newKey });
        Assert.DoesNotContain(await KeyStatesAsync(afterDestruction), k => k.ToRetire);
        Assert.True((await KeyStatesAsync(afterDestruction)).Single(k => k.Id == oldId) is { Held: false, LiveCases: 0, ShreddedCases: 1 });
        var keptEscrow = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().SingleAsync(g => g.CaseId == keptId && g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent));
        Assert.NotEmpty(CaseGrants.OpenWithPrivateKey(keptEscrow, App.Escrow, afterDestruction));
        using var aliceKey = StaffKeys.Unlock(alice, StaffFixtures.Password("alice"), App.Settings.StaffKeyPepper);
        foreach (var grant in backupGrants)
        {
            var error = Assert.ThrowsAny<CryptographicException>(() => grant.Holder switch
            {
                KeyHolder.Escrow => CaseGrants.OpenWithPrivateKey(grant, App.Escrow, afterDestruction),
                KeyHolder.Staff => CaseGrants.OpenWithPrivateKey(grant, aliceKey, afterDestruction),
                _ => CaseGrants.OpenReporterGrant(grant, receipt.DeriveReporterKey(), afterDestruction),
            });
            Assert.Contains("shredded", error.Message, StringComparison.Ordinal);
        }

        // Nothing of the report is left to find: not the words, not the ciphertext, not the files.
        var after = await server.DumpAsync(App.AdminConnectionString);
        Assert.DoesNotContain(Convert.ToHexString(shredCase.SealedAccount), after, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(shredCase.Reference, after, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(escrowFromBackup.WrappedKey), after, StringComparison.OrdinalIgnoreCase);
        var remainingBlobs = Directory.EnumerateFiles(App.EvidenceBlobFolder, "*", SearchOption.AllDirectories).Select(File.ReadAllBytes).ToList();
        foreach (var canary in new[] { WhatCanary, GroupCanary, ReplyCanary, EvidenceSamples.PdfText, receipt.Canonical })
        {
            foreach (var form in CanaryTests.Encodings(canary))
            {
                Assert.DoesNotContain(form, after, StringComparison.OrdinalIgnoreCase);
                Assert.All(remainingBlobs, blob => Assert.DoesNotContain(form, System.Text.Encoding.Latin1.GetString(blob), StringComparison.OrdinalIgnoreCase));
            }
        }

        Assert.True((await App.WithDatabaseAsync(db => AuditLog.VerifyAsync(db, AuditKey(), CancellationToken.None))).Intact);
    }

    [Fact]
    public async Task A_legal_hold_stops_the_shred_until_it_is_lifted_and_open_cases_are_never_shredded()
    {
        var custodian = await App.AddStaffAsync("carol", "4009", intake: false, roles: ["custodian"]);
        await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var (heldId, openId) = await CaseIdsAsync();
        await CloseAsync(heldId, CaseOutcome.NoCaseToAnswer);
        var reference = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == heldId).Select(c => c.Reference).SingleAsync());

        var errors = new Core.Ui.FormErrors();
        Assert.True(await AsStaffAsync((db, audit) => Holds(db, audit, custodian).PlaceAsync(new() { Reference = reference.ToLowerInvariant(), Reason = "litigation" }, errors, CancellationToken.None)));
        // A second hold on a held case is refused with a reason, not an error page.
        Assert.False(await AsStaffAsync((db, audit) => Holds(db, audit, custodian).PlaceAsync(new() { Reference = reference, Reason = "inquiry" }, errors, CancellationToken.None)));
        Assert.Equal("This case is already on legal hold.", errors.For("reference"));

        App.Clock.Advance(TimeSpan.FromDays(365 * 5));
        Assert.Equal(0, await ShredAsync());
        Assert.Equal(2, await App.CaseCountAsync());

        var hold = Assert.Single(await AsStaffAsync((db, audit) => Holds(db, audit, custodian).ActiveAsync(CancellationToken.None)));
        Assert.Equal((reference, LegalHoldReason.Litigation, "carol"), (hold.Reference, hold.Reason, hold.PlacedBy));
        Assert.True(await AsStaffAsync((db, audit) => Holds(db, audit, custodian).LiftAsync(new() { Hold = hold.Id, Reason = "proceedings-concluded" }, new(), CancellationToken.None)));
        var again = new Core.Ui.FormErrors();
        Assert.False(await AsStaffAsync((db, audit) => Holds(db, audit, custodian).LiftAsync(new() { Hold = hold.Id, Reason = "proceedings-concluded" }, again, CancellationToken.None)));
        Assert.NotNull(again.For("lift-reason"));

        Assert.Equal(1, await ShredAsync());
        Assert.True(await App.WithDatabaseAsync(db => db.Cases.AnyAsync(c => c.Id == openId)));
        var audited = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.CaseId == heldId).Select(e => new { e.Action, e.Detail }).ToListAsync());
        Assert.Contains(audited, e => e.Action == AuditActions.LegalHoldPlaced && e.Detail == "litigation");
        Assert.Contains(audited, e => e.Action == AuditActions.LegalHoldLifted && e.Detail == "proceedings-concluded");
        Assert.Contains(audited, e => e.Action == AuditActions.CaseShredded);
    }

    [Fact]
    public async Task Two_nodes_shredding_at_once_shred_each_case_once_and_a_second_pass_does_nothing()
    {
        await App.AddStaffAsync("alice", "4001");
        for (var i = 0; i < 4; i++)
        {
            await FileAsync(new ReportFields());
        }

        await App.RunIntakeAsync();
        var ids = await App.WithDatabaseAsync(db => db.Cases.Select(c => c.Id).ToListAsync());
        foreach (var id in ids)
        {
            await CloseAsync(id, CaseOutcome.InsufficientInformation);
        }

        App.Clock.Advance(TimeSpan.FromDays(366 * 2 + 2));
        var counts = await Task.WhenAll(ShredAsync(), ShredAsync());

        Assert.Equal(4, counts.Sum());
        Assert.Equal(0, await ShredAsync());
        await App.WithDatabaseAsync(async db =>
        {
            Assert.Equal(0, await db.Cases.CountAsync());
            Assert.Equal(4, await db.CaseTombstones.CountAsync(t => t.Outcome == CaseOutcome.InsufficientInformation));
            Assert.Equal(4, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.CaseShredded));
        });
        Assert.True((await App.WithDatabaseAsync(db => AuditLog.VerifyAsync(db, AuditKey(), CancellationToken.None))).Intact);
    }

    [Fact]
    public async Task A_force_period_is_counted_from_closure_and_never_ends_before_the_reporters_access()
    {
        await App.AddStaffAsync("alice", "4001");
        await FileAsync(new ReportFields());
        await FileAsync(new ReportFields());
        await App.RunIntakeAsync();
        var (misconduct, withdrawn) = await CaseIdsAsync();
        await App.WithDatabaseAsync(async db =>
        {
            var force = await db.Forces.SingleAsync(f => f.Code == "demo");
            force.Clocks.ReporterAccessEndsMonthsAfterClosure = 24;
            db.RetentionSettings.Add(new RetentionSettings { ForceId = force.Id, MisconductMeetingMonths = 18, WithdrawnMonths = 1 });
            await db.SaveChangesAsync();
        });
        await CloseAsync(misconduct, CaseOutcome.MisconductMeeting);
        await CloseAsync(withdrawn, CaseOutcome.Withdrawn);

        // Withdrawn is kept 1 month here, but the reporter may come back for 24: nothing goes at 19 months.
        App.Clock.Advance(TimeSpan.FromDays(580));
        Assert.Equal(0, await ShredAsync());
        App.Clock.Advance(TimeSpan.FromDays(160));
        Assert.Equal(2, await ShredAsync());
        var outcomes = await App.WithDatabaseAsync(db => db.CaseTombstones.Select(t => t.Outcome).ToListAsync());
        Assert.Equal([CaseOutcome.MisconductMeeting, CaseOutcome.Withdrawn], outcomes.Order());
    }

    [Fact]
    public void The_shred_day_is_the_later_of_the_period_and_the_end_of_reporter_access()
    {
        var clocks = new Core.Forces.ClockSettings { ReporterAccessEndsMonthsAfterClosure = 12 };
        var closed = new DateOnly(2027, 1, 31);
        Assert.Equal(new DateOnly(2033, 1, 31), RetentionRules.ShredFrom(closed, 72, clocks));
        // 1 month would be 28 February; the reporter can still open the case until 31 January 2028.
        Assert.Equal(new DateOnly(2028, 2, 1), RetentionRules.ShredFrom(closed, 1, clocks));
        Assert.False(RetentionRules.IsDue(new DateOnly(2028, 2, 29), 12, clocks, new DateOnly(2029, 2, 28)));
        Assert.True(RetentionRules.IsDue(new DateOnly(2028, 2, 29), 12, clocks, new DateOnly(2029, 3, 1)));
        Assert.Equal(new RetentionSettings().GrossMisconductHearingMonths, new RetentionSettings().MonthsFor(null));
    }

    private async Task<(Guid First, Guid Second)> CaseIdsAsync()
    {
        var ids = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().OrderBy(c => c.SubmittedOn).ThenBy(c => c.Id).Select(c => new { c.Id, c.Categories }).ToListAsync());
        // Filed one after the other; the first has the reporter's reply.
        var replied = await App.WithDatabaseAsync(db => db.CaseMessages.Where(m => m.Author == MessageAuthor.Reporter).Select(m => (Guid?)m.CaseId).FirstOrDefaultAsync());
        var first = replied ?? ids[0].Id;
        return (first, ids.Single(i => i.Id != first).Id);
    }

    private void MoveTo(DateOnly day) => App.Clock.Set(new DateTimeOffset(day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero));

    private async Task CloseAsync(Guid caseId, CaseOutcome outcome)
    {
        var today = UkCalendar.Today(App.Clock);
        await App.WithDatabaseAsync(db => db.Cases.Where(c => c.Id == caseId).ExecuteUpdateAsync(u => u
            .SetProperty(c => c.Status, CaseStatus.Closed).SetProperty(c => c.ClosedOn, today).SetProperty(c => c.Outcome, outcome)));
    }

    private Task<IReadOnlyList<RetentionKeyStatus.KeyState>> KeyStatesAsync(RetentionKeys keys) =>
        AsStaffAsync((db, _) => new RetentionKeyStatus(db, keys).LoadAsync(CancellationToken.None));

    private static (string, bool, bool, int, int, DateOnly?) Single(IReadOnlyList<RetentionKeyStatus.KeyState> keys) =>
        Assert.Single(keys) is var k ? (k.Id, k.Current, k.ToRetire, k.LiveCases, k.ShreddedCases, k.FirstShreddedOn) : default;

    private Task<int> ShredAsync() => AsStaffAsync((db, audit) =>
        new CaseShredding(db, new FileSystemBlobStore(App.EvidenceBlobFolder), audit, App.Clock).ShredDueAsync(CancellationToken.None));

    /// <summary>Work as the staff face does it: the staff database role and the staff face's audit key.</summary>
    private async Task<T> AsStaffAsync<T>(Func<Core.Database.ReportPortalDbContext, AuditLog, Task<T>> work)
    {
        using var secrets = StaffSecrets.FromConfiguration(App.Settings.Staff);
        await using var db = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.StaffRole));
        return await work(db, new AuditLog(db, secrets.AuditKey, App.Clock));
    }

    private LegalHolds Holds(Core.Database.ReportPortalDbContext db, AuditLog audit, StaffMember member) =>
        new(db, new SignedIn(member), audit, App.Clock);

    private byte[] AuditKey() => Convert.FromBase64String(App.Settings.Staff["ReportPortal:Staff:AuditKey"]!);

    private string BlobPath(string key) => Path.Combine(App.EvidenceBlobFolder, key[..2], key);

    /// <summary>The case's grant rows as a plain pg_dump holds them (COPY text, bytea as \\x hex).</summary>
    private static List<KeyGrant> BackupGrants(string dump, Guid caseId)
    {
        var lines = dump.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("COPY public.\"KeyGrants\" (", StringComparison.Ordinal));
        var columns = lines[start][(lines[start].IndexOf('(', StringComparison.Ordinal) + 1)..lines[start].IndexOf(')', StringComparison.Ordinal)]
            .Split(", ").Select(c => c.Trim('"')).ToList();
        var grants = new List<KeyGrant>();
        foreach (var line in lines.Skip(start + 1).TakeWhile(l => l != "\\."))
        {
            var values = line.Split('\t');
            string Value(string column) => values[columns.IndexOf(column)];
            if (Guid.Parse(Value("CaseId")) != caseId)
            {
                continue;
            }

            grants.Add(new KeyGrant
            {
                CaseId = caseId,
                Purpose = StoredNames.Purpose.Parse(Value("Purpose")),
                Holder = StoredNames.Holder.Parse(Value("Holder")),
                HolderKeyId = Value("HolderKeyId"),
                RetentionKeyId = Value("RetentionKeyId"),
                WrappedKey = Convert.FromHexString(Value("WrappedKey")[3..]),
            });
        }

        return grants;
    }

    private sealed class SignedIn(StaffMember member) : ICurrentStaff
    {
        public Guid StaffMemberId => member.Id;

        public Guid? ForceId => member.ForceId;

        public bool IsInRole(string role) => role == StaffRoles.Custodian;

        public KeyPair? UnlockPrivateKey() => null;
    }
}
