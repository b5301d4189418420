using ReportPortal.Core.Database;
using ReportPortal.Core.Secrets;
using ReportPortal.Workflow.Scheduling;

// The workflow process: clocks and the staff email outbox on clustered Quartz. It holds the SMTP settings and
// no key that opens anything; its database role reads dates, states and who to tell, never a sealed column.
var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddReportPortalSettingsFile();
builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
SecretSettings.RefuseForeignSecrets(builder.Configuration, SecretSettings.WorkflowProcess);

builder.Services.AddReportPortalCore(builder.Configuration);
builder.Services.AddWorkflow(builder.Configuration);

var app = builder.Build();
app.MapWorkflowHealth();
app.Run();

/// <summary>Entry point marker for the integration tests' WebApplicationFactory.</summary>
public partial class Program;
