using Microsoft.EntityFrameworkCore;
using ReportPortal.Core.Audit;
using ReportPortal.Core.Cases;
using ReportPortal.Core.CheckIns;
using ReportPortal.Core.DataProtection;
using ReportPortal.Core.Evidence;
using ReportPortal.Core.Disclosure;
using ReportPortal.Core.Forces;
using ReportPortal.Core.HrEvents;
using ReportPortal.Core.Notifications;
using ReportPortal.Core.Operations;
using ReportPortal.Core.Sessions;
using ReportPortal.Core.Staff;
using ReportPortal.Core.Welfare;

namespace ReportPortal.Core.Database;

public sealed class ReportPortalDbContext(DbContextOptions<ReportPortalDbContext> options) : DbContext(options)
{
    public DbSet<Force> Forces => Set<Force>();
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<CaseSubject> CaseSubjects => Set<CaseSubject>();
    public DbSet<KeyGrant> KeyGrants => Set<KeyGrant>();
    public DbSet<CaseMessage> CaseMessages => Set<CaseMessage>();
    public DbSet<CaseEvent> CaseEvents => Set<CaseEvent>();
    public DbSet<CaseNote> CaseNotes => Set<CaseNote>();
    public DbSet<Deadline> Deadlines => Set<Deadline>();
    public DbSet<EvidenceFile> EvidenceFiles => Set<EvidenceFile>();
    public DbSet<PendingEvidenceFile> PendingEvidenceFiles => Set<PendingEvidenceFile>();
    public DbSet<StaffMember> StaffMembers => Set<StaffMember>();
    public DbSet<StaffRoleAssignment> StaffMemberRoles => Set<StaffRoleAssignment>();
    public DbSet<StaffSession> StaffSessions => Set<StaffSession>();
    public DbSet<StaffInvitation> StaffInvitations => Set<StaffInvitation>();
    public DbSet<ForceNetworkRange> ForceNetworkRanges => Set<ForceNetworkRange>();
    public DbSet<DataProtectionKeyRecord> DataProtectionKeys => Set<DataProtectionKeyRecord>();
    public DbSet<ReporterSession> ReporterSessions => Set<ReporterSession>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationDigest> NotificationDigests => Set<NotificationDigest>();
    public DbSet<WorkflowRun> WorkflowRuns => Set<WorkflowRun>();
    public DbSet<StaffRecoveryRequest> StaffRecoveryRequests => Set<StaffRecoveryRequest>();
    public DbSet<StaffRecoveryApproval> StaffRecoveryApprovals => Set<StaffRecoveryApproval>();
    public DbSet<CaseRegrantRequest> CaseRegrantRequests => Set<CaseRegrantRequest>();
    public DbSet<WelfareSupport> WelfareSupports => Set<WelfareSupport>();
    public DbSet<WelfareLogEntry> WelfareLogEntries => Set<WelfareLogEntry>();
    public DbSet<WelfareMessage> WelfareMessages => Set<WelfareMessage>();
    public DbSet<DisclosureRequest> DisclosureRequests => Set<DisclosureRequest>();
    public DbSet<DisclosureDecision> DisclosureDecisions => Set<DisclosureDecision>();
    public DbSet<ConflictDeclaration> ConflictDeclarations => Set<ConflictDeclaration>();
    public DbSet<CaseExcludedStaffNumber> CaseExcludedStaffNumbers => Set<CaseExcludedStaffNumber>();
    public DbSet<AccessRequest> AccessRequests => Set<AccessRequest>();
    public DbSet<CaseLink> CaseLinks => Set<CaseLink>();
    public DbSet<CheckIn> CheckIns => Set<CheckIn>();
    public DbSet<HrApiClient> HrApiClients => Set<HrApiClient>();
    public DbSet<HrEventReplay> HrEventReplays => Set<HrEventReplay>();
    public DbSet<Retention.RetentionSettings> RetentionSettings => Set<Retention.RetentionSettings>();
    public DbSet<Retention.LegalHold> LegalHolds => Set<Retention.LegalHold>();
    public DbSet<Retention.CaseTombstone> CaseTombstones => Set<Retention.CaseTombstone>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ReportPortalDbContext).Assembly);
}
