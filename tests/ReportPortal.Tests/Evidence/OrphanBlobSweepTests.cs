using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;
using ReportPortal.Crypto;
using ReportPortal.Tests.Infrastructure;
using ReportPortal.Tests.TestHost;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// The orphan-blob sweep on a real folder and real PostgreSQL, as the staff role: what a killed process
/// leaves (a published blob whose row never committed, a .part left mid-seal) goes after two passes a grace
/// period apart, never after one; blobs rows name, and uploads still in flight, are never touched.
/// </summary>
public sealed class OrphanBlobSweepTests : ReporterAppTest
{
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(60);

    [Fact]
    public async Task What_a_killed_upload_leaves_is_removed_after_two_passes_a_grace_apart_and_named_or_growing_blobs_never()
    {
        var store = new FileSystemBlobStore(App.EvidenceBlobFolder);
        // Named by rows: a case's file, and a file chosen on a report form not yet sent (with its original).
        var caseFile = await AddCaseFileAsync(store);
        var pendingFile = await AddPendingFileAsync(store);
        // Killed between publishing and committing: the blob is in place, its row rolled back with the process.
        var orphan = await PublishWithoutCommitAsync(store);
        // Killed while sealing: a .part nobody will finish or remove.
        var stalePart = Path.Combine(App.EvidenceBlobFolder, FileSystemBlobStore.PendingFolder, Guid.NewGuid().ToString("N") + FileSystemBlobStore.PartSuffix);
        await File.WriteAllBytesAsync(stalePart, new byte[1000]);
        // Not named like a blob: never the sweep's to remove.
        var stranger = Path.Combine(App.EvidenceBlobFolder, "README");
        await File.WriteAllTextAsync(stranger, "operator's note");
        var named = new[] { caseFile.StorageKey, pendingFile.StorageKey, pendingFile.OriginalStorageKey! }.Select(BlobPath).ToList();
        using var sweep = NewSweep(store);

        var first = await PassAsync(sweep);
        Assert.Equal((named.Count + 2, 2, 0), (first.Listed, first.Unreferenced, first.Removed));

        App.Clock.Advance(Grace - TimeSpan.FromMinutes(1));
        Assert.Equal(0, (await PassAsync(sweep)).Removed);
        Assert.True(File.Exists(BlobPath(orphan)) && File.Exists(stalePart), "removed before the grace period had passed");

        App.Clock.Advance(TimeSpan.FromMinutes(1));
        var last = await PassAsync(sweep);

        Assert.Equal(2, last.Removed);
        Assert.False(File.Exists(BlobPath(orphan)));
        Assert.False(File.Exists(stalePart));
        Assert.All(named, path => Assert.True(File.Exists(path), path));
        Assert.True(File.Exists(stranger));
        Assert.Equal((1, 1), await App.WithDatabaseAsync(async db => (await db.EvidenceFiles.CountAsync(), await db.PendingEvidenceFiles.CountAsync())));
    }

    [Fact]
    public async Task A_blob_seen_unnamed_just_before_its_row_commits_and_a_part_still_being_written_are_kept()
    {
        var store = new FileSystemBlobStore(App.EvidenceBlobFolder);
        using var sweep = NewSweep(store);
        await using var db = ReporterApp.Database(App.AdminConnectionString);
        var upload = await PrepareAsync(db, store);
        var writing = await store.CreateAsync(CancellationToken.None);
        await writing.Content.WriteAsync(new byte[4096]);
        await writing.Content.FlushAsync();

        // An upload between publishing its blob and committing its row: the sweep passes right then.
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.PendingEvidenceFiles.Add(PendingRow(upload));
            await db.SaveChangesAsync();
            await upload.Primary.PublishAsync(CancellationToken.None);
            Assert.Equal(2, (await PassAsync(sweep)).Unreferenced);
            await transaction.CommitAsync();
        }

        // An hour later the row is there, and the other upload has written more (a long video being sealed).
        App.Clock.Advance(Grace);
        await writing.Content.WriteAsync(new byte[4096]);
        await writing.Content.FlushAsync();
        var second = await PassAsync(sweep);

