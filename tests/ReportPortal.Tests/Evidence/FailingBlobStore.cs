using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Evidence;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// The real blob store, except that publish number <paramref name="failing"/> (counting from 1) fails: a store
/// that breaks between publishing one blob and committing the row, or between two publishes of one file.
/// </summary>
internal sealed class FailingBlobStore(IEvidenceBlobStore inner, int failing) : IEvidenceBlobStore
{
    private int _attempts;

    public int Published { get; private set; }

    /// <summary>Puts a store failing at publish number <paramref name="failing"/> in place of an app's own, on the app's blob folder.</summary>
    public static Action<IServiceCollection> InPlaceOf(int failing) => services => services.AddSingleton<IEvidenceBlobStore>(provider =>
        new FailingBlobStore(new FileSystemBlobStore(provider.GetRequiredService<IOptions<EvidenceOptions>>().Value.BlobFolder), failing));

    public async Task<IPendingBlob> CreateAsync(CancellationToken cancellationToken) => new Blob(this, await inner.CreateAsync(cancellationToken));

    public Stream OpenRead(string key) => inner.OpenRead(key);

    public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);

    public IAsyncEnumerable<StoredBlob> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);

    public Task RemoveAsync(StoredBlob blob, CancellationToken cancellationToken) => inner.RemoveAsync(blob, cancellationToken);

    private sealed class Blob(FailingBlobStore store, IPendingBlob inner) : IPendingBlob
    {
        public string Key => inner.Key;

        public Stream Content => inner.Content;

        public long Length => inner.Length;

        public async Task PublishAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref store._attempts) == store.Failing)
            {
                throw new IOException("The blob store failed.");
            }

            await inner.PublishAsync(cancellationToken);
            store.Published++;
        }

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private int Failing => failing;
}
