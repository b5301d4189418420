using ReportPortal.Core.Database;
using ReportPortal.Core.Health;
using ReportPortal.Core.Safety;
using ReportPortal.Core.Secrets;
using ReportPortal.StaffFace.Accounts;
using ReportPortal.StaffFace.Administration;
using ReportPortal.StaffFace.Cases;
using ReportPortal.StaffFace.Components;
using ReportPortal.StaffFace.Disclosure;
using ReportPortal.StaffFace.Home;
using ReportPortal.StaffFace.HrEvents;
using ReportPortal.StaffFace.Evidence;
using ReportPortal.StaffFace.Intake;
using ReportPortal.StaffFace.LateJoiners;
using ReportPortal.StaffFace.Operations;
using ReportPortal.StaffFace.Recovery;
using ReportPortal.StaffFace.Related;
using ReportPortal.StaffFace.Retention;
using ReportPortal.StaffFace.Secrets;
using ReportPortal.StaffFace.Statistics;
using ReportPortal.StaffFace.Welfare;

// The internal staff face: staff sign-in (password, then TOTP) with server-side sessions that carry the
// member's private key, administration, and intake of new reports (grants to handlers).
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddReportPortalSettingsFile();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
// The same rule as the reporter face: named hosts only ("*" or none refuses to start). The framework's
// host filter, on by default, then answers any other host with 400.
builder.Services.AddSingleton(AllowedHosts.FromConfiguration(builder.Configuration, "staff face"));

builder.AddStaffSecrets();
// Behind nginx (run-local, production) the session cookie is Secure only if the proxy's X-Forwarded-Proto is believed.
TrustedProxies.Configure(builder);
builder.Services.AddReportPortalCore(builder.Configuration);
builder.Services.AddIntake(builder.Configuration);
builder.Services.AddAccounts();
builder.Services.AddCaseWork();
builder.Services.AddWelfare();
builder.Services.AddAdministration();
builder.Services.AddOperations();
builder.Services.AddRecovery();
builder.Services.AddCaseFiles(builder.Configuration);
builder.Services.AddDisclosure();
builder.Services.AddRelatedReports();
builder.Services.AddLateJoinerGrants();
builder.Services.AddHrEvents();
builder.Services.AddRetention(builder.Configuration);
builder.Services.AddStatistics(builder.Configuration);
builder.Services.AddRazorComponents();

var app = builder.Build();
await DatabaseSetup.MigrateOnStartupAsync(app.Services, app.Configuration);

TrustedProxies.Use(app);
app.UseExceptionHandler("/staff/error", createScopeForErrors: true);
app.UseStatusCodePagesWithReExecute(ProblemPage.PathFormat, createScopeForStatusCodePages: true);
app.Use(async (context, next) =>
{
    context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; script-src 'none'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    context.Response.Headers["Referrer-Policy"] = "no-referrer";
    context.Response.Headers.XContentTypeOptions = "nosniff";
    // The exact value antiforgery sets itself, so it has nothing to override (and warn about).
    context.Response.Headers.CacheControl = "no-cache, no-store";
    RelativeRedirects.Apply(context);
    if (ErrorRequests.IsReExecuted(context))
    {
        ErrorRequests.RenderAsGet(context);
    }

    await next(context);
});
// The API answers in problem documents, never in the staff pages' HTML error pages.
app.UseApiProblems();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();
app.MapHealthz();
app.MapAccounts();
app.MapCaseFiles();
app.MapHrEvents();
app.MapGet("/", () => Results.Redirect("/staff"));
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point marker for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
