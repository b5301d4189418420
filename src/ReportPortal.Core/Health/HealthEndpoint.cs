using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using ReportPortal.Core.Database;

namespace ReportPortal.Core.Health;

public static class HealthEndpoint
{
    /// <summary>/healthz answers 200 when the database answers, 503 otherwise; it says nothing else.</summary>
    public static IEndpointRouteBuilder MapHealthz(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", async (ReportPortalDbContext db, CancellationToken cancellationToken) =>
            await db.Database.CanConnectAsync(cancellationToken)
                ? Results.Text("ok")
                : Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable));
        return endpoints;
    }
}
