using Microsoft.Extensions.Options;
using ReportPortal.Core.Database;
using ReportPortal.Core.Evidence;

namespace ReportPortal.StaffFace.Evidence;

/// <summary>
/// Runs the orphan-blob sweep (<see cref="OrphanBlobSweep"/>) every ReportPortal:Evidence:OrphanSweepMinutes on
/// the staff face: its role reads every case's storage keys and, for this alone, the pending files' storage
/// keys (the reporter role sees only the rows of a case whose receipt it presents, so it cannot tell an orphan).
/// Each pass also removes upload folders a killed process left under the temp root (<see cref="ScratchSweep"/>).
/// </summary>
public sealed class OrphanBlobSweeper(IServiceScopeFactory scopes, OrphanBlobSweep sweep, ScratchSweep scratch, TimeProvider time, IOptions<EvidenceOptions> options,
    ILogger<OrphanBlobSweeper> logger) : PeriodicSweep(TimeSpan.FromMinutes(options.Value.OrphanSweepMinutes), time, logger)
{
    protected override string Activity => "Sweeping orphaned evidence blobs";

    protected override async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var pass = await sweep.PassAsync(scope.ServiceProvider.GetRequiredService<ReportPortalDbContext>(), cancellationToken);
        if (pass.Refused)
        {
            logger.LogError("{Unreferenced} of {Listed} evidence blobs are named by no file row: more than an orphan sweep should ever meet, so none was removed. Check that this staff face uses the database that belongs with its blob folder.",
                pass.Unreferenced, pass.Listed);
        }
        else if (pass.Removed > 0)
        {
            logger.LogWarning("Removed {Removed} orphaned evidence blob(s) that no file row named for at least {GraceMinutes} minutes.",
                pass.Removed, options.Value.OrphanGraceMinutes);
        }

        scratch.Pass();
    }
}
