using System.Globalization;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Ui;

namespace ReportPortal.StaffFace.Accounts;

/// <summary>A member's own choice of how often staff email may come: hourly (the service's pace), every 4 hours, or daily.</summary>
public sealed class EmailFrequency(ReportPortalDbContext db, AuditLog audit)
{
    public const string Field = "digest-hours";

    public static readonly IReadOnlyList<Choice> Choices =
    [
        new("1", "At most once an hour", "The usual pace. Best if you handle cases day to day."),
        new("4", "At most every 4 hours"),
        new("24", "At most once a day"),
    ];

    public static string Shown(int? hours) => (hours ?? 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>Null when saved; otherwise what to put right.</summary>
    public async Task<string?> SaveAsync(Guid memberId, string? chosen, CancellationToken cancellationToken)
    {
        if (!int.TryParse(chosen, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) || !StaffEmail.DigestChoices.Contains(hours))
        {
            return "Select how often we may email you";
        }

        await db.StaffMembers.Where(s => s.Id == memberId).ExecuteUpdateAsync(s => s.SetProperty(m => m.DigestIntervalHours, hours), cancellationToken);
        await audit.AppendAsync(AuditActions.AccountChanged, memberId, null, $"email at most every {hours} h", cancellationToken);
        return null;
    }
}
