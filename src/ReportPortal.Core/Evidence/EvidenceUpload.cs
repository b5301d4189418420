using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace ReportPortal.Core.Evidence;

/// <summary>One file field of an upload form as received into the private folder.</summary>
public sealed record IncomingFile(int Slot, string? ReceivedName, string Path, long Length, byte[] Sha256, bool TooLarge)
{
    public bool KeepOriginal { get; set; }
}

/// <summary>
/// Every value of every small field of an upload form, in order, kept even when the form is refused or the
/// read fails part-way, for a form whose answers must survive (the report form). Bounded: at most
/// <paramref name="maxFields"/> values of at most <paramref name="maxFieldLength"/> characters each.
/// </summary>
public sealed class UploadFields(int maxFields, int maxFieldLength)
{
    public List<KeyValuePair<string, string>> All { get; } = [];

    public int MaxFields => maxFields;

    public int MaxFieldLength => maxFieldLength;
}

/// <summary>An upload form read off the wire: its small fields, and its files in the private folder.</summary>
public sealed record ReceivedUpload(IReadOnlyDictionary<string, string> Fields, IReadOnlyList<IncomingFile> Files);

/// <summary>
/// Reads a multipart upload form as a stream: small fields into memory, each file straight into the
/// upload's private folder while its SHA-256 and length are taken, never through the framework's form
/// buffering (which would put readable copies in the system temp folder). A file over the per-file limit
/// stops being written at the limit and is marked; the rest of the form is still read. Fields must come
/// before the files (the form's token is checked before any file is written).
/// </summary>
public static class EvidenceUpload
{
    public const string FileField = "file-";
    public const string KeepField = "keep-";
    private const int MaxFieldLength = 8 * 1024;
    private const int MaxFields = 64;

    /// <summary>
    /// Null when the form is not multipart or <paramref name="checkFields"/> refused it. With
    /// <paramref name="keep"/>, a refused form is still read to its end (its files skipped unwritten) so that
    /// every field lands in <paramref name="keep"/>.
    /// </summary>
    public static async Task<ReceivedUpload?> ReadAsync(HttpRequest request, PrivateScratch scratch, EvidenceOptions options,
        Func<IReadOnlyDictionary<string, string>, Task<bool>> checkFields, CancellationToken cancellationToken, UploadFields? keep = null)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return null;
        }

        // A 64 KiB buffer rather than the default 4 KiB: a 1 GiB video is read in a sixteenth of the calls.
        var reader = new MultipartReader(boundary, request.Body, 65536) { HeadersLengthLimit = 16 * 1024 };
        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var files = new List<IncomingFile>();
        var kept = keep ?? new UploadFields(MaxFields, MaxFieldLength);
        var checkedFields = false;
        var refused = false;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { } name)
            {
                continue;
            }

            if (disposition.IsFileDisposition())
            {
                if (!checkedFields)
                {
                    refused = !await checkFields(fields);
                    if (refused && keep is null)
                    {
                        return null;
                    }

                    checkedFields = true;
                }

                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                // A field left empty arrives as a part with no name and no bytes.
                if (refused || string.IsNullOrEmpty(fileName) || !name.StartsWith(FileField, StringComparison.Ordinal)
                    || !int.TryParse(name.AsSpan(FileField.Length), out var slot) || slot < 1 || slot > options.FilesPerUpload)
                {
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    continue;
                }

                files.Add(await ReceiveFileAsync(section.Body, slot, fileName, scratch, options.MaxFileBytes, cancellationToken));
            }
            else if (kept.All.Count < kept.MaxFields)
            {
                using var text = new StreamReader(section.Body);
                var buffer = new char[kept.MaxFieldLength];
                var read = await text.ReadBlockAsync(buffer, cancellationToken);
                fields[name] = new string(buffer, 0, read);
                kept.All.Add(new(name, fields[name]));
                await section.Body.CopyToAsync(Stream.Null, cancellationToken);
            }
        }

        if (refused || (!checkedFields && !await checkFields(fields)))
        {
            return null;
        }

        foreach (var file in files)
        {
            file.KeepOriginal = fields.TryGetValue(KeepField + file.Slot, out var keepOriginal) && keepOriginal == "yes";
        }

        return new ReceivedUpload(fields, files);
    }

    private static async Task<IncomingFile> ReceiveFileAsync(Stream body, int slot, string fileName, PrivateScratch scratch, long limit, CancellationToken cancellationToken)
    {
        var path = scratch.NewPath(".bin");
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[65536];
        long length = 0;
        var tooLarge = false;
        await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536, FileOptions.Asynchronous))
        {
            int read;
            while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                length += read;
                if (length > limit)
                {
                    tooLarge = true;
                    continue;
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
        }

        if (tooLarge)
        {
            File.Delete(path);
        }

        CryptographicOperations.ZeroMemory(buffer);
        return new IncomingFile(slot, fileName, path, tooLarge ? 0 : length, hash.GetHashAndReset(), tooLarge);
    }
}
