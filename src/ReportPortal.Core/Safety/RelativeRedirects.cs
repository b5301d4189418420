using Microsoft.AspNetCore.Http;

namespace ReportPortal.Core.Safety;

/// <summary>
/// Pages redirect with absolute addresses built from the request's Host header, which the client wrote
/// (or, behind nginx, a host name without the port the browser used). Every redirect of either face is to
/// itself, so it is sent as a path alone.
/// </summary>
public static class RelativeRedirects
{
    public static void Apply(HttpContext context) => context.Response.OnStarting(() =>
    {
        var location = context.Response.Headers.Location.ToString();
        if (Uri.TryCreate(location, UriKind.Absolute, out var target) && target.Scheme is "http" or "https")
        {
            context.Response.Headers.Location = target.PathAndQuery + target.Fragment;
        }

        return Task.CompletedTask;
    });
}
