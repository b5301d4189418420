namespace ReportPortal.ReporterFace.Status;

/// <summary>What the inbox says when a reporter's text cannot be sent, the same for every form that sends one.</summary>
public static class InboxTexts
{
    public static string Problem(ReplyOutcome outcome) => outcome switch
    {
        ReplyOutcome.Empty => "Write your message",
        ReplyOutcome.TooLong => $"Your message must be {ReporterInbox.MaxReplyLength:N0} characters or fewer",
        ReplyOutcome.ContainsReceipt => "Your message contains your receipt, so we have not sent it. Never send your receipt to anyone, including us. Write your message again without it",
        _ => "Your message could not be sent. Sign in again with your receipt and try again",
    };
}
