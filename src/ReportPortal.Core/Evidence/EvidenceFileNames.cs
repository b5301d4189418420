using System.Text;
using System.Text.RegularExpressions;

namespace ReportPortal.Core.Evidence;

/// <summary>
/// File names carry metadata too: "IMG_20261003_231512.jpg" says when a photo was taken, "PXL_…" or
/// "Screenshot_…_com.whatsapp" which phone and app. The stored name keeps only the words a person chose,
/// drops every part with a digit in it and the usual camera, phone and app prefixes, and always ends with
/// the extension of what the file really is.
/// </summary>
public static partial class EvidenceFileNames
{
    private const int MaxLength = 80;

    private static readonly HashSet<string> DeviceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "img", "image", "dsc", "dscn", "dscf", "pxl", "vid", "video", "mvimg", "pano", "burst", "photo", "pic", "picture",
        "screenshot", "screen", "shot", "capture", "recording", "scan", "whatsapp", "signal", "telegram", "snapchat",
        "instagram", "facebook", "messenger", "com", "android", "iphone", "ipad", "samsung", "galaxy", "pixel", "huawei",
        "xiaomi", "oneplus", "motorola", "nokia", "sony", "lg", "oppo", "at", "edited", "copy", "export", "file", "fullsizerender",
    };

    /// <summary>The neutral name to store and show for a file of this kind.</summary>
    public static string Clean(string? received, EvidenceKind kind)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName((received ?? string.Empty).Replace('\\', '/')));
        var words = Words().Matches(stem.Normalize(NormalizationForm.FormC))
            .Select(m => m.Value)
            .Where(w => !w.Any(char.IsDigit) && !DeviceWords.Contains(w))
            .ToList();
        var name = new StringBuilder();
        foreach (var word in words)
        {
            if (name.Length + word.Length + 1 > MaxLength)
            {
                break;
            }

            name.Append(name.Length > 0 ? " " : string.Empty).Append(word);
        }

        return (name.Length > 0 ? name.ToString() : DefaultStem(kind)) + kind.Extension;
    }

    /// <summary>True when the received name has an extension that belongs to another kind of file (a lie).</summary>
    public static bool ExtensionContradicts(string? received, EvidenceKind kind)
    {
        var extension = Path.GetExtension(received ?? string.Empty);
        return extension.Length > 0 && !kind.Extensions.Contains(extension, StringComparer.OrdinalIgnoreCase);
    }

    private static string DefaultStem(EvidenceKind kind) => kind.ContentType.Split('/')[0] switch
    {
        "image" => "image",
        "video" => "video",
        "audio" => "audio",
        "text" => "text",
        _ => "document",
    };

    [GeneratedRegex(@"[\p{L}\p{N}\p{M}]+(?:['’][\p{L}]+)?")]
    private static partial Regex Words();
}
