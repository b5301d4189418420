using System.Net;
using System.Net.Mail;

namespace ReportPortal.Workflow.Mail;

/// <summary>The one place mail leaves the service: System.Net.Mail.SmtpClient, with the Message-ID the caller fixed.</summary>
public sealed class MailSender(SmtpSettings settings)
{
    public string MessageIdDomain => settings.MessageIdDomain;

    public async Task SendAsync(string to, string subject, string body, string messageId, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(settings.Host, settings.Port)
        {
            EnableSsl = settings.EnableSsl,
            DeliveryMethod = SmtpDeliveryMethod.Network,
            Timeout = 30_000,
        };
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            client.Credentials = new NetworkCredential(settings.UserName, settings.Password);
        }

        using var message = new MailMessage(settings.From, to, subject, body);
        // The same Message-ID on every attempt: a resend after a crash between the server's "250" and our
        // commit is recognisable as the same message, by the server and by the tests that count deliveries.
        message.Headers.Add("Message-ID", messageId);
        await client.SendMailAsync(message, cancellationToken);
    }
}
