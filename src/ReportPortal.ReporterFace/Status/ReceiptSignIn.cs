using System.Globalization;
using System.Security.Cryptography;
using ReportPortal.Crypto;

namespace ReportPortal.ReporterFace.Status;

/// <summary>What a typed receipt led to: a session, a right receipt whose access has ended, or a problem to show at the field.</summary>
public sealed record ReceiptSignInResult(InboxAccess? Access, string? Problem, DateOnly? AccessEndedOn = null, bool TooManyAttempts = false);

/// <summary>
/// Every form that takes a typed receipt signs in here: the status page and the pages that kept what the reporter
/// was sending when their session ended. The case's keys are wiped as soon as the session holds them. A wrong
/// receipt counts towards the receipt-guessing limit (422, or 429 when slowed down); a right receipt whose
/// closed case can no longer be opened is told so and is not counted, as it is no guess.
/// </summary>
public sealed class ReceiptSignIn(ReporterInbox inbox, InboxSession session, ReceiptAttemptLimiter limiter)
{
    public async Task<ReceiptSignInResult> SignInAsync(HttpContext context, string? typed)
    {
        var parsed = Receipt.Parse(typed ?? string.Empty);
        var opened = parsed.Receipt is null ? null : await inbox.OpenAsync(parsed.Receipt, context.RequestAborted);
        if (opened is null)
        {
            if (parsed.Receipt is not null && await inbox.AccessEndedOnAsync(parsed.Receipt, context.RequestAborted) is { } endedOn)
            {
                context.Response.StatusCode = StatusCodes.Status410Gone;
                return new ReceiptSignInResult(null, null, endedOn);
            }

            var tooMany = await limiter.FailedAsync(context) == ReceiptFailureAnswer.TooManyAttempts;
            context.Response.StatusCode = tooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status422UnprocessableEntity;
            return new ReceiptSignInResult(null, ReceiptInput.ProblemMessage(parsed.Problem), TooManyAttempts: tooMany);
        }

        try
        {
            return new ReceiptSignInResult(await session.SignInAsync(context, opened, context.RequestAborted), null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(opened.CaseKey);
            CryptographicOperations.ZeroMemory(opened.WelfareKey);
        }
    }

    public static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
}
