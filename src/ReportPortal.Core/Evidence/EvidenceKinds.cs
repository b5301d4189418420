namespace ReportPortal.Core.Evidence;

/// <summary>
/// One kind of file we accept, decided from its content. <see cref="Name"/> is stored (sealed, in the
/// file's description) and must never change. <see cref="Cleanable"/>: mat2 can remove its metadata;
/// otherwise the file is taken only when the reporter chooses to keep it as it is.
/// </summary>
public sealed record EvidenceKind(string Name, string Label, string ContentType, string[] Extensions, bool Cleanable, bool Previewable)
{
    public string Extension => Extensions[0];
}

public static class EvidenceKinds
{
    public static readonly EvidenceKind Jpeg = new("jpeg", "JPEG image", "image/jpeg", [".jpg", ".jpeg", ".jpe", ".jfif"], true, true);
    public static readonly EvidenceKind Png = new("png", "PNG image", "image/png", [".png"], true, true);
    public static readonly EvidenceKind Gif = new("gif", "GIF image", "image/gif", [".gif"], true, true);
    public static readonly EvidenceKind Heic = new("heic", "HEIC photo", "image/heic", [".heic", ".heif"], true, false);
    public static readonly EvidenceKind WebP = new("webp", "WebP image", "image/webp", [".webp"], false, false);
    public static readonly EvidenceKind Pdf = new("pdf", "PDF document", "application/pdf", [".pdf"], true, false);
    public static readonly EvidenceKind Docx = new("docx", "Word document", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", [".docx"], true, false);
    public static readonly EvidenceKind Xlsx = new("xlsx", "Excel spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [".xlsx"], true, false);
    public static readonly EvidenceKind Pptx = new("pptx", "PowerPoint presentation", "application/vnd.openxmlformats-officedocument.presentationml.presentation", [".pptx"], true, false);
    public static readonly EvidenceKind Odt = new("odt", "OpenDocument text", "application/vnd.oasis.opendocument.text", [".odt"], true, false);
    public static readonly EvidenceKind Ods = new("ods", "OpenDocument spreadsheet", "application/vnd.oasis.opendocument.spreadsheet", [".ods"], true, false);
    public static readonly EvidenceKind Odp = new("odp", "OpenDocument presentation", "application/vnd.oasis.opendocument.presentation", [".odp"], true, false);
    public static readonly EvidenceKind Mp4 = new("mp4", "MP4 video", "video/mp4", [".mp4", ".m4v"], true, false);
    public static readonly EvidenceKind Mov = new("mov", "QuickTime video", "video/quicktime", [".mov", ".qt"], false, false);
    public static readonly EvidenceKind Mp3 = new("mp3", "MP3 audio", "audio/mpeg", [".mp3"], true, false);
    public static readonly EvidenceKind M4a = new("m4a", "M4A audio", "audio/mp4", [".m4a"], false, false);
    public static readonly EvidenceKind Ogg = new("ogg", "Ogg audio", "audio/ogg", [".ogg", ".oga", ".opus"], true, false);
    public static readonly EvidenceKind Wav = new("wav", "WAV audio", "audio/x-wav", [".wav"], true, false);
    public static readonly EvidenceKind Text = new("text", "plain text", "text/plain; charset=utf-8", [".txt", ".text"], true, false);

    public static readonly IReadOnlyList<EvidenceKind> All = [Jpeg, Png, Gif, Heic, WebP, Pdf, Docx, Xlsx, Pptx, Odt, Ods, Odp, Mp4, Mov, Mp3, M4a, Ogg, Wav, Text];

    /// <summary>The kinds whose hidden details cannot be removed, for the page to name ("WebP images, MOV videos and M4A audio").</summary>
    public static string Uncleanable
    {
        get
        {
            var labels = All.Where(kind => !kind.Cleanable).Select(kind => kind.Label).ToList();
            return labels.Count <= 1 ? string.Concat(labels) : $"{string.Join(", ", labels[..^1])} and {labels[^1]}";
        }
    }

    /// <summary>What the pages say is accepted (and what a refusal repeats).</summary>
    public const string Accepted =
        "photos and screenshots (JPEG, PNG, HEIC, GIF, WebP), PDF, Word, Excel, PowerPoint and OpenDocument files, MP4 and MOV videos, audio (MP3, M4A, Ogg, WAV) and plain text";

    public static EvidenceKind? ByName(string name) => All.FirstOrDefault(k => k.Name == name);
}
