using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Database;
using ReportPortal.Crypto;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Trust;

/// <summary>
/// The reporter face's database role, tried directly against PostgreSQL after a real report was filed:
/// each forbidden read and write fails in the database itself, not only in code. Attack finding L1: with
/// only that role, nothing can be read from or written into a case without presenting its receipt lookup,
/// which only the receipt (or the reporter's own session) yields.
/// </summary>
public sealed class ReporterRoleTests : ReporterAppTest
{
    [Theory]
    [InlineData("""SELECT * FROM "StaffMembers" """)]
    [InlineData("""SELECT "GroupIndex" FROM "Cases" """)]
    [InlineData("""SELECT "ReceiptLookup" FROM "Cases" """)]
    [InlineData("""SELECT "SubmissionTokenHash" FROM "Cases" """)]
    [InlineData("""SELECT count(*) FROM "Cases" WHERE "ReceiptLookup" IS NOT NULL""")]
    [InlineData("""SELECT reporter_case_proof()""")]
    [InlineData("""DROP FUNCTION reporter_holds_case(uuid)""")]
    [InlineData("""CREATE OR REPLACE FUNCTION reporter_holds_case(case_id uuid) RETURNS boolean LANGUAGE sql AS 'SELECT true'""")]
    [InlineData("""DROP POLICY reporter_inserts ON "CaseMessages" """)]
    [InlineData("""SELECT "Reference" FROM "Cases" """)]
    [InlineData("""SELECT "NameIndex" FROM "CaseSubjects" """)]
    [InlineData("""SELECT "StaffNumberIndex" FROM "CaseSubjects" """)]
    [InlineData("""SELECT "SealedDetails" FROM "CaseSubjects" """)]
    [InlineData("""SELECT * FROM "Deadlines" """)]
    [InlineData("""SELECT * FROM "EvidenceFiles" """)]
    [InlineData("""SELECT * FROM "__EFMigrationsHistory" """)]
    [InlineData("""UPDATE "Cases" SET "Status" = 'closed'""")]
    [InlineData("""UPDATE "Cases" SET "ReceiptLookup" = '\x00'""")]
    [InlineData("""UPDATE "KeyGrants" SET "WrappedKey" = '\x00'""")]
    [InlineData("""DELETE FROM "Cases" """)]
    [InlineData("""DELETE FROM "KeyGrants" """)]
    [InlineData("""DELETE FROM "CaseMessages" """)]
    [InlineData("""UPDATE "CaseMessages" SET "SealedBody" = '\x00'""")]
    [InlineData("""UPDATE "StaffMembers" SET "PublicKey" = '\x00'""")]
    [InlineData("""INSERT INTO "StaffMembers" ("Id", "Email", "DisplayName", "PublicKey", "WrappedPrivateKey", "PublicKeyPin", "IsActive", "CreatedOn", "IsIntakeHandler") VALUES (gen_random_uuid(), 'x@y', 'x', '\x00', '\x00', '\x00', true, current_date, true)""")]
    [InlineData("""CREATE TABLE "Planted" ("Id" int)""")]
    [InlineData("""ALTER TABLE "Cases" DISABLE ROW LEVEL SECURITY""")]
    [InlineData("""ALTER TABLE "KeyGrants" DISABLE ROW LEVEL SECURITY""")]
    [InlineData("""DROP POLICY reporter_reads_reporter_grants ON "KeyGrants" """)]
    [InlineData("""TRUNCATE "Cases" """)]
    public async Task The_reporter_role_is_refused(string sql)
    {
        await FileAsync(new ReportFields());

        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(sql));

