using System.Globalization;
using System.Net;
using System.Runtime.Serialization;
using ReportPortal.Core.Forces;
using ReportPortal.Core.Ui;

namespace ReportPortal.StaffFace.Administration;

/// <summary>Answers to yes/no questions as they travel in a post.</summary>
public static class YesNo
{
    public const string Yes = "yes";
    public const string No = "no";

    public static readonly IReadOnlyList<Choice> Choices = [new(Yes, "Yes"), new(No, "No")];

    public static string From(bool value) => value ? Yes : No;
}

/// <summary>A new force: its display name and its stable code (fixed for good once created).</summary>
public sealed class NewForceForm
{
    public const int MaxNameLength = 120;

    [DataMember(Name = "name")]
    public string? Name { get; set; }

    [DataMember(Name = "code")]
    public string? Code { get; set; }

    public FormErrors Check()
    {
        Name = TextNormaliser.NormaliseLine(Name);
        Code = TextNormaliser.NormaliseLine(Code);
        var errors = new FormErrors();
        ForceDetailsForm.CheckName(Name, errors);
        if (Code.Length == 0)
        {
            errors.Add("code", "Enter a code for the force");
        }
        else if (ForceCodes.Reserved.Contains(Code))
        {
            errors.Add("code", $"The code \"{Code}\" is reserved: choose another");
        }
        else if (!ForceCodes.IsValid(Code))
        {
            errors.Add("code", $"The code must be lower-case letters, digits and hyphens only, at most {ForceCodes.MaxLength} characters, for example west-mercia");
        }

        return errors;
    }
}

/// <summary>The changeable details of a force, with the version the form was loaded from.</summary>
public sealed class ForceDetailsForm
{
    [DataMember(Name = "name")]
    public string? Name { get; set; }

    [DataMember(Name = "accepting")]
    public string? Accepting { get; set; }

    [DataMember(Name = "version")]
    public string? Version { get; set; }

    public static ForceDetailsForm From(Force force) => new()
    {
        Name = force.Name,
        Accepting = YesNo.From(force.AcceptsReports),
        Version = force.Version.ToString(CultureInfo.InvariantCulture),
    };

    public FormErrors Check()
    {
        Name = TextNormaliser.NormaliseLine(Name);
        var errors = new FormErrors();
        CheckName(Name, errors);
        if (Accepting is not (YesNo.Yes or YesNo.No))
        {
            errors.Add("accepting", "Say whether the force takes new reports");
        }

        return errors;
    }

    internal static void CheckName(string name, FormErrors errors)
    {
        if (name.Length == 0)
        {
            errors.Add("name", "Enter the force's name");
        }
        else if (name.Length > NewForceForm.MaxNameLength)
        {
            errors.Add("name", $"The name must be {NewForceForm.MaxNameLength} characters or fewer");
        }
    }
}

/// <summary>
/// A force's workflow clocks (DESIGN §5), typed as text so that whatever was typed comes back with the
/// problem; each is a whole number in a range that keeps the clock meaningful, and every escalation
/// comes before the deadline it warns about.
/// </summary>
public sealed class ClockForm
{
    /// <summary>One clock: its field name, how it is asked, its unit and range, and where it lives in <see cref="ClockSettings"/>.</summary>
    public sealed record Clock(string Name, string Label, string Unit, int Min, int Max, string? Hint,
        Func<ClockSettings, int> Get, Action<ClockSettings, int> Set);

