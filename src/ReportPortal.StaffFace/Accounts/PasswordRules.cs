using System.Reflection;

namespace ReportPortal.StaffFace.Accounts;

/// <summary>
/// NIST SP 800-63B style rules: length, not composition. At least 12 characters; refused when it contains
/// the email's local part or appears in the shipped list of common passwords.
/// </summary>
public static class PasswordRules
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 256;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    /// <summary>What is wrong with the password, or null when it may be used.</summary>
    public static string? Problem(string? password, string email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Enter a password";
        }

        if (password.Length < MinimumLength)
        {
            return $"Password must be {MinimumLength} characters or more";
        }

        if (password.Length > MaximumLength)
        {
            return $"Password must be {MaximumLength} characters or fewer";
        }

        var localPart = email.Split('@')[0].Trim();
        if (localPart.Length >= 3 && password.Contains(localPart, StringComparison.OrdinalIgnoreCase))
        {
            return "Password must not contain your email address";
        }

        return Common.Value.Contains(password.ToLowerInvariant())
            ? "That password is too common: choose one that others would not guess, such as three or four random words"
            : null;
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("ReportPortal.StaffFace.Accounts.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                set.Add(line.Trim());
            }
        }

        return set;
    }
}
