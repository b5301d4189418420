using System.Runtime.Serialization;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Staff;

namespace ReportPortal.StaffFace.Administration;

/// <summary>What every role means, as the role checkboxes explain it.</summary>
public static class RoleChoices
{
    public static readonly IReadOnlyList<Choice> All =
    [
        new(StaffRoles.Handler, "Case handler", "Works the force's cases: reads reports, messages reporters, triages and records outcomes"),
        new(StaffRoles.WelfareLead, "Welfare lead", "Supports reporters who need it; sees what welfare needs, not the whole case"),
        new(StaffRoles.Custodian, "Custodian", "Approves or refuses requests to see a confidential reporter's identity"),
        new(StaffRoles.Administrator, "Administrator", "Manages forces, staff accounts and settings; never sees case content"),
        new(StaffRoles.OversightAnalyst, "Oversight analyst", "Sees statistics only"),
        new(StaffRoles.ForceLead, "Force lead", "Is emailed when a case's deadline escalates or is missed; opens no case by this role alone"),
    ];

    /// <summary>Roles that act on (or are told about) a force's cases, so need a force (administrators and oversight may be national).</summary>
    public static bool NeedsForce(string role) => role is StaffRoles.Handler or StaffRoles.WelfareLead or StaffRoles.Custodian or StaffRoles.ForceLead;

    public static string Label(string role) => All.FirstOrDefault(c => c.Value == role)?.Label ?? role;

    public static readonly IReadOnlyList<Choice> Intake =
        [new(YesNo.Yes, "In the intake group", "Receives every new report of the force, unless named in it. Case handlers only.")];
}

/// <summary>The roles and intake membership of an account; shared by the invitation and the account page.</summary>
public class AccessForm
{
    private List<string> _roles = [];

    /// <summary>The ticked role boxes; none ticked means none posted, which the binder gives as null.</summary>
    [DataMember(Name = "roles")]
    public List<string> Roles
    {
        get => _roles;
        set => _roles = value ?? [];
    }

    [DataMember(Name = "intake")]
    public string? Intake { get; set; }

    public bool IsIntakeHandler => Intake == YesNo.Yes;

    /// <summary>The chosen roles, known ones only, each once, in the order of <see cref="StaffRoles.All"/>.</summary>
    public IReadOnlyList<string> ChosenRoles => StaffRoles.All.Where(Roles.Contains).ToList();

    protected void CheckAccess(bool hasForce, FormErrors errors)
    {
        var chosen = ChosenRoles;
        if (chosen.Count == 0 || Roles.Any(r => !StaffRoles.All.Contains(r)))
        {
            errors.Add("roles", "Choose at least one role");
        }
        else if (!hasForce && chosen.FirstOrDefault(RoleChoices.NeedsForce) is { } local)
        {
            errors.Add("roles", $"A {RoleChoices.Label(local).ToLowerInvariant()} works a force's cases: choose a force, or only national roles");
        }

        if (IsIntakeHandler && !chosen.Contains(StaffRoles.Handler))
        {
            errors.Add("intake", "Only a case handler can be in the intake group: choose the case handler role too, or untick the intake group");
        }
    }
}

/// <summary>A new account: who, which force, their staff number (for conflicts of interest) and what they may do.</summary>
public sealed class InviteForm : AccessForm
{
    public const int MaxNameLength = 120;
    public const int MaxEmailLength = 254;
    public const int MaxStaffNumberLength = 30;

    [DataMember(Name = "name")]
    public string? Name { get; set; }

    [DataMember(Name = "email")]
    public string? Email { get; set; }

    /// <summary>A force code, or <see cref="Core.Forces.ForceCodes.National"/>.</summary>
    [DataMember(Name = "force")]
    public string? Force { get; set; }

    [DataMember(Name = "staff-number")]
    public string? StaffNumber { get; set; }

    public bool IsNational => Force == Core.Forces.ForceCodes.National;

    /// <summary>Checks everything that needs no database; <paramref name="forceKnown"/> says whether <see cref="Force"/> is one the administrator may choose.</summary>
    public FormErrors Check(bool forceKnown)
    {
        Name = TextNormaliser.NormaliseLine(Name);
        Email = TextNormaliser.NormaliseLine(Email);
        StaffNumber = TextNormaliser.NormaliseLine(StaffNumber);
        var errors = new FormErrors();
        if (Name.Length == 0)
        {
            errors.Add("name", "Enter the person's name");
        }
        else if (Name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name must be {MaxNameLength} characters or fewer");
        }

        if (Email.Length == 0)
        {
            errors.Add("email", "Enter the person's work email address");
        }
        else if (Email.Length > MaxEmailLength || !IsPlainAddress(Email))
        {
            errors.Add("email", "Enter an email address in the right format, like name@force.police.uk");
        }

        if (!forceKnown)
        {
            errors.Add("force", "Choose the force the person works for");
        }

        if (forceKnown && !IsNational && !StaffNumber.Any(char.IsAsciiLetterOrDigit))
        {
            errors.Add("staff-number", "Enter the person's staff or collar number: it keeps reports about them away from them");
        }
        else if (StaffNumber.Length > MaxStaffNumberLength)
        {
            errors.Add("staff-number", $"The staff number must be {MaxStaffNumberLength} characters or fewer");
        }

        CheckAccess(hasForce: !IsNational, errors);
        return errors;
    }

    /// <summary>One address, no display name, no spaces: what a sign-in name must be.</summary>
    private static bool IsPlainAddress(string email) =>
        System.Net.Mail.MailAddress.TryCreate(email, out var address) && address.Address == email && address.DisplayName.Length == 0
        && !email.Any(char.IsWhiteSpace);
}

/// <summary>A change to an existing account's roles and intake membership, with the account version it was loaded from.</summary>
public sealed class MemberAccessForm : AccessForm
{
    [DataMember(Name = "stamp")]
    public string? Stamp { get; set; }

    public FormErrors Check(bool hasForce)
    {
        var errors = new FormErrors();
        CheckAccess(hasForce, errors);
        return errors;
    }
}

/// <summary>Deactivation and new enrolment links carry the account version too, so nobody acts on a page that is out of date.</summary>
public sealed class MemberActionForm
{
    [DataMember(Name = "stamp")]
    public string? Stamp { get; set; }
}
