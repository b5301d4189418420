using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// Decides what a received file is from its bytes (magic numbers, and for zip-based documents the
/// entries that say what they are), never from its name or the browser's content type. A file that is
/// two things at once (a polyglot: an image with a zip or PDF inside it) is refused, because what opens
/// it decides which of the two a reader sees.
/// </summary>
public static class ContentSniffer
{
    private const int HeadSize = 1024;
    private const int MaxZipEntries = 10_000;

    private static readonly string[] HeicBrands = ["heic", "heix", "heim", "heis", "hevc", "hevx"];
    private static readonly string[] Mp4Brands = ["isom", "iso2", "iso3", "iso4", "iso5", "iso6", "mp41", "mp42", "avc1", "M4V ", "mmp4", "dash", "3gp4", "3gp5", "3gp6"];

    private static readonly (string Entry, string Marker, EvidenceKind Kind)[] OfficeMarkers =
    [
        ("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", EvidenceKinds.Docx),
        ("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", EvidenceKinds.Xlsx),
        ("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml", EvidenceKinds.Pptx),
    ];

    /// <summary>The kind of the file at <paramref name="path"/>, or null when it is none we accept.</summary>
    public static async Task<EvidenceKind?> SniffAsync(string path, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 65536, FileOptions.Asynchronous | FileOptions.SequentialScan);
        if (file.Length == 0)
        {
            return null;
        }

        var head = new byte[(int)Math.Min(HeadSize, file.Length)];
        await file.ReadExactlyAsync(head, cancellationToken);
        var kind = ByMagic(head);
        if (kind == EvidenceKinds.Docx)
        {
            // Only a zip that is an Office or OpenDocument file; any other zip is refused.
            return OfficeKind(file);
        }

        if (kind is null)
        {
            return await IsPlainTextAsync(file, cancellationToken) ? EvidenceKinds.Text : null;
        }

