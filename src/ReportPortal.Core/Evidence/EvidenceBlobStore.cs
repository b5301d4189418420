namespace ReportPortal.Core.Evidence;

/// <summary>
/// Where sealed evidence blobs live. A blob is written under a pending name, made visible under its key
/// only by <see cref="IPendingBlob.PublishAsync"/>, and removed by disposing the pending blob unpublished.
/// The store only ever sees sealed bytes. An S3-compatible store fits the same shape (a multipart upload
/// completed on publish, aborted on dispose).
/// </summary>
public interface IEvidenceBlobStore
{
    /// <summary>Starts a new blob under a fresh random key.</summary>
    Task<IPendingBlob> CreateAsync(CancellationToken cancellationToken);

    /// <summary>The published blob, for reading; FileNotFoundException when there is none.</summary>
    Stream OpenRead(string key);

    /// <summary>Removes a published blob (a row that failed to commit after its blob was published); nothing when there is none.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// Every blob the store holds, published or still being written, for the orphan sweep
    /// (<see cref="OrphanBlobSweep"/>). Anything in the store not named like a blob is left out, and so never removed.
    /// An S3-compatible store lists its objects and its unfinished multipart uploads.
    /// </summary>
    IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Removes a listed blob: a published one as <see cref="DeleteAsync"/> does, one still being written by
    /// deleting its partial bytes (an S3-compatible store aborts the multipart upload). Nothing when it is gone.
    /// </summary>
    Task RemoveAsync(StoredBlob blob, CancellationToken cancellationToken);
}

/// <summary>
/// One blob as the store lists it. <see cref="Length"/> and <see cref="LastWritten"/> say which version of it
/// was seen: a blob still being written shows a new one on every listing, so the sweep never counts it as idle.
/// </summary>
public sealed record StoredBlob(string Key, bool Published, long Length, DateTimeOffset LastWritten);

public interface IPendingBlob : IAsyncDisposable
{
    string Key { get; }

    /// <summary>Where the sealed bytes are written.</summary>
    Stream Content { get; }

    /// <summary>Bytes written so far.</summary>
    long Length { get; }

    /// <summary>Makes the blob readable under its key (an atomic rename on disk).</summary>
    Task PublishAsync(CancellationToken cancellationToken);
}

/// <summary>
/// Blobs as files: {folder}/{first two characters of the key}/{key}, written first as
/// {folder}/pending/{key}.part. Keys are random Guids, so a blob's name says nothing about its case.
/// </summary>
public sealed class FileSystemBlobStore(string folder) : IEvidenceBlobStore
{
    public const string PendingFolder = "pending";
    public const string PartSuffix = ".part";

    public string Folder => folder;

    public Task<IPendingBlob> CreateAsync(CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        Directory.CreateDirectory(Path.Combine(folder, PendingFolder));
        var path = PartPathOf(key);
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous);
        return Task.FromResult<IPendingBlob>(new PendingFile(this, key, path, stream));
    }

    public Stream OpenRead(string key) =>
        new FileStream(PathOf(key), FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.Asynchronous | FileOptions.SequentialScan);

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        // Deleting what is already gone is not an error: a sweep may meet a blob an earlier attempt removed.
        var path = PathOf(key);
        if (File.Exists(path))
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredBlob> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var shard in Directory.EnumerateDirectories(folder))
        {
            var prefix = Path.GetFileName(shard);
            var partial = prefix == PendingFolder;
            foreach (var path in Directory.EnumerateFiles(shard))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = Path.GetFileName(path);
                var key = partial ? Path.GetFileNameWithoutExtension(name) : name;
                var ours = IsKey(key) && (partial ? name == key + PartSuffix : key.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length == 2);
                if (ours && Stat(path, key, published: !partial) is { } blob)
                {
                    yield return blob;
                }
            }

            await Task.Yield();
        }
    }

    public async Task RemoveAsync(StoredBlob blob, CancellationToken cancellationToken)
    {
        if (blob.Published)
        {
            await DeleteAsync(blob.Key, cancellationToken);
            return;
        }

        File.Delete(PartPathOf(blob.Key));
    }

    /// <summary>A file that went between listing it and reading its times is not listed.</summary>
    private static StoredBlob? Stat(string path, string key, bool published)
    {
        var info = new FileInfo(path);
        return info.Exists ? new StoredBlob(key, published, info.Length, info.LastWriteTimeUtc) : null;
    }

    private static bool IsKey(string key) => key.Length == 32 && key.All(char.IsAsciiHexDigitLower);

    private string PathOf(string key) => IsKey(key) ? Path.Combine(folder, key[..2], key) : throw new ArgumentException("Not a blob key.", nameof(key));

    private string PartPathOf(string key) => IsKey(key) ? Path.Combine(folder, PendingFolder, key + PartSuffix) : throw new ArgumentException("Not a blob key.", nameof(key));

    private sealed class PendingFile(FileSystemBlobStore store, string key, string path, FileStream stream) : IPendingBlob
    {
        private bool _published;

        public string Key => key;

        public Stream Content => stream;

        public long Length => stream.Length;

        public async Task PublishAsync(CancellationToken cancellationToken)
        {
            await stream.FlushAsync(cancellationToken);
            stream.Flush(flushToDisk: true);
            await stream.DisposeAsync();
            var final = store.PathOf(key);
            Directory.CreateDirectory(Path.GetDirectoryName(final)!);
            File.Move(path, final);
            _published = true;
        }

        public async ValueTask DisposeAsync()
        {
            await stream.DisposeAsync();
            if (!_published)
            {
                File.Delete(path);
            }
        }
    }
}
