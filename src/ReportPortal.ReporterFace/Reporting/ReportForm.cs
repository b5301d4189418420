using Microsoft.Extensions.Primitives;
using ReportPortal.Core.Cases;
using ReportPortal.ReporterFace.Shared;

namespace ReportPortal.ReporterFace.Reporting;

/// <summary>
/// Everything on the report form, exactly as typed, so a form with errors comes back with every
/// answer still in it. Field names are the HTML names; <see cref="Validate"/> says what to fix.
/// </summary>
public sealed class ReportForm
{
    public const int MaxSubjects = 10;

    /// <summary>The form element's id, for problems that belong to no single field.</summary>
    public const string FormId = "report-form";

    public static class Limits
    {
        public const int Platform = 100;
        public const int GroupName = 200;
        public const int WhenItHappened = 200;
        public const int WhatHappened = 10_000;
        public const int OthersWhoSaw = 2_000;
        public const int SubjectName = 120;
        public const int StaffNumber = 30;
        public const int SubjectForce = 120;
        public const int SubjectUnit = 120;
        public const int SubjectRank = 60;
        public const int ReporterName = 120;
        public const int ReporterContact = 200;
    }

    public string? ForceCode { get; set; }
    public List<string> Categories { get; set; } = [];
    public string? Platform { get; set; }
    public string? GroupName { get; set; }
    public string? WhenItHappened { get; set; }
    public string? WhatHappened { get; set; }
    public string? OthersWhoSaw { get; set; }
    public List<SubjectFields> Subjects { get; set; } = [new()];
    public string? IdentityMode { get; set; }
    public string? ReporterName { get; set; }
    public string? ReporterStaffNumber { get; set; }
    public string? ReporterContact { get; set; }
    public string? WantsSupport { get; set; }
    public string? FearsRetaliation { get; set; }
    public bool MonitoringConsent { get; set; }

    /// <summary>One-time token that makes a second send of the same form file nothing new.</summary>
    public string? SubmissionToken { get; set; }

    public sealed class SubjectFields
    {
        public string? Name { get; set; }
        public string? StaffNumber { get; set; }
        public string? Force { get; set; }
        public string? Unit { get; set; }
        public string? Rank { get; set; }

        public bool IsEmpty => new[] { Name, StaffNumber, Force, Unit, Rank }.All(string.IsNullOrWhiteSpace);
    }

    public static readonly IReadOnlyList<(ReportCategories Category, string Value, string Label)> CategoryChoices =
    [
        (ReportCategories.Racist, "racist", "Racist content"),
        (ReportCategories.MisogynisticOrSexist, "misogynistic", "Misogynistic or sexist content"),
        (ReportCategories.HomophobicOrTransphobic, "homophobic", "Homophobic or transphobic content"),
        (ReportCategories.DisablistOrOtherDiscriminatory, "discriminatory", "Disablist or other discriminatory content"),
        (ReportCategories.CrimeSceneOrVictimImages, "crime-scene", "Crime-scene or victim images"),
        (ReportCategories.ContactingVulnerablePeopleForSexualPurpose, "sexual-purpose", "Contacting victims or vulnerable people for a sexual purpose"),
        (ReportCategories.OtherGrosslyOffensive, "grossly-offensive", "Other grossly offensive material"),
        (ReportCategories.Other, "other", "Something else"),
    ];

    public static ReportForm FromPost(IFormCollection form)
    {
        var model = new ReportForm
        {
            ForceCode = Text(form, "force"),
            Categories = form["categories"].Where(v => v is not null).Select(v => v!).Distinct().ToList(),
            Platform = Text(form, "platform"),
            GroupName = Text(form, "group"),
            WhenItHappened = Text(form, "when"),
            WhatHappened = Text(form, "what"),
            OthersWhoSaw = Text(form, "others"),
            IdentityMode = Text(form, "identity"),
            ReporterName = Text(form, "reporter-name"),
            ReporterStaffNumber = Text(form, "reporter-staff-number"),
            ReporterContact = Text(form, "reporter-contact"),
            WantsSupport = Text(form, "support"),
            FearsRetaliation = Text(form, "retaliation"),
            MonitoringConsent = form["monitoring-consent"] == "yes",
            SubmissionToken = Text(form, "token"),
            Subjects = [],
        };

        for (var i = 0; i < MaxSubjects; i++)
        {
            var prefix = $"subjects[{i}]";
            if (!form.ContainsKey($"{prefix}.name"))
            {
                break;
            }

            model.Subjects.Add(new SubjectFields
            {
                Name = Text(form, $"{prefix}.name"),
                StaffNumber = Text(form, $"{prefix}.staff-number"),
                Force = Text(form, $"{prefix}.force"),
                Unit = Text(form, $"{prefix}.unit"),
                Rank = Text(form, $"{prefix}.rank"),
            });
        }

        if (model.Subjects.Count == 0)
        {
            model.Subjects.Add(new SubjectFields());
        }

        return model;
    }

    /// <summary>Adds an empty colleague section (the no-script "add another" pattern).</summary>
    public bool AddSubject()
    {
        if (Subjects.Count >= MaxSubjects)
        {
            return false;
        }

        Subjects.Add(new SubjectFields());
        return true;
    }