    public static readonly IReadOnlyList<Clock> Clocks =
    [
        new("acknowledge-within", "Acknowledge a new report within", "days", 1, 28, "Days after the report arrives. The usual setting is 7.",
            c => c.AcknowledgeWithinDays, (c, v) => c.AcknowledgeWithinDays = v),
        new("acknowledge-escalate", "Warn the force lead about an unacknowledged report after", "days", 1, 27, "Must be fewer days than the acknowledgement is due in. The usual setting is 5.",
            c => c.AcknowledgeEscalateAfterDays, (c, v) => c.AcknowledgeEscalateAfterDays = v),
        new("feedback-within", "Give the reporter feedback within", "months", 1, 12, "Months after acknowledgement. The usual setting is 3.",
            c => c.FeedbackWithinMonths, (c, v) => c.FeedbackWithinMonths = v),
        new("feedback-escalate", "Warn about feedback not yet given after", "days", 1, 364, "Days after acknowledgement; must come before the feedback is due. The usual setting is 75.",
            c => c.FeedbackEscalateAfterDays, (c, v) => c.FeedbackEscalateAfterDays = v),
        new("welfare-assign", "Assign a welfare lead within", "working days", 1, 10, "After support is asked for or a risk is flagged. The usual setting is 2.",
            c => c.WelfareAssignWithinWorkingDays, (c, v) => c.WelfareAssignWithinWorkingDays = v),
        new("welfare-contact", "Make first welfare contact within", "days", 1, 28, "The usual setting is 7.",
            c => c.WelfareFirstContactWithinDays, (c, v) => c.WelfareFirstContactWithinDays = v),
        new("long-first", "First report on a long investigation to the local policing body after", "months", 1, 12,
            "The Conduct Regulations 2020 (regulation 19) require it by 12 months.",
            c => c.LongInvestigationFirstReportMonths, (c, v) => c.LongInvestigationFirstReportMonths = v),
        new("long-repeat", "Then report again every", "months", 1, 6, "Regulation 19 requires at least every 6 months.",
            c => c.LongInvestigationRepeatMonths, (c, v) => c.LongInvestigationRepeatMonths = v),
        new("reporter-access", "Reporter's access to their inbox ends after closure by", "months", 1, 120, "The usual setting is 12.",
            c => c.ReporterAccessEndsMonthsAfterClosure, (c, v) => c.ReporterAccessEndsMonthsAfterClosure = v),
        new("disclosure-notice", "Tell a confidential reporter before their identity is released by", "days", 1, 60,
            "Days between a custodian's approval and the release; none only when a custodian records a risk to life. The usual setting is 7.",
            c => c.DisclosureNoticeDays, (c, v) => c.DisclosureNoticeDays = v),
        new("disclosure-approvals", "Custodians who must approve a request to see a reporter's identity", "custodians", 1, 2,
            "Enter 2 for the two-custodian rule. Whoever asked can never approve their own request.",
            c => c.DisclosureApprovals, (c, v) => c.DisclosureApprovals = v),
    ];

    /// <summary>The shortest month, so "before the feedback is due" holds whichever month it falls in.</summary>
    private const int DaysInShortestMonth = 28;

    [DataMember(Name = "acknowledge-within")]
    public string? AcknowledgeWithin { get; set; }

    [DataMember(Name = "acknowledge-escalate")]
    public string? AcknowledgeEscalate { get; set; }

    [DataMember(Name = "feedback-within")]
    public string? FeedbackWithin { get; set; }

    [DataMember(Name = "feedback-escalate")]
    public string? FeedbackEscalate { get; set; }

    [DataMember(Name = "welfare-assign")]
    public string? WelfareAssign { get; set; }

    [DataMember(Name = "welfare-contact")]
    public string? WelfareContact { get; set; }

    [DataMember(Name = "long-first")]
    public string? LongFirst { get; set; }

    [DataMember(Name = "long-repeat")]
    public string? LongRepeat { get; set; }

    [DataMember(Name = "reporter-access")]
    public string? ReporterAccess { get; set; }

    [DataMember(Name = "disclosure-notice")]
    public string? DisclosureNotice { get; set; }

    [DataMember(Name = "disclosure-approvals")]
    public string? DisclosureApprovals { get; set; }

    [DataMember(Name = "version")]
    public string? Version { get; set; }