        Assert.Contains(error.SqlState, new[] { PostgresErrorCodes.InsufficientPrivilege, "42501" });
    }

    [Fact]
    public async Task Without_its_proof_the_reporter_role_sees_no_row_of_any_case()
    {
        await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Person").Set("reporter-staff-number", "77"));

        foreach (var table in new[] { "Cases", "CaseMessages", "CaseEvents", "KeyGrants" })
        {
            Assert.True(await ScalarAsAdminAsync($"""SELECT count(*) FROM "{table}" """) > 0, table);
            Assert.Equal(0L, await ScalarAsReporterAsync($"""SELECT count(*) FROM "{table}" """));
        }

        // Nor by asking the proof function about every case: it answers only for a presented lookup.
        Assert.Equal(0L, await ScalarAsReporterAsync("""SELECT count(*) FROM "CaseMessages" WHERE reporter_holds_case("CaseId")"""));
    }

    [Fact]
    public async Task With_its_proof_the_reporter_role_sees_only_that_cases_reporter_grant_and_its_own_key_ring_and_cannot_plant_a_staff_grant()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields().Set("identity", "confidential").Set("reporter-name", "A Person").Set("reporter-staff-number", "77"));
        await FileAsync(new ReportFields());
        await App.WithDatabaseAsync(async db =>
        {
            db.DataProtectionKeys.Add(new Core.DataProtection.DataProtectionKeyRecord { Ring = "staff", FriendlyName = "staff", Xml = "sealed" });
            await db.SaveChangesAsync();
        });
        var proof = Lookup(receipt);

        Assert.Equal(1L, await ScalarAsReporterAsync("""SELECT count(*) FROM "Cases" """, proof));
        // Its own case's reporter grants only: the case key and the welfare key, each wrapped to the receipt.
        Assert.Equal(2L, await ScalarAsReporterAsync("""SELECT count(*) FROM "KeyGrants" """, proof));
        Assert.Equal(2L, await ScalarAsReporterAsync("""SELECT count(*) FROM "KeyGrants" WHERE "Holder" = 'reporter'""", proof));
        Assert.Equal(1L, await ScalarAsReporterAsync("""SELECT count(*) FROM "KeyGrants" WHERE "Holder" = 'reporter' AND "Purpose" = 'welfare'""", proof));
        Assert.True(await ScalarAsAdminAsync("""SELECT count(*) FROM "KeyGrants" """) > 4L);
        Assert.Equal(0L, await ScalarAsReporterAsync("""SELECT count(*) FROM "DataProtectionKeys" WHERE "Ring" <> 'reporter'"""));

        var caseId = await CaseIdAsync(proof);
        var planted = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(PlantGrant("staff"), caseId, proof));
        Assert.Equal("42501", planted.SqlState);
        var ring = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync("""
            INSERT INTO "DataProtectionKeys" ("Ring", "FriendlyName", "Xml") VALUES ('staff', 'planted', 'x')
            """));
        Assert.Equal("42501", ring.SqlState);
    }

    /// <summary>Rows the inbox writes into a case, under its proof: a message, an event, a clock.</summary>
    private static readonly string[] ProofInserts =
    [
        """INSERT INTO "CaseMessages" ("Id", "CaseId", "Sequence", "Author", "SentOn", "SealedBody") VALUES (gen_random_uuid(), @case, 99, 'reporter', current_date, '\x00')""",
        """INSERT INTO "CaseEvents" ("Id", "CaseId", "Sequence", "Kind", "OccurredOn", "VisibleToReporter") VALUES (gen_random_uuid(), @case, 99, 'reporter-replied', current_date, true)""",
        """INSERT INTO "Deadlines" ("Id", "CaseId", "Kind", "DueOn") VALUES (gen_random_uuid(), @case, 'welfare-first-contact', current_date)""",
        EvidenceRow(),
    ];

    /// <summary>An evidence file row as the inbox writes it, with one staff-only column (or none) set.</summary>
    private static string EvidenceRow(string column = "\"OriginalStorageKey\"", string value = "NULL") => $"""
        INSERT INTO "EvidenceFiles" ("Id", "CaseId", "SealedDescription", "StorageKey", "SealedLength", "MetadataRemoved", "AddedOn", "SealedContentHash", {column})
        VALUES (gen_random_uuid(), @case, '\x00', 'planted', 1, true, current_date, '\x00', {value})
        """;

    [Theory]
    [InlineData("\"ContentHashIndex\"", "'\\x01'")]
    [InlineData("\"AddedByStaffMemberId\"", "gen_random_uuid()")]
    public async Task Even_with_its_proof_the_reporter_role_cannot_file_evidence_as_staff_or_with_an_index(string column, string value)
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var proof = Lookup(receipt);
        var caseId = await CaseIdAsync(proof);

        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(EvidenceRow(column, value), caseId, proof));

        Assert.Equal("42501", refused.SqlState);
    }

    /// <summary>Rows that only ever arrive with the report itself: a subject, a grant.</summary>
    private static readonly string[] FilingOnlyInserts =
    [
        """INSERT INTO "CaseSubjects" ("Id", "CaseId", "SealedDetails") VALUES (gen_random_uuid(), @case, '\x00')""",
        PlantGrant("reporter"),
        PlantGrant("escrow"),
    ];

    /// <summary>Each kind of row someone holding only the reporter role would plant into a case they did not file.</summary>
    public static TheoryData<string> Plantings() => new(ProofInserts.Concat(FilingOnlyInserts));

    [Theory]
    [MemberData(nameof(Plantings))]
    public async Task No_row_can_be_planted_into_a_filed_case_without_its_proof_or_with_another_cases(string insert)
    {
        var (victim, _, _) = await FileAsync(new ReportFields());
        var (own, _, _) = await FileAsync(new ReportFields());
        var victimCase = await CaseIdAsync(Lookup(victim));
        var before = await ScalarAsAdminAsync(RowCount(insert));

        // No proof at all, and the proof of a case the attacker holds the receipt of (one they filed themselves).
        foreach (var proof in new[] { null, Lookup(own) })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(insert, victimCase, proof));
            Assert.Equal("42501", refused.SqlState);
        }

        // A proof the attacker made up is no better.
        await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(insert, victimCase, new byte[32]));
        Assert.Equal(before, await ScalarAsAdminAsync(RowCount(insert)));
    }

    [Fact]
    public async Task Only_the_filing_transaction_adds_subjects_and_grants_even_with_the_cases_own_proof()
    {
        var (receipt, _, _) = await FileAsync(new ReportFields());
        var proof = Lookup(receipt);
        var caseId = await CaseIdAsync(proof);

        // The reporter's own proof lets messages, events and clocks in (the inbox writes those)...
        foreach (var insert in ProofInserts)
        {
            Assert.Equal(1, await ExecuteAsReporterAsync(insert, caseId, proof));
        }

        // ...but a subject or a second reporter grant only ever arrives with the report itself.
        foreach (var insert in FilingOnlyInserts)
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(insert, caseId, proof));
            Assert.Equal("42501", refused.SqlState);
        }
    }

    [Theory]
    [InlineData("""UPDATE "Cases" SET "SupportRequested" = true""")]
    [InlineData("""UPDATE "Cases" SET "DetrimentReportedOn" = current_date""")]
    [InlineData("""UPDATE "Cases" SET "LastMessageSequence" = "LastMessageSequence" + 1""")]
    public async Task The_reporter_role_cannot_change_another_cases_flags(string update)
    {
        var (victim, _, _) = await FileAsync(new ReportFields());
        var (own, _, _) = await FileAsync(new ReportFields());
        var state = """SELECT count(*) FROM "Cases" WHERE "SupportRequested" OR "DetrimentReportedOn" IS NOT NULL OR "LastMessageSequence" <> 1""";
        Assert.Equal(0L, await ScalarAsAdminAsync(state));

        Assert.Equal(0, await ExecuteAsReporterAsync(update, proof: null));
        Assert.Equal(0L, await ScalarAsAdminAsync(state));

        // With a proof it reaches exactly the case the proof is for.
        Assert.Equal(1, await ExecuteAsReporterAsync(update, proof: Lookup(own)));
        var changed = await App.WithDatabaseAsync(db => db.Cases.Where(c => c.SupportRequested || c.DetrimentReportedOn != null || c.LastMessageSequence != 1)
            .Select(c => c.ReceiptLookup).SingleAsync());
        Assert.Equal(Lookup(own), changed);
        Assert.NotEqual(Lookup(victim), changed);
    }

    /// <summary>A new case row as the reporter face files it, with one column (or none) set to what only staff may set.</summary>
    private static string NewCase(params (string Column, string Value)[] changes)
    {
        var row = new Dictionary<string, string>
        {
            ["Id"] = "gen_random_uuid()",
            ["ForceId"] = "(SELECT \"Id\" FROM \"Forces\" LIMIT 1)",
            ["Reference"] = "'RP-' || substr(md5(random()::text), 1, 10)",
            ["Status"] = "'received'",
            ["Categories"] = "1",
            ["IdentityMode"] = "'anonymous'",
            ["SupportRequested"] = "false",
            ["FearsRetaliation"] = "false",
            ["RetaliationMonitoringConsent"] = "false",
            ["SubmittedOn"] = "current_date",
            ["ReceiptLookup"] = "sha256(random()::text::bytea)",
            ["SubmissionTokenHash"] = "sha256(random()::text::bytea)",
            ["SealedAccount"] = "'\\x00'",
            ["LastMessageSequence"] = "1",
            ["LastEventSequence"] = "1",
            ["FiledDuringSurge"] = "false",
            ["Version"] = "0",
            ["CriterionSexualPurpose"] = "false",
            ["CriterionDiscrimination"] = "false",
            ["CriterionSeriousSexualOffence"] = "false",
            ["CriterionSeriousCorruption"] = "false",
        };
        foreach (var (column, value) in changes)
        {
            row[column] = value;
        }

        return $"""INSERT INTO "Cases" ({string.Join(", ", row.Keys.Select(k => $"\"{k}\""))}) VALUES ({string.Join(", ", row.Values)})""";
    }

    [Theory]
    [InlineData("Status", "'closed'")]
    [InlineData("AssigneeStaffMemberId", "gen_random_uuid()")]
    [InlineData("AcknowledgedOn", "current_date")]
    [InlineData("Outcome", "'no-case-to-answer'")]
    [InlineData("Severity", "'misconduct'")]
    [InlineData("CriterionDiscrimination", "true")]
    [InlineData("GroupIndex", "'\\x01'")]
    [InlineData("ReporterStaffNumberIndex", "'\\x01'")]
    [InlineData("LastMessageSequence", "40")]
    public async Task A_new_case_from_the_reporter_role_must_look_as_filed(string column, string value)
    {
        await FileAsync(new ReportFields());
        var before = await ScalarAsAdminAsync("""SELECT count(*) FROM "Cases" """);

        // The same row with nothing staff-owned set goes in, so the refusal below is about that one column.
        Assert.Equal(1, await ExecuteAsReporterAsync(NewCase()));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(NewCase((column, value))));

        Assert.Equal("42501", refused.SqlState);
        Assert.Equal(before + 1, await ScalarAsAdminAsync("""SELECT count(*) FROM "Cases" """));
    }

    [Theory]
    [InlineData("NameIndex")]
    [InlineData("StaffNumberIndex")]
    public async Task A_subject_filed_with_a_blind_index_is_refused(string index)
    {
        // Only the internal side computes indexes; a planted one could make a colleague look named in a report.
        string Filing(string? indexColumn)
        {
            var caseId = Guid.NewGuid();
            var proof = RandomNumberGenerator.GetBytes(32);
            var subject = indexColumn is null
                ? $"""INSERT INTO "CaseSubjects" ("Id", "CaseId", "SealedDetails") VALUES (gen_random_uuid(), '{caseId}', '\x00')"""
                : $"""INSERT INTO "CaseSubjects" ("Id", "CaseId", "SealedDetails", "{indexColumn}") VALUES (gen_random_uuid(), '{caseId}', '\x00', '\x01')""";
            return $"""
                SELECT set_config('{ReporterCaseProof.Setting}', '{Convert.ToHexStringLower(proof)}', true);
                {NewCase(("Id", $"'{caseId}'"), ("ReceiptLookup", $"'\\x{Convert.ToHexStringLower(proof)}'"))};
                {subject}
                """;
        }

        await ExecuteAsReporterAsync(Filing(null));
        var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsReporterAsync(Filing(index)));

        Assert.Equal("42501", refused.SqlState);
    }

    [Fact]
    public async Task A_second_reporter_grant_written_into_a_case_does_not_lock_its_reporter_out()
    {
        // The reporter role can no longer write one (above); anyone else who can write the table must not
        // be able to lock the reporter out with one either.
        var (receipt, _, _) = await FileAsync(new ReportFields());
        await ExecuteAsync(App.AdminConnectionString, PlantGrant("reporter"), await CaseIdAsync(Lookup(receipt)), proof: null);

        var inbox = await SignInAsync(receipt.Display);

        Assert.Equal("/status/inbox", inbox.Address.AbsolutePath);
    }

    private static string PlantGrant(string holder) => $"""
        INSERT INTO "KeyGrants" ("Id", "CaseId", "Purpose", "Holder", "HolderKeyId", "RetentionKeyId", "StaffMemberId", "WrappedKey", "GrantedOn")
        VALUES (gen_random_uuid(), @case, 'case-content', '{holder}', 'receipt', 'x', NULL, '\x0102', current_date)
        """;

    private static string RowCount(string insert) => $"""SELECT count(*) FROM {insert.Split(' ')[2]}""";

    private byte[] Lookup(Receipt receipt) => receipt.LookupHash(App.Secrets.ReceiptLookupKey);

    private Task<Guid> CaseIdAsync(byte[] lookup) => App.WithDatabaseAsync(db => db.Cases.Where(c => c.ReceiptLookup == lookup).Select(c => c.Id).SingleAsync());

    private Task<int> ExecuteAsReporterAsync(string sql, Guid? caseId = null, byte[]? proof = null) => ExecuteAsync(Reporter, sql, caseId, proof);

    private string Reporter => PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.ReporterRole);

    private async Task<long> ScalarAsReporterAsync(string sql, byte[]? proof = null) => await ScalarAsync(Reporter, sql, proof);

    private async Task<long> ScalarAsAdminAsync(string sql) => await ScalarAsync(App.AdminConnectionString, sql, proof: null);

    /// <summary>Runs one statement in a transaction that, when given one, presents a proof as the reporter face does.</summary>
    private static async Task<int> ExecuteAsync(string connectionString, string sql, Guid? caseId, byte[]? proof)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await PresentAsync(connection, proof);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        if (caseId is { } id)
        {
            command.Parameters.AddWithValue("case", id);
        }

        var rows = await command.ExecuteNonQueryAsync();
        await transaction.CommitAsync();
        return rows;
    }

    private static async Task<long> ScalarAsync(string connectionString, string sql, byte[]? proof)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var transaction = await PresentAsync(connection, proof);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<NpgsqlTransaction> PresentAsync(NpgsqlConnection connection, byte[]? proof)
    {
        var transaction = await connection.BeginTransactionAsync();
        if (proof is not null)
        {
            await using var command = new NpgsqlCommand($"SELECT set_config('{ReporterCaseProof.Setting}', @proof, true)", connection, transaction);
            command.Parameters.AddWithValue("proof", Convert.ToHexStringLower(proof));
            await command.ExecuteNonQueryAsync();
        }

        return transaction;
    }
}
