namespace ReportPortal.Core.Cases;

/// <summary>What the reported material was (DESIGN §5). A report can fall under several.</summary>
[Flags]
public enum ReportCategories
{
    None = 0,
    Racist = 1 << 0,
    MisogynisticOrSexist = 1 << 1,
    HomophobicOrTransphobic = 1 << 2,
    DisablistOrOtherDiscriminatory = 1 << 3,
    CrimeSceneOrVictimImages = 1 << 4,
    ContactingVulnerablePeopleForSexualPurpose = 1 << 5,
    OtherGrosslyOffensive = 1 << 6,
    Other = 1 << 7,
}

/// <summary>How the reporter chose to be known.</summary>
public enum IdentityMode
{
    /// <summary>No name is given; nobody, including the service, knows who reported.</summary>
    Anonymous = 0,

    /// <summary>Name and staff number are sealed; a custodian must approve before a handler sees them.</summary>
    Confidential = 1,

    /// <summary>Handlers can see who reported.</summary>
    Open = 2,
}

public enum CaseStatus
{
    Received = 0,
    Acknowledged = 1,
    Assessing = 2,
    UnderInvestigation = 3,
    Closed = 4,
}

/// <summary>Which key a grant wraps: case content, the sealed identity of a confidential or open reporter, or the case's welfare records.</summary>
public enum KeyPurpose
{
    CaseContent = 0,
    ReporterIdentity = 1,

    /// <summary>The welfare key: support needs, the contact log and the welfare thread; welfare leads hold this, never the case key.</summary>
    Welfare = 2,
}

public enum KeyHolder
{
    Escrow = 0,
    Reporter = 1,
    Staff = 2,

    /// <summary>The internal intake key: opened once by the staff side to grant handlers, then deleted.</summary>
    Intake = 3,
}

public enum MessageAuthor
{
    System = 0,
    Reporter = 1,
    Staff = 2,

    /// <summary>A welfare lead, shown to the reporter as "welfare support" (welfare thread only).</summary>
    Welfare = 3,
}

/// <summary>Things that happen to a case and may be shown on the reporter's timeline.</summary>
public enum CaseEventKind
{
    Submitted = 0,
    Acknowledged = 1,
    AssessmentStarted = 2,
    ReferredToIopc = 3,
    InvestigationOpened = 4,
    FeedbackGiven = 5,
    Closed = 6,
    ReporterReplied = 7,

    /// <summary>An HR event about a confidential reporter who consented to the HR watch (staff only; dated as the HR event).</summary>
    HrEventMatched = 2200,
}

/// <summary>The clocks of DESIGN §5 that run per case.</summary>
public enum DeadlineKind
{
    HumanAcknowledgement = 0,
    IopcReferralDecision = 1,
    FeedbackToReporter = 2,
    LongInvestigationReport = 3,
    WelfareLeadAssignment = 4,
    WelfareFirstContact = 5,
    RetaliationCheckIn = 6,
}

/// <summary>Severity assessment at triage (DESIGN §5).</summary>
public enum CaseSeverity
{
    NoMisconduct = 0,
    PracticeRequiringImprovement = 1,
    Misconduct = 2,
    GrossMisconduct = 3,
}

public enum ReferralDecision
{
    Refer = 0,
    DoNotRefer = 1,
}

/// <summary>Outcomes under the Conduct Regulations 2020 (DESIGN §5).</summary>
public enum CaseOutcome
{
    NoCaseToAnswer = 0,
    PracticeRequiringImprovement = 1,
    MisconductMeeting = 2,
    GrossMisconductHearing = 3,
    CriminalReferral = 4,
    ReferredToIopc = 5,
    Withdrawn = 6,
    InsufficientInformation = 7,
}
