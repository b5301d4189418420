using ReportPortal.Core.Database;
using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Health;
using ReportPortal.Core.Secrets;
using ReportPortal.StaffFace.Components;

// The internal staff face. Until staff sign-in lands it shows only a holding page under /staff.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddReportPortalSettingsFile();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.Services.AddReportPortalCore(builder.Configuration);
builder.Services.AddSealedDataProtection("Staff");
builder.Services.AddRazorComponents();

var app = builder.Build();
await DatabaseSetup.MigrateOnStartupAsync(app.Services, app.Configuration);

app.UseExceptionHandler("/staff/error", createScopeForErrors: true);
app.Use(async (context, next) =>
{
    context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; frame-ancestors 'none'; base-uri 'none'";
    context.Response.Headers["Referrer-Policy"] = "no-referrer";
    context.Response.Headers.XContentTypeOptions = "nosniff";
    context.Response.Headers.CacheControl = "no-store";
    await next(context);
});
app.UseStaticFiles();
app.UseAntiforgery();
app.MapHealthz();
app.MapGet("/", () => Results.Redirect("/staff"));
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point marker for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
