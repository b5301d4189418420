using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Ui;
using ReportPortal.ReporterFace.Status;

namespace ReportPortal.ReporterFace.CheckIns;

/// <summary>
/// The fixed words of every check-in, chosen by the template name stored on the row: plain, short, and about
/// the reporter, never the case (the workflow that makes a check-in due holds no key and reads no content).
/// </summary>
public static class CheckInTexts
{
    public const string Why = "We check in with everyone who reports, a month, three months, six months and a year after they report, "
        + "because some people are treated badly for speaking up. Only welfare support reads your answer, not the team handling your report.";

    public static readonly IReadOnlyList<Choice> Choices =
    [
        new(StoredNames.CheckInChoice[CheckInChoice.AllFine], "Things are fine"),
        new(StoredNames.CheckInChoice[CheckInChoice.WouldLikeToTalk], "I would like to talk to someone",
            "Welfare support will contact you in this inbox."),
        new(StoredNames.CheckInChoice[CheckInChoice.TreatedBadly], "I am being treated badly because I reported",
            "For example a change of shift or posting, being left out, comments or threats. Welfare support and the team handling your report are told that you said so, not what you write."),
    ];

    /// <summary>The check-in's own heading: when it comes, not the question, which the form asks once.</summary>
    public static string Title(CheckInTemplate template) => template switch
    {
        CheckInTemplate.OneMonth => "A month since you reported",
        CheckInTemplate.ThreeMonths => "Three months since you reported",
        CheckInTemplate.SixMonths => "Six months since you reported",
        _ => "A year since you reported",
    };

    public const string Ask = "How are things at work?";

    /// <summary>Said only with the last planned check-in.</summary>
    public static string? Note(CheckInTemplate template) =>
        template == CheckInTemplate.TwelveMonths ? "This is our last planned check-in. You can still write to welfare support from your inbox at any time." : null;

    /// <summary>The whole question as one line, for the inbox's list of check-ins.</summary>
    public static string Question(CheckInTemplate template) => $"{Title(template)}. {Ask}";

    public static string Answer(CheckInChoice choice) => Choices.Single(c => c.Value == StoredNames.CheckInChoice[choice]).Label;

    public static string Problem(CheckInOutcome outcome) => outcome switch
    {
        CheckInOutcome.ChooseAnswer => "Choose how things are at work",
        CheckInOutcome.TooLong => InboxTexts.Problem(ReplyOutcome.TooLong),
        CheckInOutcome.ContainsReceipt => InboxTexts.Problem(ReplyOutcome.ContainsReceipt),
        CheckInOutcome.AlreadyAnswered => "You have already answered this check-in. To add anything, write to welfare support from your inbox",
        _ => "This check-in could not be found. Go back to your inbox",
    };
}
