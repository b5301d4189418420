using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Evidence;

/// <summary>What became of one received file; <see cref="Message"/> is written for the person who sent it.</summary>
public sealed record EvidenceOutcome(int Slot, string? ReceivedName, string? StoredName, bool Accepted, string Message);

/// <summary>A received file either refused (<see cref="Refusal"/>) or sealed and waiting to be recorded (<see cref="Sealed"/>).</summary>
public sealed record PreparedFile(IncomingFile File, SealedUpload? Sealed, EvidenceOutcome? Refusal)
{
    public EvidenceOutcome Refused(string message) => new(File.Slot, File.ReceivedName, null, false, message);
}

/// <summary>One file's sealed blobs (not yet published) and sealed fields, ready for its row.</summary>
public sealed record SealedUpload(Guid FileId, IPendingBlob Primary, IPendingBlob? Original, bool MetadataRemoved,
    byte[] SealedDescription, byte[] SealedContentHash, byte[]? HashForIndex, EvidenceOutcome Outcome) : IAsyncDisposable
{
    public IEnumerable<IPendingBlob> Blobs => new[] { Primary, Original }.OfType<IPendingBlob>();

    public long SealedLength => Primary.Length + (Original?.Length ?? 0);

    /// <summary>Removes the blobs unless they were published.</summary>
    public async ValueTask DisposeAsync()
    {
        await Primary.DisposeAsync();
        if (Original is not null)
        {
            await Original.DisposeAsync();
        }
    }
}

/// <summary>What a file's sealed description holds (field evidence.description): the stored name and what it is.</summary>
public sealed record EvidenceDescription(string Name, string Kind, long Size, string? OriginalName, long? OriginalSize);

/// <summary>How one case's files are added: who adds them, under which key, in which kind of transaction.</summary>
/// <param name="Begin">Starts the transaction the row is written in (for the reporter role, one that presents the case's proof).</param>
/// <param name="IntakePublicKey">Reporter face: the hash is wrapped to this for the internal side to index.</param>
/// <param name="Indexes">Internal side: the hash is indexed at once.</param>
public sealed record EvidenceTarget(
    Guid CaseId,
    byte[] CaseKey,
    Func<CancellationToken, Task<IDbContextTransaction>> Begin,
    Guid? StaffMemberId = null,
    byte[]? IntakePublicKey = null,
    BlindIndexes? Indexes = null);

/// <summary>
/// Takes received files into a case: decides each file's kind from its content, cleans it with mat2,
/// seals it (and the original, when the sender chose to keep it) in 64 KiB chunks into the blob store,
/// and records it. Blob and row are one unit: blobs are published (renamed into place) inside the row's
/// transaction, just before it commits, and deleted if anything fails, so there is never a row without
/// its blob; a crash between publish and commit can at worst leave a sealed blob with no row, which
/// opens for nobody.
/// </summary>
public sealed class EvidenceFiling(ReportPortalDbContext db, IEvidenceBlobStore blobs, Mat2Cleaner cleaner, IOptions<EvidenceOptions> options, TimeProvider time)
{
    public const string DescriptionField = "evidence.description";
    public const string FileField = "evidence.file";
    public const string OriginalField = "evidence.original";
    public const string ContentHashField = "evidence.content-hash";

    /// <summary>Associated data of the hash wrapped for the internal side: ASCII "reportportal/evidence-hash/v1/{file id:N}".</summary>
    public static byte[] HashWrapContext(Guid fileId) => System.Text.Encoding.ASCII.GetBytes($"reportportal/evidence-hash/v1/{fileId:N}");

    public EvidenceOptions Options => options.Value;

    public Task<IReadOnlyList<EvidenceOutcome>> AddAsync(EvidenceTarget target, IReadOnlyList<IncomingFile> files, PrivateScratch scratch, CancellationToken cancellationToken) =>
        OneByOneAsync(files, file => AddOneAsync(target, file, scratch, cancellationToken));

