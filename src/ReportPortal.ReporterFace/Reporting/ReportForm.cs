using System.Runtime.Serialization;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Ui;

namespace ReportPortal.ReporterFace.Reporting;

/// <summary>
/// Everything on the report form, bound from the post by field name (the <see cref="Names"/>), so a
/// form with errors, the check-your-answers page and a "Change" link all come back with every
/// answer in it. <see cref="Normalise"/> cleans what was typed; <see cref="Validate"/> says what to fix.
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
        public const int ReportedElsewhereWhere = 300;
        public const int SubjectName = 120;
        public const int SubjectHandle = 120;
        public const int StaffNumber = 30;
        public const int SubjectForce = 120;
        public const int SubjectUnit = 120;
        public const int SubjectRank = 60;
        public const int ReporterName = 120;
        public const int ReporterContact = 200;
    }

    /// <summary>The HTML names of the fields: what the browser posts and the binder reads. Never stored.</summary>
    public static class Names
    {
        public const string Force = "force";
        public const string Categories = "categories";
        public const string Platform = "platform";
        public const string Group = "group";
        public const string When = "when";
        public const string What = "what";
        public const string Others = "others";
        public const string AtRisk = "at-risk";
        public const string Disappearing = "disappearing";
        public const string StillInGroup = "still-in-group";
        public const string Screenshots = "screenshots";
        public const string PoliceMaterial = "police-material";
        public const string ReportedElsewhere = "reported-elsewhere";
        public const string ReportedElsewhereWhere = "reported-elsewhere-where";
        public const string Subjects = "subjects";
        public const string Identity = "identity";
        public const string ReporterName = "reporter-name";
        public const string ReporterStaffNumber = "reporter-staff-number";
        public const string ReporterContact = "reporter-contact";
        public const string Support = "support";
        public const string Retaliation = "retaliation";
        public const string MonitoringConsent = "monitoring-consent";
        public const string ReceiptToken = "receipt-token";
        public const string ReceiptCheck = "receipt-check";
        public const string Command = "command";

        public static string Subject(int index, string part) => $"{Subjects}[{index}].{part}";
    }

    /// <summary>The parts of one colleague's section; <see cref="Names.Subject"/> puts them together.</summary>
    public static class SubjectParts
    {
        public const string Name = "name";
        public const string Handle = "handle";
        public const string StaffNumber = "staff-number";
        public const string Force = "force";
        public const string Unit = "unit";
        public const string Rank = "rank";
    }

    /// <summary>What the buttons ask for. Fixed strings, because they travel in the post.</summary>
    public static class Commands
    {
        public const string Check = "check";
        public const string AddColleague = "add-colleague";
        public const string Send = "send";

        /// <summary>"change:" then the id of the field to go back to.</summary>
        public const string ChangePrefix = "change:";

        /// <summary>Back to the questions at the files, which the post has already taken (Evidence/ReportFiles).</summary>
        public const string AddFiles = "add-files";

        /// <summary>Removes a file chosen before sending, and stays on the questions ("remove-file:{id:N}").</summary>
        public const string RemoveFilePrefix = "remove-file:";

        /// <summary>The same from check your answers, which it shows again.</summary>
        public const string RemoveCheckedFilePrefix = "remove-checked-file:";
    }

    /// <summary>Answers to the optional yes/no/not sure questions, as they travel and as they are sealed.</summary>
    public static class Answers
    {
        public const string Yes = "yes";
        public const string No = "no";
        public const string NotSure = "not-sure";

        public static bool IsYesNo(string? value) => value is Yes or No;

        public static bool IsYesNoNotSure(string? value) => value is Yes or No or NotSure;
    }

    [DataMember(Name = Names.Force)]
    public string? ForceCode { get; set; }

    [DataMember(Name = Names.Categories)]
    public List<string> Categories { get; set; } = [];

    [DataMember(Name = Names.Platform)]
    public string? Platform { get; set; }

    [DataMember(Name = Names.Group)]
    public string? GroupName { get; set; }

    [DataMember(Name = Names.When)]
    public string? WhenItHappened { get; set; }

    [DataMember(Name = Names.What)]
    public string? WhatHappened { get; set; }

    [DataMember(Name = Names.Others)]
    public string? OthersWhoSaw { get; set; }

    [DataMember(Name = Names.AtRisk)]
    public string? AnyoneAtRisk { get; set; }

    [DataMember(Name = Names.Disappearing)]
    public string? DisappearingMessages { get; set; }

    [DataMember(Name = Names.StillInGroup)]
    public string? StillInGroup { get; set; }

    [DataMember(Name = Names.Screenshots)]
    public string? HasScreenshots { get; set; }

    [DataMember(Name = Names.PoliceMaterial)]
    public string? PoliceSystemsMaterial { get; set; }

    [DataMember(Name = Names.ReportedElsewhere)]
    public string? ReportedElsewhere { get; set; }

    [DataMember(Name = Names.ReportedElsewhereWhere)]
    public string? ReportedElsewhereWhere { get; set; }

    [DataMember(Name = Names.Subjects)]
    public List<SubjectFields> Subjects { get; set; } = [new()];

    [DataMember(Name = Names.Identity)]
    public string? IdentityMode { get; set; }

    [DataMember(Name = Names.ReporterName)]
    public string? ReporterName { get; set; }

    [DataMember(Name = Names.ReporterStaffNumber)]
    public string? ReporterStaffNumber { get; set; }

    [DataMember(Name = Names.ReporterContact)]
    public string? ReporterContact { get; set; }

    [DataMember(Name = Names.Support)]
    public string? WantsSupport { get; set; }

    [DataMember(Name = Names.Retaliation)]
    public string? FearsRetaliation { get; set; }

    [DataMember(Name = Names.MonitoringConsent)]
    public string? MonitoringConsentAnswer { get; set; }

    /// <summary>The receipt, sealed by <see cref="ReceiptHandOver"/>, once the answers have been checked.</summary>
    [DataMember(Name = Names.ReceiptToken)]
    public string? ReceiptToken { get; set; }

    /// <summary>The claim on the files chosen before sending, sealed by Evidence.PendingFilesHandOver.</summary>
    [DataMember(Name = Evidence.PendingFilesHandOver.Field)]
    public string? FilesToken { get; set; }

    /// <summary>What the reporter typed to show they kept the receipt.</summary>
    [DataMember(Name = Names.ReceiptCheck)]
    public string? ReceiptCheck { get; set; }

    [DataMember(Name = Names.Command)]
    public string? Command { get; set; }

    public bool MonitoringConsent => MonitoringConsentAnswer == Answers.Yes;

    public sealed class SubjectFields
    {
        [DataMember(Name = SubjectParts.Name)]
        public string? Name { get; set; }

        [DataMember(Name = SubjectParts.Handle)]
        public string? Handle { get; set; }

        [DataMember(Name = SubjectParts.StaffNumber)]
        public string? StaffNumber { get; set; }

        [DataMember(Name = SubjectParts.Force)]
        public string? Force { get; set; }

        [DataMember(Name = SubjectParts.Unit)]
        public string? Unit { get; set; }

        [DataMember(Name = SubjectParts.Rank)]
        public string? Rank { get; set; }

        public bool IsEmpty => new[] { Name, Handle, StaffNumber, Force, Unit, Rank }.All(string.IsNullOrWhiteSpace);
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

    /// <summary>
    /// Cleans every answer with the shared <see cref="TextNormaliser"/> (one-line fields cannot smuggle
    /// line breaks) and keeps at most <see cref="MaxSubjects"/> colleagues, always at least one section.
    /// </summary>
    public ReportForm Normalise()
    {
        ForceCode = TextNormaliser.NormaliseLineOrNull(ForceCode);
        // The binder leaves a list null when the post has none of its fields.
        Categories = (Categories ?? []).Select(TextNormaliser.NormaliseLineOrNull).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        Platform = TextNormaliser.NormaliseLineOrNull(Platform);
        GroupName = TextNormaliser.NormaliseLineOrNull(GroupName);
        WhenItHappened = TextNormaliser.NormaliseLineOrNull(WhenItHappened);
        WhatHappened = TextNormaliser.NormaliseOrNull(WhatHappened);
        OthersWhoSaw = TextNormaliser.NormaliseOrNull(OthersWhoSaw);
        AnyoneAtRisk = TextNormaliser.NormaliseLineOrNull(AnyoneAtRisk);
        DisappearingMessages = TextNormaliser.NormaliseLineOrNull(DisappearingMessages);
        StillInGroup = TextNormaliser.NormaliseLineOrNull(StillInGroup);
        HasScreenshots = TextNormaliser.NormaliseLineOrNull(HasScreenshots);
        PoliceSystemsMaterial = TextNormaliser.NormaliseLineOrNull(PoliceSystemsMaterial);
        ReportedElsewhere = TextNormaliser.NormaliseLineOrNull(ReportedElsewhere);
        ReportedElsewhereWhere = TextNormaliser.NormaliseLineOrNull(ReportedElsewhereWhere);
        Subjects = (Subjects ?? []).OfType<SubjectFields>().Take(MaxSubjects).Select(s => new SubjectFields
        {
            Name = TextNormaliser.NormaliseLineOrNull(s.Name),
            Handle = TextNormaliser.NormaliseLineOrNull(s.Handle),
            StaffNumber = TextNormaliser.NormaliseLineOrNull(s.StaffNumber),
            Force = TextNormaliser.NormaliseLineOrNull(s.Force),
            Unit = TextNormaliser.NormaliseLineOrNull(s.Unit),
            Rank = TextNormaliser.NormaliseLineOrNull(s.Rank),
        }).ToList();
        if (Subjects.Count == 0)
        {
            Subjects.Add(new SubjectFields());
        }

        IdentityMode = TextNormaliser.NormaliseLineOrNull(IdentityMode);
        ReporterName = TextNormaliser.NormaliseLineOrNull(ReporterName);
        ReporterStaffNumber = TextNormaliser.NormaliseLineOrNull(ReporterStaffNumber);
        ReporterContact = TextNormaliser.NormaliseLineOrNull(ReporterContact);
        WantsSupport = TextNormaliser.NormaliseLineOrNull(WantsSupport);
        FearsRetaliation = TextNormaliser.NormaliseLineOrNull(FearsRetaliation);
        MonitoringConsentAnswer = TextNormaliser.NormaliseLineOrNull(MonitoringConsentAnswer);
        ReceiptToken = TextNormaliser.NormaliseLineOrNull(ReceiptToken);
        ReceiptCheck = TextNormaliser.NormaliseLineOrNull(ReceiptCheck);
        FilesToken = TextNormaliser.NormaliseLineOrNull(FilesToken);
        Command = TextNormaliser.NormaliseLineOrNull(Command);
        return this;
    }

    /// <summary>
    /// Every answer as the name/value pairs a browser would post, in page order: the hidden fields that
    /// carry the answers from the check-your-answers page to the final send. Nothing is kept on the server.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> AnswerFields()
    {
        static IEnumerable<KeyValuePair<string, string>> Field(string name, string? value) =>
            value is null ? [] : [new(name, value)];

        var fields = Field(Names.Force, ForceCode)
            .Concat(Categories.SelectMany(c => Field(Names.Categories, c)))
            .Concat(Field(Names.Platform, Platform))
            .Concat(Field(Names.Group, GroupName))
            .Concat(Field(Names.When, WhenItHappened))
            .Concat(Field(Names.What, WhatHappened))
            .Concat(Field(Names.Others, OthersWhoSaw))
            .Concat(Field(Names.AtRisk, AnyoneAtRisk))
            .Concat(Field(Names.Disappearing, DisappearingMessages))
            .Concat(Field(Names.StillInGroup, StillInGroup))
            .Concat(Field(Names.Screenshots, HasScreenshots))
            .Concat(Field(Names.PoliceMaterial, PoliceSystemsMaterial))
            .Concat(Field(Names.ReportedElsewhere, ReportedElsewhere))
            .Concat(Field(Names.ReportedElsewhereWhere, ReportedElsewhereWhere));
        for (var i = 0; i < Subjects.Count; i++)
        {
            var subject = Subjects[i];
            // Every part of a section is sent, even empty, so the section itself survives the trip.
            fields = fields
                .Append(new(Names.Subject(i, SubjectParts.Name), subject.Name ?? string.Empty))
                .Concat(Field(Names.Subject(i, SubjectParts.Handle), subject.Handle))
                .Concat(Field(Names.Subject(i, SubjectParts.StaffNumber), subject.StaffNumber))
                .Concat(Field(Names.Subject(i, SubjectParts.Force), subject.Force))
                .Concat(Field(Names.Subject(i, SubjectParts.Unit), subject.Unit))
                .Concat(Field(Names.Subject(i, SubjectParts.Rank), subject.Rank));
        }

        return fields
            .Concat(Field(Names.Identity, IdentityMode))
            .Concat(Field(Names.ReporterName, ReporterName))
            .Concat(Field(Names.ReporterStaffNumber, ReporterStaffNumber))
            .Concat(Field(Names.ReporterContact, ReporterContact))
            .Concat(Field(Names.Support, WantsSupport))
            .Concat(Field(Names.Retaliation, FearsRetaliation))
            .Concat(Field(Names.MonitoringConsent, MonitoringConsentAnswer));
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

    /// <summary>The colleagues the reporter described, in their order; empty sections are dropped.</summary>
    public IReadOnlyList<SubjectFields> DescribedSubjects => Subjects.Where(s => !s.IsEmpty).ToList();

    /// <summary>What is sealed as the case's account: where, when, what, and the answers that help the team act fast.</summary>
    public ReportAccount ToAccount()
    {
        var handles = DescribedSubjects.Select(s => s.Handle).ToList();
        return new ReportAccount(Platform, GroupName, WhenItHappened, WhatHappened!, OthersWhoSaw)
        {
            AnyoneAtRisk = AnyoneAtRisk,
            DisappearingMessages = DisappearingMessages,
            StillInGroup = StillInGroup,
            HasScreenshots = HasScreenshots,
            PoliceSystemsMaterial = PoliceSystemsMaterial,
            ReportedElsewhere = ReportedElsewhere,
            ReportedElsewhereWhere = ReportedElsewhereWhere,
            ColleagueHandles = handles.Any(h => h is not null) ? handles : null,
        };
    }

    public FormErrors Validate(IReadOnlyCollection<string> forceCodes)
    {
        var errors = new FormErrors();
        if (string.IsNullOrEmpty(ForceCode))
        {
            errors.Add(Names.Force, "Select the force you are reporting to");
        }
        else if (!forceCodes.Contains(ForceCode))
        {
            errors.Add(Names.Force, "Select a force from the list");
        }

        if (Categories.Count == 0)
        {
            errors.Add(Names.Categories, "Select what the material was, or select ‘Something else’");
        }
        else if (Categories.Any(c => CategoryChoices.All(choice => choice.Value != c)))
        {
            errors.Add(Names.Categories, "Select what the material was from the list");
        }

        Limit(errors, Names.Platform, Platform, Limits.Platform, "The app or website");
        Limit(errors, Names.Group, GroupName, Limits.GroupName, "The group or chat name");
        Limit(errors, Names.When, WhenItHappened, Limits.WhenItHappened, "When it happened");
        if (string.IsNullOrWhiteSpace(WhatHappened))
        {
            errors.Add(Names.What, "Tell us what was posted or shared");
        }
        else
        {
            Limit(errors, Names.What, WhatHappened, Limits.WhatHappened, "What happened");
        }

        Limit(errors, Names.Others, OthersWhoSaw, Limits.OthersWhoSaw, "Who else saw it");
        ValidateQuickAnswers(errors);

        for (var i = 0; i < Subjects.Count; i++)
        {
            var subject = Subjects[i];
            var who = Subjects.Count == 1 ? "The colleague’s" : $"Colleague {i + 1}’s";
            Limit(errors, Names.Subject(i, SubjectParts.Name), subject.Name, Limits.SubjectName, $"{who} name");
            Limit(errors, Names.Subject(i, SubjectParts.Handle), subject.Handle, Limits.SubjectHandle, $"{who} name or username in the app");
            StaffNumberRule(errors, Names.Subject(i, SubjectParts.StaffNumber), subject.StaffNumber, $"{who} collar or staff number");
            Limit(errors, Names.Subject(i, SubjectParts.Force), subject.Force, Limits.SubjectForce, $"{who} force");
            Limit(errors, Names.Subject(i, SubjectParts.Unit), subject.Unit, Limits.SubjectUnit, $"{who} unit or team");
            Limit(errors, Names.Subject(i, SubjectParts.Rank), subject.Rank, Limits.SubjectRank, $"{who} rank or role");
        }

        ValidateIdentity(errors);

        if (!Answers.IsYesNo(WantsSupport))
        {
            errors.Add(Names.Support, "Select yes if you would like support from a welfare lead");
        }

        if (!Answers.IsYesNo(FearsRetaliation))
        {
            errors.Add(Names.Retaliation, "Select yes if you are worried about being treated badly for reporting");
        }

        if (MonitoringConsentAnswer is not (null or Answers.Yes))
        {
            errors.Add(Names.MonitoringConsent, "Tick the box to agree to watching for unfair treatment, or leave it unticked");
        }
        else if (MonitoringConsent && ParsedIdentityMode is not Core.Cases.IdentityMode.Confidential)
        {
            errors.Add(Names.MonitoringConsent,
                "Watching for unfair treatment needs your name and staff number, so it is only for confidential reports. Untick it, or choose to report confidentially");
        }

        return errors;
    }

    private void ValidateQuickAnswers(FormErrors errors)
    {
        // All optional: a blank is fine, anything but the offered answers is not.
        OneOf(errors, Names.AtRisk, AnyoneAtRisk, Answers.IsYesNoNotSure, "Select whether anyone is at risk now from the list");
        OneOf(errors, Names.Disappearing, DisappearingMessages, Answers.IsYesNoNotSure, "Select whether messages disappear from the list");
        OneOf(errors, Names.StillInGroup, StillInGroup, Answers.IsYesNo, "Select yes or no for whether you are still in the group");
        OneOf(errors, Names.Screenshots, HasScreenshots, Answers.IsYesNo, "Select yes or no for whether you have screenshots or copies");
        OneOf(errors, Names.PoliceMaterial, PoliceSystemsMaterial, Answers.IsYesNoNotSure, "Select whether material from police systems was shared from the list");
        OneOf(errors, Names.ReportedElsewhere, ReportedElsewhere, Answers.IsYesNo, "Select yes or no for whether you have reported this anywhere else");
        Limit(errors, Names.ReportedElsewhereWhere, ReportedElsewhereWhere, Limits.ReportedElsewhereWhere, "Where you reported it");
        if (ReportedElsewhereWhere is not null && ReportedElsewhere != Answers.Yes)
        {
            errors.Add(Names.ReportedElsewhereWhere,
                "You said where else you reported it but did not answer yes. Select ‘Yes’ above, or remove where you reported it");
        }
    }

    private void ValidateIdentity(FormErrors errors)
    {
        var mode = ParsedIdentityMode;
        if (mode is null)
        {
            errors.Add(Names.Identity, "Select how you want to be known");
            return;
        }

        if (mode is Core.Cases.IdentityMode.Anonymous)
        {
            // Typed details with an anonymous choice are a contradiction to resolve, never data to drop quietly.
            const string Choose = "or choose ‘confidentially’ or ‘openly’";
            if (ReporterName is not null)
            {
                errors.Add(Names.ReporterName, $"You chose to stay anonymous but gave your name. Remove your name {Choose}");
            }

            if (ReporterStaffNumber is not null)
            {
                errors.Add(Names.ReporterStaffNumber, $"You chose to stay anonymous but gave your collar or staff number. Remove it {Choose}");
            }

            if (ReporterContact is not null)
            {
                errors.Add(Names.ReporterContact, $"You chose to stay anonymous but gave a way to contact you. Remove it {Choose}");
            }

            return;
        }

        if (ReporterName is null)
        {
            errors.Add(Names.ReporterName, "Enter your name, or choose to report anonymously");
        }

        Limit(errors, Names.ReporterName, ReporterName, Limits.ReporterName, "Your name");
        if (ReporterStaffNumber is null)
        {
            errors.Add(Names.ReporterStaffNumber, "Enter your collar or staff number, or choose to report anonymously");
        }

        StaffNumberRule(errors, Names.ReporterStaffNumber, ReporterStaffNumber, "Your collar or staff number");
        Limit(errors, Names.ReporterContact, ReporterContact, Limits.ReporterContact, "How we can contact you");
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

    private static void OneOf(FormErrors errors, string field, string? value, Func<string?, bool> allowed, string message)
    {
        if (value is not null && !allowed(value))
        {
            errors.Add(field, message);
        }
    }

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
}
