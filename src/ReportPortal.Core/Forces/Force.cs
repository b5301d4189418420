namespace ReportPortal.Core.Forces;

/// <summary>A police force that receives reports. One deployment can serve several.</summary>
public sealed class Force
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Short stable code used in configuration and addresses, e.g. "demo".</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    /// <summary>Forces that stop taking reports stay in the table so their cases keep a home.</summary>
    public bool AcceptsReports { get; set; } = true;

    public ClockSettings Clocks { get; set; } = new();

    /// <summary>PostgreSQL's xmin: two administrators editing the same force cannot silently overwrite each other.</summary>
    public uint Version { get; set; }
}

/// <summary>The workflow clocks of DESIGN §5; every force may tune its own.</summary>
public sealed class ClockSettings
{
    public int AcknowledgeWithinDays { get; set; } = 7;
    public int AcknowledgeEscalateAfterDays { get; set; } = 5;
    public int FeedbackWithinMonths { get; set; } = 3;
    public int FeedbackEscalateAfterDays { get; set; } = 75;
    public int WelfareAssignWithinWorkingDays { get; set; } = 2;
    public int WelfareFirstContactWithinDays { get; set; } = 7;
    public int LongInvestigationFirstReportMonths { get; set; } = 12;
    public int LongInvestigationRepeatMonths { get; set; } = 6;
    public int ReporterAccessEndsMonthsAfterClosure { get; set; } = 12;

    /// <summary>Days the reporter is told before their identity is released to an approved requester (zero only for a risk to life).</summary>
    public int DisclosureNoticeDays { get; set; } = 7;

    /// <summary>Custodians who must approve a request to see a reporter's identity: 1, or 2 for the two-custodian rule.</summary>
    public int DisclosureApprovals { get; set; } = 1;
}

/// <summary>An address range (CIDR) of a force's own network: reporters on it are warned to report from elsewhere.</summary>
public sealed class ForceNetworkRange
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public Guid ForceId { get; set; }

    public required string Cidr { get; set; }
}