    /// <summary>
    /// Takes <paramref name="files"/> in slot order, each recorded (or refused) on its own by <paramref name="addOne"/>.
    /// When storing fails (the blob store or the temporary folder: <see cref="IOException"/>; another blob store
    /// must fail the same way), that file's blobs are already gone again (<see cref="CommitWithBlobsAsync"/>), so
    /// it and every later file are answered "not kept, send it again", and the files recorded before it stay
    /// recorded and are answered as added: what the sender is told is what was kept.
    /// </summary>
    public static async Task<IReadOnlyList<EvidenceOutcome>> OneByOneAsync(IEnumerable<IncomingFile> files, Func<IncomingFile, Task<EvidenceOutcome>> addOne)
    {
        var outcomes = new List<EvidenceOutcome>();
        var failed = false;
        foreach (var file in files.OrderBy(f => f.Slot))
        {
            if (!failed)
            {
                try
                {
                    outcomes.Add(await addOne(file));
                    continue;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    failed = true;
                }
            }

            outcomes.Add(new EvidenceOutcome(file.Slot, file.ReceivedName, null, false,
                $"We could not store {file.ReceivedName} just now, so nothing of it was kept. Please send it again later."));
        }

        return outcomes;
    }

    private async Task<EvidenceOutcome> AddOneAsync(EvidenceTarget target, IncomingFile file, PrivateScratch scratch, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(target.CaseId, target.CaseKey, target.IntakePublicKey, file, scratch,
            (adding, ct) => LimitProblemAsync(target, adding, ct), cancellationToken);
        if (prepared.Refusal is { } refusal)
        {
            return refusal;
        }

        await using var upload = prepared.Sealed!;
        var row = new EvidenceFile
        {
            Id = upload.FileId,
            CaseId = target.CaseId,
            SealedDescription = upload.SealedDescription,
            StorageKey = upload.Primary.Key,
            SealedLength = upload.Primary.Length,
            OriginalStorageKey = upload.Original?.Key,
            OriginalSealedLength = upload.Original?.Length,
            MetadataRemoved = upload.MetadataRemoved,
            AddedOn = UkCalendar.Today(time),
            SealedContentHash = upload.SealedContentHash,
            HashForIndex = upload.HashForIndex,
            ContentHashIndex = target.Indexes?.EvidenceHash(file.Sha256),
            AddedByStaffMemberId = target.StaffMemberId,
        };

        await using var transaction = await target.Begin(cancellationToken);
        // One upload at a time per case, so two at once cannot both fit under the limits.
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({target.CaseId.ToString()}, 10))", cancellationToken);
        if (await LimitProblemAsync(target, upload.SealedLength, cancellationToken) is { } over)
        {
            return prepared.Refused(over);
        }

