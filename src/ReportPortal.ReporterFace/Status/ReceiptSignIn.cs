using System.Security.Cryptography;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Status;

/// <summary>
/// Signs in with a typed receipt from a page that kept what the reporter was sending when their session
/// ended: the case's keys are wiped as soon as the session holds them, and a failure counts towards the
/// receipt-guessing limit and sets the answer's status (422, or 429 when slowed down).
/// </summary>
public sealed class ReceiptSignIn(ReporterInbox inbox, InboxSession session, ReceiptAttemptLimiter limiter)
{
    public async Task<(InboxAccess? Access, string? Problem)> SignInAsync(HttpContext context, string? typed)
    {
        var parsed = Receipt.Parse(typed ?? string.Empty);
        var opened = parsed.Receipt is null ? null : await inbox.OpenAsync(parsed.Receipt, context.RequestAborted);
        if (opened is null)
        {
            var answer = await limiter.FailedAsync(context);
            context.Response.StatusCode = answer == ReceiptFailureAnswer.TooManyAttempts ? StatusCodes.Status429TooManyRequests : StatusCodes.Status422UnprocessableEntity;
            return (null, ReceiptInput.ProblemMessage(parsed.Problem));
        }

        try
        {
            return (await session.SignInAsync(context, opened, context.RequestAborted), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(opened.CaseKey);
            CryptographicOperations.ZeroMemory(opened.WelfareKey);
        }
    }
}
