using ReportPortal.Core.Database;
using ReportPortal.Core.Health;
using ReportPortal.Core.Secrets;
using ReportPortal.ReporterFace.CheckIns;
using ReportPortal.ReporterFace.Components;
using ReportPortal.ReporterFace.Errors;
using ReportPortal.ReporterFace.Evidence;
using ReportPortal.ReporterFace.Information;
using ReportPortal.ReporterFace.Reporting;
using ReportPortal.ReporterFace.Safety;
using ReportPortal.ReporterFace.Secrets;
using ReportPortal.ReporterFace.Status;
using ReportPortal.ReporterFace.Support;

// The public reporter face. It maps no staff endpoint and holds no staff key: /staff and /api answer 404.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddReportPortalSettingsFile();

builder.AddReporterSafety();
builder.AddReporterSecrets();
builder.Services.AddReporterErrorPages();
builder.Services.AddReportPortalCore(builder.Configuration);
builder.Services.AddReporting();
builder.Services.AddFilingLimits();
builder.Services.AddStatus();
builder.Services.AddSupport();
builder.Services.AddCheckIns();
builder.Services.AddReporterEvidence(builder.Configuration);
builder.Services.AddReportFiles();
builder.Services.AddInformation(builder.Configuration);
builder.Services.AddRazorComponents();

var app = builder.Build();
await DatabaseSetup.MigrateOnStartupAsync(app.Services, app.Configuration);

app.UseReporterErrorPages();
app.UseReporterSafety();
app.UseReportFiles();
app.UseFilingLimits();
app.UseFormRecovery();
app.UseStaticFiles();
app.UseRouting();
app.UseAntiforgery();
app.UsePageChecks();
app.MapHealthz();
app.MapStatus();
app.MapReporterEvidence();
app.MapRazorComponents<App>();

app.Run();

/// <summary>Entry point marker for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
