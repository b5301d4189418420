using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Secrets;
using ReportPortal.Core.Staff;
using ReportPortal.Crypto;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Intake;

/// <summary>
/// Intake at the key level: a report filed on the public face is opened once on the internal side and
/// granted to each intake handler of the force, except one named in the report, who can then open it
/// with nothing but their own password. Intake runs as the staff database role.
/// </summary>
public sealed class CaseIntakeTests : ReporterAppTest
{
    private const string NamedHandlerStaffNumber = "1234";

    [Fact]
    public async Task Intake_grants_every_intake_handler_except_the_one_named_and_deletes_the_intake_grant()
    {
        var alice = await AddStaffAsync("alice", "4001", intake: true);
        var bob = await AddStaffAsync("bob", "4002", intake: true);
        var named = await AddStaffAsync("named", NamedHandlerStaffNumber, intake: true);
        var notIntake = await AddStaffAsync("dora", "4003", intake: false);
        await FileAsync(new ReportFields());

        Assert.Equal(1, await RunIntakeAsync());

        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).Include(c => c.Subjects).SingleAsync());
        Assert.DoesNotContain(@case.Grants, g => g.Holder == KeyHolder.Intake);
        var staffGrants = @case.Grants.Where(g => g.Holder == KeyHolder.Staff).ToList();
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), staffGrants.Select(g => g.StaffMemberId!.Value).Order());
        Assert.DoesNotContain(staffGrants, g => g.StaffMemberId == named.Id || g.StaffMemberId == notIntake.Id);
        // The outbox row for each granted handler was committed with the grants (and none for the named one).
        var told = await App.WithDatabaseAsync(db => db.Notifications.AsNoTracking().Where(n => n.CaseId == @case.Id).ToListAsync());
        Assert.Equal(new[] { alice.Id, bob.Id }.Order(), told.Select(n => n.StaffMemberId).Order());
        Assert.All(told, n => Assert.Equal(Core.Notifications.NotificationKind.CaseGranted, n.Kind));

        // Each handler opens the report with their own password, and only their own grant.
        foreach (var (member, password) in new[] { (alice, "alice"), (bob, "bob") })
        {
            using var key = StaffKeys.Unlock(member, Password(password), App.Settings.StaffKeyPepper);
            var caseKey = CaseGrants.OpenWithPrivateKey(staffGrants.Single(g => g.StaffMemberId == member.Id), key, App.Retention);
            var account = SealedFields.OpenRecord<ReportAccount>(caseKey, @case.SealedAccount, new SealContext(@case.Id, @case.Id, SealedFields.Account));
            Assert.Equal("Late Turn Lads", account.GroupName);
        }

        // The named handler has no grant, and cannot open anyone else's with their key.
        using var namedKey = StaffKeys.Unlock(named, Password("named"), App.Settings.StaffKeyPepper);
        Assert.All(staffGrants, g => Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(g, namedKey, App.Retention)));
        Assert.ThrowsAny<CryptographicException>(() => StaffKeys.Unlock(alice, Password("bob"), App.Settings.StaffKeyPepper));

        // Every grant made is in the audit chain, and the chain is whole.
        var audited = await App.WithDatabaseAsync(db => db.AuditEntries.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync());
        Assert.Equal(2, audited.Count(e => e.Action == AuditActions.GrantMade && e.CaseId == @case.Id));
        Assert.True((await App.WithDatabaseAsync(db => AuditLog.VerifyAsync(db, SecretSettingsKey("AuditKey"), CancellationToken.None))).Intact);

        // The indexes were computed here, on the internal side, with the staff side's key.
        Assert.Equal(App.Settings.Indexes.ChatGroup("WhatsApp", "Late Turn Lads"), @case.GroupIndex);
        Assert.Equal(App.Settings.Indexes.StaffNumber("demo", NamedHandlerStaffNumber), @case.Subjects.Single().StaffNumberIndex);
        Assert.Equal(App.Settings.Indexes.SubjectName("pc example person"), @case.Subjects.Single().NameIndex);
    }

    [Fact]
    public async Task A_report_waits_with_its_intake_grant_while_its_force_has_no_handler_who_can_receive_it()
    {
        await AddStaffAsync("named", NamedHandlerStaffNumber, intake: true);
        await FileAsync(new ReportFields());

        Assert.Equal(0, await RunIntakeAsync());

        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().ToListAsync());
        Assert.Single(grants, g => g.Holder == KeyHolder.Intake && g.Purpose == KeyPurpose.CaseContent);
        Assert.DoesNotContain(grants, g => g.Holder == KeyHolder.Staff);
    }

    [Fact]
    public async Task A_swapped_public_key_is_caught_before_anything_is_wrapped_to_it()
    {
        var honest = await AddStaffAsync("honest", "4001", intake: true);
        var swapped = await AddStaffAsync("swapped", "4002", intake: true);
        using var attacker = KeyPair.Generate();
        await App.WithDatabaseAsync(db => db.StaffMembers.Where(s => s.Id == swapped.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.PublicKey, attacker.PublicKeySpki)));
        await FileAsync(new ReportFields());

        Assert.Equal(1, await RunIntakeAsync());

        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Staff).ToListAsync());
        Assert.Equal(honest.Id, Assert.Single(grants).StaffMemberId);
        var member = await App.WithDatabaseAsync(db => db.StaffMembers.AsNoTracking().SingleAsync(s => s.Id == swapped.Id));
        Assert.Throws<CryptographicException>(() => StaffKeys.VerifiedPublicKey(member, App.Settings.KeyPinKey));
    }

    [Fact]
    public async Task A_grant_moved_to_another_case_purpose_holder_or_retention_key_does_not_open()
    {
        var alice = await AddStaffAsync("alice", "4001", intake: true);
        await FileAsync(new ReportFields());
        await FileAsync(new ReportFields());
        await RunIntakeAsync();
        var grants = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking().Where(g => g.Holder == KeyHolder.Staff).ToListAsync());
        Assert.Equal(2, grants.Count);
        using var key = StaffKeys.Unlock(alice, Password("alice"), App.Settings.StaffKeyPepper);
        var grant = grants[0];
        Assert.NotEmpty(CaseGrants.OpenWithPrivateKey(grant, key, App.Retention));

        KeyGrant Moved(Action<KeyGrant> change)
        {
            var copy = new KeyGrant
            {
                CaseId = grant.CaseId,
                Purpose = grant.Purpose,
                Holder = grant.Holder,
                HolderKeyId = grant.HolderKeyId,
                RetentionKeyId = grant.RetentionKeyId,
                WrappedKey = grant.WrappedKey,
            };
            change(copy);
            return copy;
        }

        var other = new RetentionKeys("other", new Dictionary<string, byte[]> { ["other"] = App.Retention.Current });
        Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(Moved(g => g.CaseId = grants[1].CaseId), key, App.Retention));
        Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(Moved(g => g.Purpose = KeyPurpose.ReporterIdentity), key, App.Retention));
        Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(Moved(g => g.Holder = KeyHolder.Escrow), key, App.Retention));
        Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(Moved(g => g.RetentionKeyId = "other"), key, other));
    }

    [Fact]
    public async Task Destroying_the_retention_key_shreds_the_case_for_every_holder_the_escrow_included()
    {
        await FileAsync(new ReportFields());
        var escrowGrant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking()
            .SingleAsync(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent));
        Assert.NotEmpty(CaseGrants.OpenWithPrivateKey(escrowGrant, App.Escrow, App.Retention));

        var afterDestruction = new RetentionKeys("next", new Dictionary<string, byte[]> { ["next"] = RandomNumberGenerator.GetBytes(32) });

        var error = Assert.ThrowsAny<CryptographicException>(() => CaseGrants.OpenWithPrivateKey(escrowGrant, App.Escrow, afterDestruction));
        Assert.Contains("shredded", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_confidential_reporter_who_consents_to_hr_watch_gets_a_staff_number_index_and_no_handler_sees_who_they_are()
    {
        var alice = await AddStaffAsync("alice", "4001", intake: true);
        await FileAsync(new ReportFields()
            .Set("identity", "confidential")
            .Set("reporter-name", "Sergeant Brave Reporter")
            .Set("reporter-staff-number", "CS 4471")
            .Set("monitoring-consent", "yes"));

        Assert.Equal(1, await RunIntakeAsync());

        var @case = await App.WithDatabaseAsync(db => db.Cases.AsNoTracking().Include(c => c.Grants).SingleAsync());
        Assert.Equal(App.Settings.Indexes.StaffNumber("demo", "cs-4471"), @case.ReporterStaffNumberIndex);
        Assert.DoesNotContain(@case.Grants, g => g.Holder == KeyHolder.Intake);
        var identityGrant = Assert.Single(@case.Grants, g => g.Purpose == KeyPurpose.ReporterIdentity);
        Assert.Equal(KeyHolder.Escrow, identityGrant.Holder);
        using var key = StaffKeys.Unlock(alice, Password("alice"), App.Settings.StaffKeyPepper);
        var caseKey = CaseGrants.OpenWithPrivateKey(@case.Grants.Single(g => g.StaffMemberId == alice.Id), key, App.Retention);
        Assert.ThrowsAny<CryptographicException>(() => SealedFields.OpenRecord<ReporterIdentity>(caseKey, @case.SealedReporterIdentity!,
            new SealContext(@case.Id, @case.Id, SealedFields.ReporterIdentity)));
    }

    [Fact]
    public async Task A_grant_moves_to_a_later_retention_key_without_being_opened_and_survives_the_old_keys_destruction()
    {
        await FileAsync(new ReportFields());
        var grant = await App.WithDatabaseAsync(db => db.KeyGrants.AsNoTracking()
            .SingleAsync(g => g.Holder == KeyHolder.Escrow && g.Purpose == KeyPurpose.CaseContent));
        var before = CaseGrants.OpenWithPrivateKey(grant, App.Escrow, App.Retention);
        var laterKey = RandomNumberGenerator.GetBytes(32);
        var both = new RetentionKeys(App.Retention.CurrentId, new Dictionary<string, byte[]> { [App.Retention.CurrentId] = App.Retention.Current, ["later"] = laterKey });

        CaseGrants.MoveToRetentionKey(grant, both, "later");

        var onlyLater = new RetentionKeys("later", new Dictionary<string, byte[]> { ["later"] = laterKey });
        Assert.Equal("later", grant.RetentionKeyId);
        Assert.Equal(before, CaseGrants.OpenWithPrivateKey(grant, App.Escrow, onlyLater));
    }

    private byte[] SecretSettingsKey(string name) => Convert.FromBase64String(App.Settings.Staff[$"ReportPortal:Staff:{name}"]!);

    private static string Password(string name) => StaffFixtures.Password(name);

    private Task<int> RunIntakeAsync() => App.RunIntakeAsync();

    private Task<StaffMember> AddStaffAsync(string name, string staffNumber, bool intake) => App.AddStaffAsync(name, staffNumber, intake);

}
