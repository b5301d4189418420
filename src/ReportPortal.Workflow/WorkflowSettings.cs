namespace ReportPortal.Workflow;

/// <summary>ReportPortal:Workflow: how often the jobs run and how staff email is paced.</summary>
public sealed record WorkflowSettings
{
    public const string Section = "ReportPortal:Workflow";

    /// <summary>How often each job looks for work.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>At most one digest per recipient this often, so email timing says little about when anyone acted.</summary>
    public TimeSpan DigestInterval { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan FirstRetryAfter { get; init; } = TimeSpan.FromMinutes(1);

    public TimeSpan LongestRetryAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The staff site's public address: the only link an email carries.</summary>
    public Uri StaffSiteUrl { get; init; } = new("http://127.0.0.1/");

    public static WorkflowSettings FromConfiguration(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<WorkflowSettings>() ?? new WorkflowSettings();

    /// <summary>Exponential backoff: the first retry after <see cref="FirstRetryAfter"/>, doubling, never beyond <see cref="LongestRetryAfter"/>.</summary>
    public TimeSpan RetryAfter(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var delay = FirstRetryAfter * Math.Pow(2, doublings);
        return delay < LongestRetryAfter ? delay : LongestRetryAfter;
    }
}