    public FormErrors Validate(IReadOnlyCollection<string> forceCodes)
    {
        var errors = new FormErrors();
        if (string.IsNullOrEmpty(ForceCode))
        {
            errors.Add("force", "Select the force you are reporting to");
        }
        else if (!forceCodes.Contains(ForceCode))
        {
            errors.Add("force", "Select a force from the list");
        }

        if (Categories.Count == 0)
        {
            errors.Add("categories", "Select what the material was, or select ‘Something else’");
        }
        else if (Categories.Any(c => CategoryChoices.All(choice => choice.Value != c)))
        {
            errors.Add("categories", "Select what the material was from the list");
        }

        Limit(errors, "platform", Platform, Limits.Platform, "The app or website");
        Limit(errors, "group", GroupName, Limits.GroupName, "The group or chat name");
        Limit(errors, "when", WhenItHappened, Limits.WhenItHappened, "When it happened");
        if (string.IsNullOrWhiteSpace(WhatHappened))
        {
            errors.Add("what", "Tell us what was posted or shared");
        }
        else
        {
            Limit(errors, "what", WhatHappened, Limits.WhatHappened, "What happened");
        }

        Limit(errors, "others", OthersWhoSaw, Limits.OthersWhoSaw, "Who else saw it");

        for (var i = 0; i < Subjects.Count; i++)
        {
            var subject = Subjects[i];
            var prefix = $"subjects[{i}]";
            var who = Subjects.Count == 1 ? "The colleague’s" : $"Colleague {i + 1}’s";
            Limit(errors, $"{prefix}.name", subject.Name, Limits.SubjectName, $"{who} name");
            StaffNumberRule(errors, $"{prefix}.staff-number", subject.StaffNumber, $"{who} collar or staff number");
            Limit(errors, $"{prefix}.force", subject.Force, Limits.SubjectForce, $"{who} force");
            Limit(errors, $"{prefix}.unit", subject.Unit, Limits.SubjectUnit, $"{who} unit or team");
            Limit(errors, $"{prefix}.rank", subject.Rank, Limits.SubjectRank, $"{who} rank or role");
        }

        var mode = ParsedIdentityMode;
        if (mode is null)
        {
            errors.Add("identity", "Select how you want to be known");
        }
        else if (mode is not Core.Cases.IdentityMode.Anonymous)
        {
            if (string.IsNullOrWhiteSpace(ReporterName))
            {
                errors.Add("reporter-name", "Enter your name, or choose to report anonymously");
            }

            Limit(errors, "reporter-name", ReporterName, Limits.ReporterName, "Your name");
            if (string.IsNullOrWhiteSpace(ReporterStaffNumber))
            {
                errors.Add("reporter-staff-number", "Enter your collar or staff number, or choose to report anonymously");
            }

            StaffNumberRule(errors, "reporter-staff-number", ReporterStaffNumber, "Your collar or staff number");
            Limit(errors, "reporter-contact", ReporterContact, Limits.ReporterContact, "How we can contact you");
        }

        if (WantsSupport is not ("yes" or "no"))
        {
            errors.Add("support", "Select yes if you would like support from a welfare lead");
        }

        if (FearsRetaliation is not ("yes" or "no"))
        {
            errors.Add("retaliation", "Select yes if you are worried about being treated badly for reporting");
        }

        if (MonitoringConsent && mode is not Core.Cases.IdentityMode.Confidential)
        {
            errors.Add("monitoring-consent",
                "Watching for unfair treatment needs your name and staff number, so it is only for confidential reports. Untick it, or choose to report confidentially");
        }

        if (string.IsNullOrEmpty(SubmissionToken) || !Guid.TryParseExact(SubmissionToken, "N", out _))
        {
            // A problem with the form as a whole, not with one answer: the summary links to the form.
            errors.Add(FormId, "This form could not be checked. Check your answers and send it again");
            SubmissionToken = null;
        }

        return errors;
    }

    public IdentityMode? ParsedIdentityMode => IdentityMode switch
    {
        "anonymous" => Core.Cases.IdentityMode.Anonymous,
        "confidential" => Core.Cases.IdentityMode.Confidential,
        "open" => Core.Cases.IdentityMode.Open,
        _ => null,
    };

    public ReportCategories ParsedCategories => CategoryChoices
        .Where(choice => Categories.Contains(choice.Value))
        .Aggregate(ReportCategories.None, (all, choice) => all | choice.Category);

    private static void Limit(FormErrors errors, string field, string? value, int max, string what)
    {
        if (value is not null && value.Length > max)
        {
            errors.Add(field, $"{what} must be {max:N0} characters or fewer (you have {value.Length:N0})");
        }
    }

    private static void StaffNumberRule(FormErrors errors, string field, string? value, string what)
    {
        Limit(errors, field, value, Limits.StaffNumber, what);
        if (!string.IsNullOrEmpty(value) && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is ' ' or '-' or '/'))
        {
            errors.Add(field, $"{what} must only include letters, numbers, spaces, hyphens and slashes");
        }
    }

    /// <summary>Trimmed text, or null when empty. Control characters other than line breaks and tabs are dropped.</summary>
    private static string? Text(IFormCollection form, string name)
    {
        StringValues values = form[name];
        var value = values.Count > 0 ? values[0] : null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var cleaned = new string(value.Where(c => !char.IsControl(c) || c is '\n' or '\r' or '\t').ToArray())
            .Replace("\r\n", "\n", StringComparison.Ordinal)
            .Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