        return IsPolyglot(kind, head, file) ? null : kind;
    }

    private static EvidenceKind? ByMagic(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return EvidenceKinds.Jpeg;
        }

        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return EvidenceKinds.Png;
        }

        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return EvidenceKinds.Gif;
        }

        if (head.StartsWith("%PDF-"u8))
        {
            return EvidenceKinds.Pdf;
        }

        if (head.StartsWith("OggS"u8))
        {
            return EvidenceKinds.Ogg;
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            return head[8..12].SequenceEqual("WEBP"u8) ? EvidenceKinds.WebP : head[8..12].SequenceEqual("WAVE"u8) ? EvidenceKinds.Wav : null;
        }

        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return IsoKind(head);
        }

        if (head.StartsWith("ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE6) == 0xE2))
        {
            // An ID3 tag, or an MPEG audio frame header (sync bits, layer III).
            return EvidenceKinds.Mp3;
        }

        // The zip local file header; what kind of document it is is decided from its entries.
        return head.StartsWith("PK\u0003\u0004"u8) ? EvidenceKinds.Docx : null;
    }

    /// <summary>ISO base media files (MP4, MOV, M4A, HEIC) say what they are in the ftyp box's brands.</summary>
    private static EvidenceKind? IsoKind(ReadOnlySpan<byte> head)
    {
        var boxSize = (int)Math.Min(BinaryPrimitives.ReadUInt32BigEndian(head), (uint)head.Length);
        var brands = new List<string>();
        for (var offset = 8; offset + 4 <= boxSize; offset += offset == 8 ? 8 : 4)
        {
            // Major brand at 8, minor version at 12 (skipped), compatible brands from 16.
            brands.Add(Encoding.ASCII.GetString(head.Slice(offset, 4)));
        }

        var major = brands.Count > 0 ? brands[0] : string.Empty;
        if (HeicBrands.Contains(major) || ((major is "mif1" or "msf1") && brands.Any(HeicBrands.Contains)))
        {
            return EvidenceKinds.Heic;
        }

        return major switch
        {
            "qt  " => EvidenceKinds.Mov,
            "M4A " => EvidenceKinds.M4a,
            _ when Mp4Brands.Contains(major) => EvidenceKinds.Mp4,
            _ => null,
        };
    }

    private static EvidenceKind? OfficeKind(FileStream file)
    {
        file.Position = 0;
        try
        {
            using var zip = new ZipArchive(file, ZipArchiveMode.Read, leaveOpen: true);
            if (zip.Entries.Count > MaxZipEntries)
            {
                return null;
            }

            if (zip.GetEntry("mimetype") is { } mimetype)
            {
                var declared = ReadSmallEntry(mimetype);
                return new[] { EvidenceKinds.Odt, EvidenceKinds.Ods, EvidenceKinds.Odp }.FirstOrDefault(k => k.ContentType == declared);
            }

            if (zip.GetEntry("[Content_Types].xml") is { } types)
            {
                var declared = ReadSmallEntry(types);
                return OfficeMarkers.FirstOrDefault(m => declared?.Contains(m.Marker, StringComparison.Ordinal) == true).Kind;
            }

            return null;
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static string? ReadSmallEntry(ZipArchiveEntry entry)
    {
        const int Limit = 256 * 1024;
        if (entry.Length > Limit)
        {
            return null;
        }

        using var stream = entry.Open();
        using var reader = new StreamReader(stream, new UTF8Encoding(false, true));
        var buffer = new char[Limit];
        var read = reader.ReadBlock(buffer, 0, Limit);
        return new string(buffer, 0, read).Trim();
    }

    /// <summary>
    /// Strict UTF-8 with no control characters but tab, line breaks and form feed; read in full (text files
    /// are small, and a binary file usually fails in its first block).
    /// </summary>
    private static async Task<bool> IsPlainTextAsync(FileStream file, CancellationToken cancellationToken)
    {
        file.Position = 0;
        var decoder = new UTF8Encoding(false, true).GetDecoder();
        var bytes = new byte[65536];
        var chars = new char[65537];
        int read;
        try
        {
            while ((read = await file.ReadAsync(bytes, cancellationToken)) > 0)
            {
                var count = decoder.GetChars(bytes, 0, read, chars, 0, flush: false);
                if (chars.AsSpan(0, count).ContainsAnyExcept(TextCharacters.Allowed))
                {
                    return false;
                }
            }

            return decoder.GetChars([], 0, 0, chars, 0, flush: true) == 0;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>
    /// A PDF reader finds "%PDF-" anywhere in the first kilobyte, and a zip reader reads from the end: a
    /// file of another kind that carries either would open as something else than what we sniffed.
    /// </summary>
    private static bool IsPolyglot(EvidenceKind kind, ReadOnlySpan<byte> head, FileStream file)
    {
        if (kind != EvidenceKinds.Pdf && head.IndexOf("%PDF-"u8) >= 0)
        {
            return true;
        }

        return HasZipDirectoryAtEnd(file);
    }

    /// <summary>A zip's end-of-central-directory record, at the place a zip reader would look for it.</summary>
    private static bool HasZipDirectoryAtEnd(FileStream file)
    {
        const int RecordSize = 22;
        var tailSize = (int)Math.Min(file.Length, RecordSize + ushort.MaxValue);
        var tail = new byte[tailSize];
        file.Position = file.Length - tailSize;
        file.ReadExactly(tail);
        for (var at = tailSize - RecordSize; at >= 0; at--)
        {
            if (tail.AsSpan(at, 4).SequenceEqual("PK\u0005\u0006"u8)
                && BinaryPrimitives.ReadUInt16LittleEndian(tail.AsSpan(at + 20)) == tailSize - at - RecordSize)
            {
                return true;
            }
        }

        return false;
    }

    private static class TextCharacters
    {
        public static readonly System.Buffers.SearchValues<char> Allowed = System.Buffers.SearchValues.Create(Build());

        private static string Build()
        {
            var builder = new StringBuilder("\t\n\r\f");
            for (var c = 0x20; c <= 0xFFFF; c++)
            {
                if (c != 0x7F)
                {
                    builder.Append((char)c);
                }
            }

            return builder.ToString();
        }
    }
}
