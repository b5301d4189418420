using System.Diagnostics;
using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Evidence;
using ReportPortal.Tests.TestHost;
using UploadPart = ReportPortal.Tests.Evidence.InboxUploadTests.UploadPart;

namespace ReportPortal.Tests.Evidence;

/// <summary>
/// The total a report's files may come to, and a temporary folder that fills up part-way through a file:
/// through the real forms (inbox and report form), real mat2 and real PostgreSQL. Each is answered with a
/// plain message on the page, and leaves no row, no blob and nothing under the temporary root.
/// </summary>
public sealed class UploadLimitTests
{
    private const int Kb = 1024;

    [Fact]
    public async Task A_file_that_would_take_the_inbox_report_past_its_total_is_refused_with_the_total_stated_before_and_after()
    {
        await using var app = await StartWithSmallLimitsAsync();
        var browser = new PageSession(app.CreateClient());
        var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields());
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));
        Assert.Contains("Each file can be up to 200 KB. Your report can hold up to 30 files, 300 KB in all.",
            inbox.Document.QuerySelector("#file-limits")!.TextContent, StringComparison.Ordinal);

        var page = await InboxUploadTests.UploadAsync(browser, inbox, new UploadPart(1, "first.txt", Text(150 * Kb)));
        Assert.Single(page.Document.QuerySelectorAll(".rp-upload-result--added"));
        var kept = await app.WithDatabaseAsync(db => db.EvidenceFiles.AsNoTracking().SingleAsync());

        // Under the per-file limit on its own, but not with the first beside it.
        page = await InboxUploadTests.UploadAsync(browser, page, new UploadPart(1, "second.txt", Text(160 * Kb)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Document.QuerySelectorAll(".rp-upload-result--added"));
        Assert.Equal("Not added: This report's files would come to more than 300 KB, the most it can hold.",
            page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent.Trim());
        Assert.Equal([kept.Id], await app.WithDatabaseAsync(db => db.EvidenceFiles.Select(f => f.Id).ToListAsync()));
        Assert.Equal([kept.StorageKey], PublishedBlobs(app));
        AssertNothingLeft(app);
    }

    [Fact]
    public async Task A_file_that_would_take_the_report_form_past_its_total_is_refused_the_same_way_before_sending()
    {
        await using var app = await StartWithSmallLimitsAsync();
        var browser = new PageSession(app.CreateClient());
        var form = await browser.GetAsync("/report");
        Assert.Contains("300 KB in all", form.Document.QuerySelector("#file-limits")!.TextContent, StringComparison.Ordinal);
        KeyValuePair<string, string>[] addFiles = [.. new ReportFields().All.Where(f => f.Key != "command"), new("command", "add-files")];

        var page = await ReportFormFilesTests.PostReportAsync(browser, form, addFiles, new UploadPart(1, "first.txt", Text(150 * Kb)));
        Assert.Single(page.Document.QuerySelectorAll(".rp-upload-result--added"));
        var kept = await app.WithDatabaseAsync(db => db.PendingEvidenceFiles.AsNoTracking().SingleAsync());

        page = await ReportFormFilesTests.PostReportAsync(browser, page, [new("command", "add-files")], new UploadPart(1, "second.txt", Text(160 * Kb)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Not added: This report's files would come to more than 300 KB, the most it can hold.",
            page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent.Trim());
        Assert.Equal(["first.txt"], page.Document.QuerySelectorAll("#file-list .rp-file-list__name").Select(e => e.TextContent));
        Assert.Equal([kept.Id], await app.WithDatabaseAsync(db => db.PendingEvidenceFiles.Select(f => f.Id).ToListAsync()));
        Assert.Equal([kept.StorageKey], PublishedBlobs(app));
        AssertNothingLeft(app);

        // Sending files the one that fitted, and only it.
        var check = await ReportFormFilesTests.PostReportAsync(browser, page, [new("command", "check")]);
        var sent = await ReportJourney.SendAsync(browser, check, ReportJourney.ShownReceipt(check));
        Assert.Equal(HttpStatusCode.OK, sent.Status);
        Assert.Equal([kept.StorageKey], await app.WithDatabaseAsync(db => db.EvidenceFiles.Select(f => f.StorageKey).ToListAsync()));
    }

    [Fact]
    public async Task A_temporary_folder_that_fills_up_mid_file_is_answered_plainly_keeps_the_answers_and_leaves_nothing()
    {
        await using var tmpfs = await SmallTmpfs.MountAsync(1024 * Kb);
        await using var app = await ReporterApp.StartAsync(new Dictionary<string, string?> { ["ReportPortal:Evidence:TempRoot"] = tmpfs.Folder });
        var browser = new PageSession(app.CreateClient());
        var form = await browser.GetAsync("/report");
        KeyValuePair<string, string>[] addFiles = [.. new ReportFields().All.Where(f => f.Key != "command"), new("command", "add-files")];

        // Twice the free space: the folder fills while the file is being received.
        var page = await ReportFormFilesTests.PostReportAsync(browser, form, addFiles, new UploadPart(1, "clip.txt", Text(2048 * Kb)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Not added: " + UploadHandling.UnavailableMessage, page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent.Trim());
        Assert.Equal("Late Turn Lads", page.Document.QuerySelector("#group")!.GetAttribute("value"));
        Assert.Equal(new ReportFields().All.Single(f => f.Key == "what").Value, page.Document.QuerySelector("#what")!.TextContent);
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmpfs.Folder));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.PendingEvidenceFiles.CountAsync()));
        Assert.Empty(PublishedBlobs(app));
        AssertNothingLeft(app);

        // The same from the inbox, after the report is sent: the page says so and the case holds nothing.
        var (receipt, _, _) = await ReportJourney.FileAsync(browser, new ReportFields());
        var inbox = await browser.SubmitAsync(await browser.GetAsync("/status"), "status", ("receipt", receipt.Display));
        page = await InboxUploadTests.UploadAsync(browser, inbox, new UploadPart(1, "clip.txt", Text(2048 * Kb)));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Not added: " + UploadHandling.UnavailableMessage, page.Document.QuerySelector(".rp-upload-result--refused")!.TextContent.Trim());
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmpfs.Folder));
        Assert.Equal(0, await app.WithDatabaseAsync(db => db.EvidenceFiles.CountAsync()));
        Assert.Empty(PublishedBlobs(app));

        // A file that fits is then taken: the full folder was emptied and left usable.
        page = await InboxUploadTests.UploadAsync(browser, page, new UploadPart(1, "short.txt", Text(100 * Kb)));
        Assert.Single(page.Document.QuerySelectorAll(".rp-upload-result--added"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(tmpfs.Folder));
    }

    /// <summary>
    /// The reporter face with limits far below the 500 MB floor its settings allow, set on the validated options
    /// the face holds, so a test can pass the total with files of a few hundred kilobytes.
    /// </summary>
    private static Task<ReporterApp> StartWithSmallLimitsAsync() => ReporterApp.StartAsync(services: services =>
    {
        var limits = ((IOptions<EvidenceOptions>)services.Last(d => d.ServiceType == typeof(IOptions<EvidenceOptions>)).ImplementationInstance!).Value;
        limits.MaxFileBytes = 200 * Kb;
        limits.MaxCaseBytes = 300 * Kb;
    });

    /// <summary>Plain text of <paramref name="bytes"/> bytes, which the face takes as a text file.</summary>
    private static byte[] Text(int bytes)
    {
        var line = Encoding.ASCII.GetBytes("Shift rota for the week, as it was sent to the group.\n");
        return [.. Enumerable.Range(0, bytes).Select(i => line[i % line.Length])];
    }

    /// <summary>Published blobs' keys (not the pending folder).</summary>
    private static List<string> PublishedBlobs(ReporterApp app) => Directory.Exists(app.EvidenceBlobFolder)
        ? [.. Directory.EnumerateFiles(app.EvidenceBlobFolder, "*", SearchOption.AllDirectories)
            .Where(path => Path.GetFileName(Path.GetDirectoryName(path)) != FileSystemBlobStore.PendingFolder)
            .Select(Path.GetFileName).OfType<string>()]
        : [];

    /// <summary>Nothing under the app's own temp root, and no blob still being written.</summary>
    private static void AssertNothingLeft(ReporterApp app)
    {
        Assert.Empty(Directory.Exists(app.EvidenceTempRoot) ? Directory.EnumerateFileSystemEntries(app.EvidenceTempRoot) : []);
        var pending = Path.Combine(app.EvidenceBlobFolder, FileSystemBlobStore.PendingFolder);
        Assert.Empty(Directory.Exists(pending) ? Directory.EnumerateFileSystemEntries(pending) : []);
    }

    /// <summary>
    /// A tmpfs of a few hundred kilobytes, mounted for one test and unmounted when it ends, whatever happened.
    /// Mounting needs root (the test machines and CI run as root); if it fails, the test fails and says why.
    /// </summary>
    private sealed class SmallTmpfs : IAsyncDisposable
    {
        private SmallTmpfs(string folder) => Folder = folder;

        public string Folder { get; }

        public static async Task<SmallTmpfs> MountAsync(int bytes)
        {
            var folder = Path.Combine(Path.GetTempPath(), "rp-full-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var (code, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={bytes},mode=0700", "tmpfs", folder);
            if (code != 0)
            {
                Directory.Delete(folder);
                Assert.Fail($"This test mounts a small tmpfs to fill it, which needs root (CI runs as root). mount exited {code}: {output}");
            }

            return new SmallTmpfs(folder);
        }

        public async ValueTask DisposeAsync()
        {
            var (code, output) = await RunAsync("umount", Folder);
            Assert.True(code == 0, $"umount {Folder} exited {code}: {output}");
            Directory.Delete(Folder);
        }

        private static async Task<(int Code, string Output)> RunAsync(string program, params string[] arguments)
        {
            var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            try
            {
                using var process = Process.Start(start)!;
                var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (process.ExitCode, output);
            }
            catch (System.ComponentModel.Win32Exception e)
            {
                return (-1, e.Message);
            }
        }
    }
}
