using System.Net.Mail;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Clocks;
using ReportPortal.Core.Database;
using ReportPortal.Core.Notifications;
using ReportPortal.Workflow.Mail;

namespace ReportPortal.Workflow.Outbox;

/// <summary>
/// Turns waiting notifications into at most one digest per recipient per <see cref="WorkflowSettings.DigestInterval"/>,
/// then sends due digests. Each digest is claimed with FOR UPDATE SKIP LOCKED and kept locked while it is sent,
/// so two workflow nodes never send the same one; a node that dies mid-send leaves it unsent and unlocked, and
/// the retry carries the same Message-ID.
/// </summary>
public sealed class DigestSender(
    ReportPortalDbContext db, StillRelevant relevance, MailSender mail, WorkflowSettings settings, TimeProvider time, ILogger<DigestSender> logger)
{
    public const string Subject = "ReportPortal: something needs your attention";

    public async Task GatherAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = UkCalendar.Today(time);
        var recipients = await db.Notifications.Where(n => n.DigestId == null && n.DroppedOn == null)
            .Select(n => n.StaffMemberId).Distinct().ToListAsync(cancellationToken);
        foreach (var recipient in recipients)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // One node gathers for a recipient at a time; the others pass over them until the next run.
            var mine = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({recipient}::text, 7)) AS \"Value\"").SingleAsync(cancellationToken);
            var last = await db.NotificationDigests.Where(d => d.StaffMemberId == recipient).MaxAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken);
            var chosen = await db.StaffMembers.Where(s => s.Id == recipient).Select(s => s.DigestIntervalHours).SingleAsync(cancellationToken);
            if (!mine || (last is { } previous && now - previous < Interval(chosen)))
            {
                continue;
            }

            var waiting = await db.Notifications.Where(n => n.StaffMemberId == recipient && n.DigestId == null && n.DroppedOn == null).ToListAsync(cancellationToken);
            var relevant = await relevance.ForAsync(waiting, today, cancellationToken);
            var digest = new NotificationDigest
            {
                StaffMemberId = recipient,
                MessageId = string.Empty,
                CreatedAt = now,
                NextAttemptAt = now,
            };
            digest.MessageId = $"<{digest.Id:N}@{mail.MessageIdDomain}>";
            foreach (var notification in waiting)
            {
                if (relevant(notification))
                {
                    notification.DigestId = digest.Id;
                }
                else
                {
                    notification.DroppedOn = today;
                }
            }

            if (waiting.Any(n => n.DigestId == digest.Id))
            {
                db.NotificationDigests.Add(digest);
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var digest = await db.NotificationDigests
                .FromSql($"""
                    SELECT * FROM "NotificationDigests"
                    WHERE "SentAt" IS NULL AND "DroppedAt" IS NULL AND "NextAttemptAt" <= {now}
                    ORDER BY "NextAttemptAt" LIMIT 1 FOR UPDATE SKIP LOCKED
                    """)
                .SingleOrDefaultAsync(cancellationToken);
            if (digest is null)
            {
                return;
            }

            var contents = await db.Notifications.Where(n => n.DigestId == digest.Id && n.DroppedOn == null).ToListAsync(cancellationToken);
            var relevant = await relevance.ForAsync(contents, UkCalendar.Today(time), cancellationToken);
            foreach (var stale in contents.Where(n => !relevant(n)))
            {
                stale.DroppedOn = UkCalendar.Today(time);
            }

            var count = contents.Count(n => n.DroppedOn is null);
            var recipient = await db.StaffMembers.Where(s => s.Id == digest.StaffMemberId).Select(s => new { s.Email, s.IsActive }).SingleAsync(cancellationToken);
            var stop = false;
            if (count == 0 || !recipient.IsActive || string.IsNullOrWhiteSpace(recipient.Email))
            {
                digest.DroppedAt = now;
            }
            else
            {
                digest.Attempts++;
                try
                {
                    await mail.SendAsync(recipient.Email, Subject, Body(count), digest.MessageId, cancellationToken);
                    digest.SentAt = time.GetUtcNow();
                    digest.LastFailure = null;
                }
                catch (Exception e) when (e is SmtpException or IOException or SocketException or InvalidOperationException)
                {
                    // Status code or exception type only: never the address, which the exception message may hold.
                    digest.LastFailure = e is SmtpException smtp ? $"{e.GetType().Name} {smtp.StatusCode}" : e.GetType().Name;
                    digest.NextAttemptAt = now + settings.RetryAfter(digest.Attempts);
                    logger.LogWarning("A staff email digest could not be sent (attempt {Attempts}, {Failure}); it is retried at {NextAttemptAt:u}.",
                        digest.Attempts, digest.LastFailure, digest.NextAttemptAt);
                    // The relay is likely down for every digest: wait for the next run rather than hammer it.
                    stop = true;
                }
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (stop)
            {
                return;
            }
        }
    }

    /// <summary>The member's own choice when they made one, never more often than the service's setting.</summary>
    private TimeSpan Interval(int? chosenHours) =>
        chosenHours is { } hours && TimeSpan.FromHours(hours) > settings.DigestInterval ? TimeSpan.FromHours(hours) : settings.DigestInterval;

    /// <summary>Content-free (DESIGN §5): how many things, and the staff site. No case reference, name or date.</summary>
    public string Body(int count) =>
        $"""
        {(count == 1 ? "One thing needs" : $"{count} things need")} your attention on the ReportPortal staff site.

        Sign in to see what: {new Uri(settings.StaffSiteUrl, "/staff/cases")}

        This email says nothing more on purpose. Do not forward it.
        """;
}
