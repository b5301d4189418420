namespace ReportPortal.Workflow.Mail;

/// <summary>ReportPortal:Smtp: the force's relay. Only the workflow process may hold it (SecretSettings refuses it elsewhere).</summary>
public sealed record SmtpSettings(string Host, int Port, bool EnableSsl, string? UserName, string? Password, string From)
{
    public const string Section = "ReportPortal:Smtp";

    public static SmtpSettings FromConfiguration(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var host = section["Host"];
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new InvalidOperationException($"{Section}:Host is not set. The workflow sends staff email through it (the force's SMTP relay).");
        }

        var from = section["From"] ?? "reportportal@localhost";
        if (!from.Contains('@', StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{Section}:From must be an email address.");
        }

        return new SmtpSettings(host, section.GetValue("Port", 25), section.GetValue("EnableSsl", false), section["UserName"], section["Password"], from);
    }

    /// <summary>The domain Message-IDs are made under: the sender's own.</summary>
    public string MessageIdDomain => From[(From.LastIndexOf('@') + 1)..];
}
