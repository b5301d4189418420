using System.Globalization;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// Limits and places for evidence files (ReportPortal:Evidence). The limits are stated on every upload
/// page before anything is chosen; the folders are the operator's (docs/evidence-storage.md).
/// </summary>
public sealed class EvidenceOptions
{
    public const string Section = "ReportPortal:Evidence";

    /// <summary>Largest single file: at least 500 MB, so a short phone video fits.</summary>
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>All files of one case together, counting the kept originals too.</summary>
    public long MaxCaseBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Files one case may hold.</summary>
    public int MaxFilesPerCase { get; set; } = 30;

    /// <summary>File fields on one upload form (each with its own "keep the original" choice).</summary>
    public int FilesPerUpload { get; set; } = 5;

    /// <summary>Where sealed blobs live. Must be on one file system with itself (blobs are renamed into place).</summary>
    public string BlobFolder { get; set; } = string.Empty;

    /// <summary>
    /// Root of the private per-upload folders in which a file is received and cleaned. Readable files exist
    /// only here, only during the request; put it on a file system that is not backed up (tmpfs suits).
    /// </summary>
    public string TempRoot { get; set; } = string.Empty;

    public string Mat2Path { get; set; } = "/usr/bin/mat2";

    /// <summary>How long mat2 may take on one file before the upload of that file is refused.</summary>
    public int CleaningTimeoutSeconds { get; set; } = 600;

    /// <summary>
    /// How long files chosen on the report form before it is sent are held (sealed) for that form; after it
    /// they are deleted, and the form asks for them again.
    /// </summary>
    public int PendingFileMinutes { get; set; } = 180;

    /// <summary>How often the reporter face deletes expired pending files.</summary>
    public int PendingSweepMinutes { get; set; } = 5;

    /// <summary>
    /// How long a blob no row names must stay unnamed and unchanged before the staff face's orphan sweep
    /// removes it (<see cref="OrphanBlobSweep"/>): far longer than any upload takes between sealing and committing.
    /// </summary>
    public int OrphanGraceMinutes { get; set; } = 60;

    /// <summary>How often the staff face looks for orphaned blobs.</summary>
    public int OrphanSweepMinutes { get; set; } = 15;

    /// <summary>The largest request an upload form may send: every file field full, plus the form around them.</summary>
    public long MaxUploadBytes => (MaxFileBytes * FilesPerUpload) + (1024 * 1024);

    public void Validate()
    {
        if (MaxFileBytes < 500_000_000)
        {
            throw new InvalidOperationException($"{Section}:MaxFileBytes must be at least 500 MB so short videos fit.");
        }

        if (MaxCaseBytes < MaxFileBytes || MaxFilesPerCase < 1 || FilesPerUpload is < 1 or > 20 || CleaningTimeoutSeconds < 1 || PendingFileMinutes < 10 || PendingSweepMinutes < 1
            || OrphanGraceMinutes < 10 || OrphanSweepMinutes < 1)
        {
            throw new InvalidOperationException($"{Section}: MaxCaseBytes must be at least MaxFileBytes, MaxFilesPerCase at least 1, FilesPerUpload 1 to 20, PendingFileMinutes at least 10, PendingSweepMinutes at least 1, OrphanGraceMinutes at least 10, OrphanSweepMinutes at least 1.");
        }

        if (string.IsNullOrWhiteSpace(BlobFolder) || string.IsNullOrWhiteSpace(TempRoot) || !Path.IsPathFullyQualified(BlobFolder) || !Path.IsPathFullyQualified(TempRoot))
        {
            throw new InvalidOperationException($"{Section}:BlobFolder and {Section}:TempRoot must be set to absolute folders.");
        }
    }

    /// <summary>A size as people read it: "512 MB", "2 GB".</summary>
    public static string Describe(long bytes) => bytes >= 1024L * 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.#} GB")
        : bytes >= 1024 * 1024
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
            : string.Create(CultureInfo.InvariantCulture, $"{Math.Max(1, bytes / 1024)} KB");
}
