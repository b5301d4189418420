using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Cases;
using ReportPortal.Core.Database;

namespace ReportPortal.StaffFace.Related;

/// <summary>What two reports have in common, found by blind index alone.</summary>
public sealed record RelatedShares(bool ChatGroup, bool Colleague, bool EvidenceFile)
{
    public static readonly RelatedShares None = new(false, false, false);

    public RelatedShares With(RelatedShares other) => new(ChatGroup || other.ChatGroup, Colleague || other.Colleague, EvidenceFile || other.EvidenceFile);

    public IEnumerable<string> Describe()
    {
        if (ChatGroup)
        {
            yield return "the same chat group";
        }

        if (Colleague)
        {
            yield return "a named colleague";
        }

        if (EvidenceFile)
        {
            yield return "an identical file";
        }
    }
}

/// <summary>
/// Reports of the same force that share a chat group (GroupIndex), a named colleague (a subject's staff-number
/// or name index, or a staff-number index intake recorded) or an evidence file (ContentHashIndex) with a case.
/// Equality of keyed HMACs only: nothing is opened. Cases the viewer is kept away from are never counted.
/// </summary>
public static class RelatedMatching
{
    public static async Task<Dictionary<Guid, RelatedShares>> FindAsync(
        ReportPortalDbContext db, Guid caseId, Guid viewerId, byte[]? viewerStaffNumberIndex, CancellationToken cancellationToken)
    {
        var @case = await db.Cases.AsNoTracking().Where(c => c.Id == caseId).Select(c => new { c.ForceId, c.GroupIndex }).SingleAsync(cancellationToken);
        var subjects = await db.CaseSubjects.AsNoTracking().Where(s => s.CaseId == caseId).Select(s => new { s.StaffNumberIndex, s.NameIndex }).ToListAsync(cancellationToken);
        var numbers = subjects.Select(s => s.StaffNumberIndex).OfType<byte[]>()
            .Concat(await db.CaseExcludedStaffNumbers.AsNoTracking().Where(e => e.CaseId == caseId).Select(e => e.StaffNumberIndex).ToListAsync(cancellationToken))
            .DistinctBy(Convert.ToHexString).ToList();
        var names = subjects.Select(s => s.NameIndex).OfType<byte[]>().DistinctBy(Convert.ToHexString).ToList();
        var hashes = await db.EvidenceFiles.AsNoTracking().Where(f => f.CaseId == caseId && f.ContentHashIndex != null).Select(f => f.ContentHashIndex!).Distinct().ToListAsync(cancellationToken);

        var others = db.Cases.Where(c => c.ForceId == @case.ForceId && c.Id != caseId && !ConflictRule.ExcludedCaseIds(db, viewerId, viewerStaffNumberIndex).Contains(c.Id));
        var found = new Dictionary<Guid, RelatedShares>();
        void Add(IEnumerable<Guid> ids, RelatedShares shares)
        {
            foreach (var id in ids)
            {
                found[id] = found.TryGetValue(id, out var had) ? had.With(shares) : shares;
            }
        }

        if (@case.GroupIndex is { } group)
        {
            Add(await others.Where(c => c.GroupIndex == group).Select(c => c.Id).ToListAsync(cancellationToken), new(true, false, false));
        }

        if (numbers.Count > 0 || names.Count > 0)
        {
            var bySubject = db.CaseSubjects.Where(s => (s.StaffNumberIndex != null && numbers.Contains(s.StaffNumberIndex)) || (s.NameIndex != null && names.Contains(s.NameIndex))).Select(s => s.CaseId)
                .Union(db.CaseExcludedStaffNumbers.Where(e => numbers.Contains(e.StaffNumberIndex)).Select(e => e.CaseId));
            Add(await others.Where(c => bySubject.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken), new(false, true, false));
        }

        if (hashes.Count > 0)
        {
            var byFile = db.EvidenceFiles.Where(f => f.ContentHashIndex != null && hashes.Contains(f.ContentHashIndex)).Select(f => f.CaseId);
            Add(await others.Where(c => byFile.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken), new(false, false, true));
        }

        return found;
    }
}
