using System.Globalization;
using System.Runtime.Serialization;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Database;
using ReportPortal.Core.Retention;
using ReportPortal.Core.Ui;
using ReportPortal.StaffFace.Administration;

namespace ReportPortal.StaffFace.Retention;

/// <summary>A force's retention periods as typed on its administration page, kept as typed so a mistake can be fixed in place.</summary>
public sealed class RetentionForm
{
    public sealed record Period(string Name, string Label, Func<RetentionSettings, int> Get, Action<RetentionSettings, int> Set);

    public const int MaxMonths = 1200;

    public static readonly IReadOnlyList<Period> Periods =
    [
        new("no-case-to-answer", "No case to answer", s => s.NoCaseToAnswerMonths, (s, v) => s.NoCaseToAnswerMonths = v),
        new("practice-requiring-improvement", "Practice requiring improvement", s => s.PracticeRequiringImprovementMonths, (s, v) => s.PracticeRequiringImprovementMonths = v),
        new("misconduct-meeting", "Misconduct meeting", s => s.MisconductMeetingMonths, (s, v) => s.MisconductMeetingMonths = v),
        new("gross-misconduct-hearing", "Gross misconduct hearing", s => s.GrossMisconductHearingMonths, (s, v) => s.GrossMisconductHearingMonths = v),
        new("criminal-referral", "Criminal referral", s => s.CriminalReferralMonths, (s, v) => s.CriminalReferralMonths = v),
        new("referred-to-iopc", "Referred to the IOPC", s => s.ReferredToIopcMonths, (s, v) => s.ReferredToIopcMonths = v),
        new("withdrawn", "Withdrawn", s => s.WithdrawnMonths, (s, v) => s.WithdrawnMonths = v),
        new("insufficient-information", "Insufficient information", s => s.InsufficientInformationMonths, (s, v) => s.InsufficientInformationMonths = v),
    ];

    [DataMember(Name = "no-case-to-answer")]
    public string? NoCaseToAnswer { get; set; }

    [DataMember(Name = "practice-requiring-improvement")]
    public string? PracticeRequiringImprovement { get; set; }

    [DataMember(Name = "misconduct-meeting")]
    public string? MisconductMeeting { get; set; }

    [DataMember(Name = "gross-misconduct-hearing")]
    public string? GrossMisconductHearing { get; set; }

    [DataMember(Name = "criminal-referral")]
    public string? CriminalReferral { get; set; }

    [DataMember(Name = "referred-to-iopc")]
    public string? ReferredToIopc { get; set; }

    [DataMember(Name = "withdrawn")]
    public string? Withdrawn { get; set; }

    [DataMember(Name = "insufficient-information")]
    public string? InsufficientInformation { get; set; }

    /// <summary>The row's xmin when the form was loaded; 0 for a force still on the defaults (no row yet).</summary>
    [DataMember(Name = "version")]
    public string? Version { get; set; }

    /// <summary>What was typed, in the order of <see cref="Periods"/>.</summary>
    public IReadOnlyList<string?> Typed =>
        [NoCaseToAnswer, PracticeRequiringImprovement, MisconductMeeting, GrossMisconductHearing, CriminalReferral, ReferredToIopc, Withdrawn, InsufficientInformation];

    public static RetentionForm From(RetentionSettings settings)
    {
        var values = Periods.Select(p => p.Get(settings).ToString(CultureInfo.InvariantCulture)).ToArray();
        return new RetentionForm
        {
            NoCaseToAnswer = values[0],
            PracticeRequiringImprovement = values[1],
            MisconductMeeting = values[2],
            GrossMisconductHearing = values[3],
            CriminalReferral = values[4],
            ReferredToIopc = values[5],
            Withdrawn = values[6],
            InsufficientInformation = values[7],
            Version = settings.Version.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>The periods typed, or null with <paramref name="errors"/> saying what to fix, field by field.</summary>
    public RetentionSettings? Check(FormErrors errors)
    {
        var settings = new RetentionSettings();
        var typed = Typed;
        for (var i = 0; i < Periods.Count; i++)
        {
            if (int.TryParse(typed[i]?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var months) && months is >= 1 and <= MaxMonths)
            {
                Periods[i].Set(settings, months);
            }
            else
            {
                errors.Add(Periods[i].Name, $"Enter the months to keep a case closed as \"{Periods[i].Label.ToLowerInvariant()}\": a whole number from 1 to {MaxMonths}");
            }
        }

        return errors.Any ? null : settings;
    }
}

/// <summary>A force's retention periods, changed by its administrators with an audit entry; stale forms are refused, never merged.</summary>
public sealed class RetentionAdministration(ReportPortalDbContext db, AdminScope scope, AuditLog audit)
{
    public async Task<RetentionSettings?> LoadAsync(string code, CancellationToken cancellationToken)
    {
        var forceId = await scope.Forces.Where(f => f.Code == code).Select(f => (Guid?)f.Id).SingleOrDefaultAsync(cancellationToken);
        return forceId is not { } id ? null
            : await db.RetentionSettings.AsNoTracking().SingleOrDefaultAsync(s => s.ForceId == id, cancellationToken) ?? new RetentionSettings { ForceId = id };
    }

    public async Task<AdminOutcome> SaveAsync(string code, RetentionForm form, FormErrors errors, CancellationToken cancellationToken)
    {
        var forceId = await scope.Forces.Where(f => f.Code == code).Select(f => (Guid?)f.Id).SingleOrDefaultAsync(cancellationToken);
        if (forceId is not { } id)
        {
            return AdminOutcome.NotFound;
        }

        if (form.Check(errors) is not { } typed)
        {
            return AdminOutcome.Refused;
        }

        var row = await db.RetentionSettings.SingleOrDefaultAsync(s => s.ForceId == id, cancellationToken);
        if (!uint.TryParse(form.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != (row?.Version ?? 0))
        {
            return AdminOutcome.Stale;
        }

        if (row is null)
        {
            row = typed.CopyFor(id);
            db.RetentionSettings.Add(row);
        }

        var changed = RetentionForm.Periods.Where(p => p.Get(row) != p.Get(typed) || db.Entry(row).State == EntityState.Added)
            .Select(p => $"{p.Name}={p.Get(typed)}").ToList();
        foreach (var period in RetentionForm.Periods)
        {
            period.Set(row, period.Get(typed));
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var detail = $"force {code}: {(changed.Count == 0 ? "no change" : string.Join(", ", changed))}";
        try
        {
            return await AuditedSave.SaveAsync(db, audit, transaction, AuditActions.RetentionChanged, scope.MemberId,
                detail.Length <= 200 ? detail : detail[..199] + "…", cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Another administrator saved the force's first periods at the same moment.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return AdminOutcome.Stale;
        }
    }
}
