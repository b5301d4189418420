using ReportPortal.Core.Database;
using ReportPortal.Core.Health;
using ReportPortal.Core.Secrets;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Components;
using ReportPortal.StaffFace.Intake;
using ReportPortal.StaffFace.Secrets;

// The internal staff face. It takes new reports in (intake grants to handlers); until staff sign-in
// lands its pages are a holding page under /staff.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddReportPortalSettingsFile();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);

builder.AddStaffSecrets();
builder.Services.AddReportPortalCore(builder.Configuration);
builder.Services.AddIntake(builder.Configuration);
builder.Services.AddCaseWork();
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