        Assert.Equal((1, 0), (second.Unreferenced, second.Removed));
        Assert.True(File.Exists(BlobPath(upload.Primary.Key)));
        Assert.True(File.Exists(PartPath(writing.Key)));
        await writing.PublishAsync(CancellationToken.None);
        Assert.True(File.Exists(BlobPath(writing.Key)), "the upload in flight could not publish its blob");
        await writing.DisposeAsync();
    }

    [Fact]
    public async Task A_database_that_names_almost_none_of_the_blobs_is_doubted_and_nothing_is_removed()
    {
        var store = new FileSystemBlobStore(App.EvidenceBlobFolder);
        var keys = new List<string>();
        for (var i = 0; i < 21; i++)
        {
            await using var blob = await store.CreateAsync(CancellationToken.None);
            await blob.Content.WriteAsync(new byte[100]);
            await blob.PublishAsync(CancellationToken.None);
            keys.Add(blob.Key);
        }

        using var sweep = NewSweep(store);
        await PassAsync(sweep);
        App.Clock.Advance(Grace);
        var second = await PassAsync(sweep);

        Assert.True(second.Refused);
        Assert.Equal(0, second.Removed);
        Assert.All(keys, key => Assert.True(File.Exists(BlobPath(key))));
    }

    [Fact]
    public async Task An_upload_folder_a_killed_process_left_readable_is_removed_after_a_grace_and_one_in_use_is_kept()
    {
        const string Canary = "CanaryScratchTextQw73";
        var sweep = new ScratchSweep(App.Services.GetRequiredService<IOptions<EvidenceOptions>>(), App.Clock);
        // Killed mid-upload: its private folder still holds what was received, readable.
        var left = PrivateScratch.Create(App.EvidenceTempRoot);
        await File.WriteAllTextAsync(left.NewPath(".txt"), Canary);
        // An upload still arriving, and a folder that is not an upload's.
        await using var live = PrivateScratch.Create(App.EvidenceTempRoot);
        var arriving = live.NewPath(".bin");
        await File.WriteAllBytesAsync(arriving, new byte[100]);
        var other = Directory.CreateDirectory(Path.Combine(App.EvidenceTempRoot, "operator")).FullName;

        Assert.Equal(0, sweep.Pass());
        App.Clock.Advance(Grace - TimeSpan.FromMinutes(1));
        Assert.Equal(0, sweep.Pass());
        App.Clock.Advance(TimeSpan.FromMinutes(1));
        await File.AppendAllTextAsync(arriving, "more of the file");
        Assert.Equal(1, sweep.Pass());

        Assert.False(Directory.Exists(left.Folder));
        Assert.True(File.Exists(arriving));
        Assert.True(Directory.Exists(other));
        var stored = Directory.EnumerateFiles(App.EvidenceFolder, "*", SearchOption.AllDirectories).Select(File.ReadAllText);
        Assert.DoesNotContain(stored, text => text.Contains(Canary, StringComparison.Ordinal));
    }

    private OrphanBlobSweep NewSweep(IEvidenceBlobStore store)
    {
        var options = App.Services.GetRequiredService<IOptions<EvidenceOptions>>().Value;
        Assert.Equal(Grace, TimeSpan.FromMinutes(options.OrphanGraceMinutes));
        return new OrphanBlobSweep(store, Options.Create(options), App.Clock);
    }

    /// <summary>A pass as the staff face runs it: connected as the staff role.</summary>
    private async Task<OrphanSweepPass> PassAsync(OrphanBlobSweep sweep)
    {
        await using var db = ReporterApp.Database(PostgresServer.AsRole(App.AdminConnectionString, PostgresServer.TestRoles.StaffRole));
        return await sweep.PassAsync(db, CancellationToken.None);
    }

    private async Task<EvidenceFile> AddCaseFileAsync(IEvidenceBlobStore store)
    {
        await FileAsync(new ReportFields());
        await using var db = ReporterApp.Database(App.AdminConnectionString);
        var caseId = await db.Cases.Select(c => c.Id).SingleAsync();
        var filing = Filing(db, store);
        await using var scratch = PrivateScratch.Create(App.EvidenceTempRoot);
        var target = new EvidenceTarget(caseId, CaseKey.Generate(), ct => db.Database.BeginTransactionAsync(ct));
        var outcome = Assert.Single(await filing.AddAsync(target, [await TextFileAsync(scratch, keepOriginal: false)], scratch, CancellationToken.None));
        Assert.True(outcome.Accepted, outcome.Message);
        return await db.EvidenceFiles.AsNoTracking().SingleAsync();
    }

    private async Task<PendingEvidenceFile> AddPendingFileAsync(IEvidenceBlobStore store)
    {
        await using var db = ReporterApp.Database(App.AdminConnectionString);
        var upload = await PrepareAsync(db, store, keepOriginal: true);
        await using var transaction = await db.Database.BeginTransactionAsync();
        db.PendingEvidenceFiles.Add(PendingRow(upload));
        await Filing(db, store).CommitWithBlobsAsync(transaction, upload, CancellationToken.None);
        return await db.PendingEvidenceFiles.AsNoTracking().SingleAsync();
    }

    /// <summary>What a process killed after publishing and before committing leaves: the blob, and no row.</summary>
    private async Task<string> PublishWithoutCommitAsync(IEvidenceBlobStore store)
    {
        await using var db = ReporterApp.Database(App.AdminConnectionString);
        var upload = await PrepareAsync(db, store);
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.PendingEvidenceFiles.Add(PendingRow(upload));
            await db.SaveChangesAsync();
            await upload.Primary.PublishAsync(CancellationToken.None);
        }

        Assert.False(await db.PendingEvidenceFiles.AnyAsync(f => f.StorageKey == upload.Primary.Key));
        Assert.True(File.Exists(BlobPath(upload.Primary.Key)));
        return upload.Primary.Key;
    }

    private async Task<SealedUpload> PrepareAsync(ReportPortalDbContext db, IEvidenceBlobStore store, bool keepOriginal = false)
    {
        await using var scratch = PrivateScratch.Create(App.EvidenceTempRoot);
        var prepared = await Filing(db, store).PrepareAsync(Guid.NewGuid(), CaseKey.Generate(), App.Secrets.IntakePublicKey,
            await TextFileAsync(scratch, keepOriginal), scratch, (_, _) => Task.FromResult<string?>(null), CancellationToken.None);
        return prepared.Sealed ?? throw new InvalidOperationException(prepared.Refusal!.Message);
    }

    private static async Task<IncomingFile> TextFileAsync(PrivateScratch scratch, bool keepOriginal)
    {
        var path = scratch.NewPath(".bin");
        var bytes = "a line of evidence\n"u8.ToArray();
        await File.WriteAllBytesAsync(path, bytes);
        return new IncomingFile(1, "notes.txt", path, bytes.Length, System.Security.Cryptography.SHA256.HashData(bytes), false) { KeepOriginal = keepOriginal };
    }

    private static PendingEvidenceFile PendingRow(SealedUpload upload) => new()
    {
        Id = upload.FileId,
        SealedDescription = upload.SealedDescription,
        StorageKey = upload.Primary.Key,
        SealedLength = upload.Primary.Length,
        OriginalStorageKey = upload.Original?.Key,
        OriginalSealedLength = upload.Original?.Length,
        MetadataRemoved = upload.MetadataRemoved,
        SealedContentHash = upload.SealedContentHash,
        ExpiresAt = DateTimeOffset.UnixEpoch.AddYears(100),
    };

    private EvidenceFiling Filing(ReportPortalDbContext db, IEvidenceBlobStore store)
    {
        var options = App.Services.GetRequiredService<IOptions<EvidenceOptions>>();
        return new EvidenceFiling(db, store, new Mat2Cleaner(options), options, App.Clock);
    }

    private string BlobPath(string key) => Path.Combine(App.EvidenceBlobFolder, key[..2], key);

    private string PartPath(string key) => Path.Combine(App.EvidenceBlobFolder, FileSystemBlobStore.PendingFolder, key + FileSystemBlobStore.PartSuffix);
}