    /// <summary>The typed text of each clock, in <see cref="Clocks"/> order.</summary>
    public IReadOnlyList<string?> Typed =>
        [AcknowledgeWithin, AcknowledgeEscalate, FeedbackWithin, FeedbackEscalate, WelfareAssign, WelfareContact, LongFirst, LongRepeat, ReporterAccess, DisclosureNotice, DisclosureApprovals];

    public static ClockForm From(Force force)
    {
        var values = Clocks.Select(c => c.Get(force.Clocks).ToString(CultureInfo.InvariantCulture)).ToArray();
        return new ClockForm
        {
            AcknowledgeWithin = values[0],
            AcknowledgeEscalate = values[1],
            FeedbackWithin = values[2],
            FeedbackEscalate = values[3],
            WelfareAssign = values[4],
            WelfareContact = values[5],
            LongFirst = values[6],
            LongRepeat = values[7],
            ReporterAccess = values[8],
            DisclosureNotice = values[9],
            DisclosureApprovals = values[10],
            Version = force.Version.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The settings the form describes, or null with <paramref name="errors"/> saying what to fix.</summary>
    public ClockSettings? Check(FormErrors errors)
    {
        var settings = new ClockSettings();
        var typed = Typed;
        for (var i = 0; i < Clocks.Count; i++)
        {
            var clock = Clocks[i];
            var text = TextNormaliser.NormaliseLine(typed[i]);
            if (text.Length == 0)
            {
                errors.Add(clock.Name, $"Enter the number of {clock.Unit}");
            }
            else if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                errors.Add(clock.Name, $"Enter a whole number of {clock.Unit}, like {clock.Get(new ClockSettings())}");
            }
            else if (value < clock.Min || value > clock.Max)
            {
                errors.Add(clock.Name, $"Enter a number of {clock.Unit} from {clock.Min} to {clock.Max}");
            }
            else
            {
                clock.Set(settings, value);
            }
        }

        if (errors.Any)
        {
            return null;
        }

        if (settings.AcknowledgeEscalateAfterDays >= settings.AcknowledgeWithinDays)
        {
            errors.Add("acknowledge-escalate", "The warning must come before the acknowledgement is due: enter fewer days than the acknowledgement allows");
        }

        if (settings.FeedbackEscalateAfterDays >= settings.FeedbackWithinMonths * DaysInShortestMonth)
        {
            errors.Add("feedback-escalate",
                $"The warning must come before the feedback is due: enter fewer than {settings.FeedbackWithinMonths * DaysInShortestMonth} days for feedback due in {settings.FeedbackWithinMonths} months");
        }

        return errors.Any ? null : settings;
    }
}

/// <summary>An address range of the force's own network, in CIDR notation.</summary>
public sealed class NetworkRangeForm
{
    [DataMember(Name = "cidr")]
    public string? Cidr { get; set; }

    /// <summary>The range in its canonical spelling, or null with the problem in <paramref name="errors"/>.</summary>
    public string? Check(FormErrors errors)
    {
        Cidr = TextNormaliser.NormaliseLine(Cidr);
        if (Cidr.Length == 0)
        {
            errors.Add("cidr", "Enter an address range");
            return null;
        }

        // An address with bits set past the prefix ("10.1.2.3/16") is almost always a typing mistake, so it
        // is refused rather than quietly widened; a range without a prefix length is refused too.
        var slash = Cidr.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPNetwork.TryParse(Cidr, out var range)
            || !IPAddress.TryParse(Cidr[..slash], out var typedAddress) || !typedAddress.Equals(range.BaseAddress))
        {
            errors.Add("cidr", "Enter a range in CIDR notation, with the first address of the range, like 10.20.0.0/16 or 2001:db8::/32");
            return null;
        }

        if (range.PrefixLength == 0)
        {
            errors.Add("cidr", "A range cannot cover every address: every reporter would be warned");
            return null;
        }

        return range.ToString();
    }
}

/// <summary>The "remove" buttons of the range table: each posts the id of its range.</summary>
public sealed class RemoveRangeForm
{
    [DataMember(Name = "range")]
    public string? Range { get; set; }
}
