using System.Diagnostics;
using System.Text;

namespace ReportPortal.Tests.Infrastructure;

/// <summary>Runs command-line tools (initdb, pg_ctl, pg_dump, psql).</summary>
internal static class ExternalProcess
{
    public static async Task<string> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null,
        CancellationToken cancellationToken = default)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        // Nothing we run reads stdin; closing it stops a tool waiting for a password prompt.
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);

        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(fileName).Append(' ').AppendJoin(' ', startInfo.ArgumentList)
                .Append(" exited with code ").Append(process.ExitCode).AppendLine(":")
                .AppendLine(await stderr)
                .Append(await stdout);
            throw new InvalidOperationException(message.ToString());
        }

        return await stdout;
    }

    /// <summary>
    /// Starts a command in a session of its own, with no input or output, and
    /// returns at once. The command keeps running after the test host exits or
    /// is killed, which is what clean-up at the end of a test run needs.
    /// </summary>
    public static void StartDetached(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        // The shell swaps the inherited input and output for /dev/null before
        // running the command, so nothing holds the test host's pipes open.
        string[] detach = ["--fork", "sh", "-c", "exec </dev/null >/dev/null 2>&1; exec \"$@\"", "sh", fileName];
        var startInfo = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var argument in detach.Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        try
        {
            using var process = Process.Start(startInfo);
            process?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No setsid: clean-up is best effort, and what is left over is only disk space.
        }
    }
}
