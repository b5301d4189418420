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
}

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

    public string Folder => folder;

    public Task<IPendingBlob> CreateAsync(CancellationToken cancellationToken)
    {
        var key = Guid.NewGuid().ToString("N");
        var pending = Path.Combine(folder, PendingFolder);
        Directory.CreateDirectory(pending);
        var path = Path.Combine(pending, key + ".part");
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

    private string PathOf(string key)
    {
        if (key.Length != 32 || !key.All(char.IsAsciiHexDigitLower))
        {
            throw new ArgumentException("Not a blob key.", nameof(key));
        }

        return Path.Combine(folder, key[..2], key);
    }

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
