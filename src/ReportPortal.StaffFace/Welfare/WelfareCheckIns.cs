using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Welfare;

public sealed record CheckInLine(DateOnly SentOn, DateOnly? AnsweredOn, CheckInChoice? Choice, string? Details);

/// <summary>
/// The reporter's retaliation check-ins for a welfare lead: opened with the welfare lead's own welfare grant
/// (the same key the welfare case page opens), never the case key. Null when the member cannot open it.
/// </summary>
public sealed class WelfareCheckIns(ReportPortalDbContext db, WelfareDesk desk)
{
    public async Task<IReadOnlyList<CheckInLine>?> ForCaseAsync(Guid caseId, CancellationToken cancellationToken)
    {
        var key = await desk.OpenWelfareKeyAsync(caseId, cancellationToken);
        if (key is null)
        {
            return null;
        }

        try
        {
            var rows = await db.CheckIns.AsNoTracking().Where(c => c.CaseId == caseId).OrderByDescending(c => c.DueOn).ToListAsync(cancellationToken);
            return rows.Select(r => CheckInRules.Open(key, r) is { } answer
                    ? new CheckInLine(r.SentOn, r.AnsweredOn, StoredNames.CheckInChoice.Parse(answer.Choice), answer.Details)
                    : new CheckInLine(r.SentOn, null, null, null))
                .ToList();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static string Label(CheckInChoice choice) => choice switch
    {
        CheckInChoice.AllFine => "Things are fine",
        CheckInChoice.WouldLikeToTalk => "Would like to talk to someone",
        _ => "Being treated badly because they reported",
    };
}
