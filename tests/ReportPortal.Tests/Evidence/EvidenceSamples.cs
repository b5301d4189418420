using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// Files the tests make themselves: a JPEG whose EXIF carries a GPS position and a camera (written with
/// exiftool onto a small picture), a PDF and a DOCX naming an author, and ways to read back what matters.
/// </summary>
public static class EvidenceSamples
{
    /// <summary>A 32×24 baseline JPEG (no metadata of its own beyond the JFIF header).</summary>
    private const string BaseJpeg =
        "/9j/4AAQSkZJRgABAgAAAQABAAD//gAQTGF2YzU5LjM3LjEwMAD/2wBDAAgKCgsKCw0NDQ0NDRAPEBAQEBAQEBAQEBASEhIVFRUSEhIQEBISFBQVFRcXFxUVFRUXFxkZGR4eHBwjIyQrKzP/xACaAAEBAQEBAAAAAAAAAAAAAAAHBgUAAQEBAAIDAQEAAAAAAAAAAAAABwUGAAQCCAMQAAECAwUFBQkBAQAAAAAAAAECAwUAESESwgYEE0ODMjFRFrQiNISydXMjQjNhNTYUEQABAgIFCQUFCQEAAAAAAAABAgMEACEREgYFQ8FEglGDMcMTMmFBNCJiUjWBFrSyFHNCFXUkF3H/wAARCAAYACADARIAAhIAAxIA/9oADAMBAAIRAxEAPwCGybCla06h1wKDCVNprRQDiwCS2lVKeUFJXQ3gFJ7azZZF/gq+Ianw+kntuBTGOJKz6G6yoeKq+A7hRSeOyZOAymrnnXjL0u3bgn0QyK4mMspZcUAW2A3atuFJ7SxbT00kWa6yqsCyaPe7Q9/y5io4SSwTb+TDPkb3HEwyo4ahLaVIQkISkISlKQAlIAIAAFAAHACe4DKaueWi9baGkQDbaUoQhLqUpSAlKUgNAJSBQABQAKBPd7tD3/Ll5je44mGeje44mGfFeH5TVzzmH5TVzyU3u0Pf8ucvdoe/5c5OTY6lzUKh+oV9ZxsrZWSkbUM8yDVQUpwBd4XQaoSoqpS0/wAs/wCrg3t3hFyxQ8Y5EthDlJa/X4qB294q4+PjOlAZTVzyh4vdyCwSNciIMdJuO9RhwAG2ltV2i3sQvqVhuqpBBsmyQBaL3aHv+XOrlWKQRjSK0qXggXy4UlL9A64EpKitSbAQ2n7ropWSqCb/AIeKYeJisfh3AIdYQFmqkQtVG0uCjjxNUzEfk9bNNXxfAsLxhtxyEhlRIhUqVUhURaSFCv0oKgtwmxQlIUokVAVmbRdHTNxzJT9f3evo/wCnl81z1P6ryW9nWY2N7jiYZt+DfWts9bs0WvId/u07eEqEBlNXPJJeH6v6jf4ns+vo+S9m12Kfd7XylGvdoe/5cpOYe8G1b2fJVV303SyvW3s6zYRvccTDIdhn+e2F2u1UK/iffVwo2yOYflNXPJE51P6/797djh7Nvyurx+U/e92h7/lydQmDRVa2NfoWDt2AotuFbQuh1JQTceWEkKTWlUmy0Sq5V9Gn5Om9wz6BjWMLaZC4BJT1BWknrU1cDU9/2jbOm55WD/KT91MtC8VwWOdXCx76XoiCVYdSkO1NqXxTbYHTUfTUoBRKVAg1GSKE+PXj/kHvtERP/9k=";

    public static byte[] JpegWithGpsAndCamera(string folder)
    {
        var path = Path.Combine(folder, "sample-gps.jpg");
        File.WriteAllBytes(path, Convert.FromBase64String(BaseJpeg));
        Run("exiftool", "-q", "-overwrite_original", "-Make=Canon", "-Model=EOS 5D", "-SerialNumber=CAM123456",
            "-GPSLatitude=51.501", "-GPSLatitudeRef=N", "-GPSLongitude=0.1246", "-GPSLongitudeRef=W", "-DateTimeOriginal=2026:10:03 23:15:12", path);
        var bytes = File.ReadAllBytes(path);
        File.Delete(path);
        return bytes;
    }

    public static byte[] BaseJpegBytes => Convert.FromBase64String(BaseJpeg);

    /// <summary>The entropy-coded image data (from the start-of-scan marker on): equal data, equal pixels.</summary>
    public static byte[] JpegScan(byte[] jpeg)
    {
        var at = jpeg.AsSpan().IndexOf((ReadOnlySpan<byte>)[0xFF, 0xDA]);
        return jpeg[at..];
    }

    public const string PdfText = "Screenshot of the group chat, page one";

    /// <summary>A one-page PDF with a line of text and an /Info dictionary naming its author.</summary>
    public static byte[] PdfWithAuthor()
    {
        var content = $"BT /F1 18 Tf 72 720 Td ({PdfText}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            "<< /Author (Jane Q Reporter) /Creator (Writer) /Title (Private notes) >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        pdf.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    public const string DocxText = "He posted the photo at the end of the late turn.";

    /// <summary>A minimal Word document whose core properties name its author and last editor.</summary>
    public static byte[] DocxWithAuthor()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
                """);
            Add(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
                """);
            Add(zip, "word/document.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{DocxText}</w:t></w:r></w:p></w:body></w:document>
                """);
            Add(zip, "docProps/core.xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Jane Q Reporter</dc:creator><cp:lastModifiedBy>Jane Q Reporter</cp:lastModifiedBy></cp:coreProperties>
                """);
        }

        return buffer.ToArray();
    }

    /// <summary>The text of every w:t in the document body.</summary>
    public static string DocxBodyText(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        using var reader = new StreamReader(zip.GetEntry("word/document.xml")!.Open());
        var xml = System.Xml.Linq.XDocument.Parse(reader.ReadToEnd());
        return string.Concat(xml.Descendants().Where(e => e.Name.LocalName == "t").Select(e => e.Value));
    }

    /// <summary>Every byte of the document's parts other than the body, as text (where an author would be).</summary>
    public static string DocxPropertiesText(byte[] docx)
    {
        using var zip = new ZipArchive(new MemoryStream(docx));
        return string.Concat(zip.Entries.Where(e => e.FullName != "word/document.xml").Select(e =>
        {
            using var reader = new StreamReader(e.Open());
            return e.FullName + ":" + reader.ReadToEnd();
        }));
    }

    /// <summary>The PDF's text as poppler (the library mat2 itself uses) extracts it.</summary>
    public static string PdfTextOf(string path) => Run("/usr/bin/python3", "-c",
        "import sys, gi; gi.require_version('Poppler', '0.18'); from gi.repository import Poppler, Gio; " +
        "d = Poppler.Document.new_from_file(Gio.File.new_for_path(sys.argv[1]).get_uri(), None); " +
        "print(''.join(d.get_page(i).get_text() for i in range(d.get_n_pages())))", path).Trim();

    /// <summary>What mat2 itself still finds in a file.</summary>
    public static string Mat2Show(string path) => Run("mat2", "--show", path);

    /// <summary>Runs a tool the tests need; missing or failing, the test fails (never skips).</summary>
    public static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{program} failed ({process.ExitCode}): {errors}");
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