        db.EvidenceFiles.Add(row);
        await CommitWithBlobsAsync(transaction, upload, cancellationToken);
        return upload.Outcome;
    }

    /// <summary>
    /// Checks one received file (size, content, name, room), cleans it and seals it (and the original, when
    /// kept) into unpublished blobs under <paramref name="key"/> with the contexts of file
    /// <see cref="SealedUpload.FileId"/> of case <paramref name="caseId"/>. Either a refusal or a sealed upload
    /// the caller records and then publishes with <see cref="CommitWithBlobsAsync"/>, or disposes to drop.
    /// </summary>
    /// <param name="limitProblem">Null when there is room for this many more sealed bytes and one more file.</param>
    public async Task<PreparedFile> PrepareAsync(Guid caseId, byte[] key, byte[]? intakePublicKey, IncomingFile file, PrivateScratch scratch,
        Func<long, CancellationToken, Task<string?>> limitProblem, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var name = file.ReceivedName;
        PreparedFile Refused(string message) => new(file, null, new(file.Slot, name, null, false, message));

        if (file.TooLarge)
        {
            return Refused($"{name} is larger than {EvidenceOptions.Describe(limits.MaxFileBytes)}. Send a shorter clip, or split it.");
        }

        if (file.Length == 0)
        {
            return Refused($"{name} is empty. Choose the file again.");
        }

        var kind = await ContentSniffer.SniffAsync(file.Path, cancellationToken);
        if (kind is null)
        {
            return Refused($"{name} is not a kind of file we can take. We accept {EvidenceKinds.Accepted}.");
        }

        if (EvidenceFileNames.ExtensionContradicts(name, kind))
        {
            return Refused($"{name} is a {kind.Label} but its name ends in {Path.GetExtension(name)}. Rename it or send it as it is saved on your device. We accept {EvidenceKinds.Accepted}.");
        }

        if (await limitProblem(0, cancellationToken) is { } full)
        {
            return Refused(full);
        }

        // The file goes to mat2 under our own neutral name with the right extension.
        var received = scratch.NewPath(kind.Extension);
        File.Move(file.Path, received);
        string? cleaned = null;
        if (kind.Cleanable)
        {
            cleaned = await cleaner.CleanAsync(received, cancellationToken);
        }

        if (cleaned is null && !file.KeepOriginal)
        {
            return Refused($"We cannot remove the hidden details (such as where and when it was made) from {name}. " +
                "Send a screenshot of it instead, or choose to keep the original as it is and send it again.");
        }

        var fileId = Guid.NewGuid();
        var storedName = EvidenceFileNames.Clean(name, kind);
        var keepsOriginal = cleaned is not null && file.KeepOriginal;
        var primary = await SealAsync(caseId, key, fileId, cleaned ?? received, FileField, cancellationToken);
        IPendingBlob? original = null;
        try
        {
            original = keepsOriginal ? await SealAsync(caseId, key, fileId, received, OriginalField, cancellationToken) : null;
        }
        catch
        {
            await primary.DisposeAsync();
            throw;
        }

        var description = new EvidenceDescription(storedName, kind.Name, new FileInfo(cleaned ?? received).Length,
            file.KeepOriginal ? Path.GetFileName(name) : null, keepsOriginal ? file.Length : null);
        var note = cleaned is null
            ? " We could not remove its hidden details; it is kept as it is, as you chose."
            : keepsOriginal ? " The original, with its details, is kept as evidence as you chose." : null;
        return new PreparedFile(file, new SealedUpload(fileId, primary, original, cleaned is not null,
            SealedFields.SealRecord(key, description, new SealContext(caseId, fileId, DescriptionField)),
            Sealer.Seal(key, file.Sha256, new SealContext(caseId, fileId, ContentHashField)),
            intakePublicKey is { } intake ? KeyWrap.WrapToPublicKey(file.Sha256, intake, HashWrapContext(fileId)) : null,
            new EvidenceOutcome(file.Slot, name, storedName, true, $"{name} was added as {storedName}.{note}")), null);
    }

    /// <summary>
    /// Saves the rows added for <paramref name="upload"/>, publishes its blobs inside the transaction and
    /// commits; if anything fails, the published blobs are deleted again, so there is never a row without its blob.
    /// </summary>
    public async Task CommitWithBlobsAsync(IDbContextTransaction transaction, SealedUpload upload, CancellationToken cancellationToken)
    {
        var published = new List<string>();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var blob in upload.Blobs)
            {
                await blob.PublishAsync(cancellationToken);
                published.Add(blob.Key);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            db.ChangeTracker.Clear();
            foreach (var key in published)
            {
                await blobs.DeleteAsync(key, CancellationToken.None);
            }

            throw;
        }
    }

    private async Task<IPendingBlob> SealAsync(Guid caseId, byte[] key, Guid fileId, string path, string field, CancellationToken cancellationToken)
    {
        var blob = await blobs.CreateAsync(cancellationToken);
        try
        {
            await using var plain = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await FileSealer.SealAsync(key, plain, blob.Content, new SealContext(caseId, fileId, field), cancellationToken);
            await blob.Content.FlushAsync(cancellationToken);
            return blob;
        }
        catch
        {
            await blob.DisposeAsync();
            throw;
        }
    }

    /// <summary>Null when a report holding <paramref name="count"/> files may take one more and hold <paramref name="total"/> sealed bytes.</summary>
    public static string? LimitMessage(EvidenceOptions limits, int count, long total)
    {
        if (count >= limits.MaxFilesPerCase)
        {
            return $"This report already has {limits.MaxFilesPerCase} files, the most it can hold. Describe anything more in a message.";
        }

        return total > limits.MaxCaseBytes
            ? $"This report's files would come to more than {EvidenceOptions.Describe(limits.MaxCaseBytes)}, the most it can hold."
            : null;
    }

    /// <summary>Null when the case has room for <paramref name="adding"/> more sealed bytes and one more file.</summary>
    private async Task<string?> LimitProblemAsync(EvidenceTarget target, long adding, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var ownTransaction = db.Database.CurrentTransaction is null ? await target.Begin(cancellationToken) : null;
        try
        {
            var files = db.EvidenceFiles.Where(f => f.CaseId == target.CaseId);
            var count = await files.CountAsync(cancellationToken);
            var total = await files.SumAsync(f => f.SealedLength + (f.OriginalSealedLength ?? 0), cancellationToken);
            return LimitMessage(limits, count, total + adding);
        }
        finally
        {
            if (ownTransaction is not null)
            {
                await ownTransaction.DisposeAsync();
            }
        }
    }
}
