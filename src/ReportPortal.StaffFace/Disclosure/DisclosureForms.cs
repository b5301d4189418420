using System.Globalization;
using System.Runtime.Serialization;
using ReportPortal.Core.Disclosure;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Cases;

namespace ReportPortal.StaffFace.Disclosure;

/// <summary>A handler's written reasons for asking who reported.</summary>
public sealed class DisclosureRequestForm
{
    [DataMember(Name = "reasons")]
    public string? Reasons { get; set; }

    public string? Clean() => TextNormaliser.NormaliseOrNull(Reasons);
}

/// <summary>A custodian's decision: approve or refuse, with reasons, and (approving only) a recorded risk to life.</summary>
public sealed class DisclosureDecisionForm
{
    public const string Approve = "approve";
    public const string Refuse = "refuse";
    public const string Yes = "yes";

    public static readonly IReadOnlyList<Choice> Choices =
    [
        new(Approve, "Approve", "The reporter is told in their inbox, with the requester's reasons, before their identity is released."),
        new(Refuse, "Refuse", "The requester is told, with your reasons."),
    ];

    public static readonly IReadOnlyList<Choice> RiskChoices =
    [
        new(Yes, "There is a risk to someone's life: release at once, without notice days",
            "Every approving custodian must record this for the identity to be released on the day of approval."),
    ];

    [DataMember(Name = "decision")]
    public string? Decision { get; set; }

    [DataMember(Name = "reasons")]
    public string? Reasons { get; set; }

    [DataMember(Name = "risk-to-life")]
    public string? RiskToLife { get; set; }

    [DataMember(Name = "version")]
    public string? Version { get; set; }

    public bool Approving => Decision == Approve;

    public bool RiskRecorded => RiskToLife == Yes;

    public int? ParsedVersion => DisclosureForms.ParseVersion(Version);

    /// <summary>What to fix, field by field; the cleaned reasons are written back so the page keeps them.</summary>
    public FormErrors Check()
    {
        var errors = new FormErrors();
        Reasons = TextNormaliser.NormaliseOrNull(Reasons);
        if (Decision is not (Approve or Refuse))
        {
            errors.Add("decision", "Choose whether to approve or refuse the request");
        }

        if (DisclosureDesk.ReasonsProblem(Reasons) is { } problem)
        {
            errors.Add("reasons", problem);
        }

        if (RiskRecorded && Decision == Refuse)
        {
            errors.Add("risk-to-life", "A risk to life is recorded only with an approval");
        }

        return errors;
    }
}

/// <summary>A custodian withdrawing an approval before its release day, with reasons.</summary>
public sealed class DisclosureWithdrawForm
{
    [DataMember(Name = "withdraw-reasons")]
    public string? Reasons { get; set; }

    [DataMember(Name = "version")]
    public string? Version { get; set; }

    public int? ParsedVersion => DisclosureForms.ParseVersion(Version);
}

public static class DisclosureForms
{
    public static int? ParseVersion(string? version) =>
        int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;

    public static string Status(DisclosureStatus status) => status switch
    {
        DisclosureStatus.AwaitingDecision => "Waiting for a decision",
        DisclosureStatus.Approved => "Approved: the reporter has been told",
        DisclosureStatus.Released => "Released",
        DisclosureStatus.Refused => "Refused",
        _ => "Withdrawn",
    };

    public static string StatusTag(DisclosureStatus status) => status switch
    {
        DisclosureStatus.AwaitingDecision => "govuk-tag--blue",
        DisclosureStatus.Approved => "govuk-tag--yellow",
        DisclosureStatus.Released => "govuk-tag--green",
        _ => "govuk-tag--grey",
    };

    public static string Approvals(DisclosureSummary request) => $"{request.Approvals} of {request.ApprovalsRequired}";

    public static string? Release(DateOnly? releaseOn) => releaseOn is { } day ? CaseLabels.Day(day) : null;
}
