namespace ReportPortal.Core.Database;

public static partial class DatabasePrivileges
{
    /// <summary>
    /// Retaliation check-ins. The workflow makes them due: it inserts rows and reads only which exist, never
    /// an answer. The reporter role reads its own case's check-ins and answers each one once, only with the
    /// case's proof (a row already answered is not updatable, so the first answer stands). The staff face
    /// reads them; only a welfare lead's welfare key opens an answer.
    /// </summary>
    private static string CheckInGrants(string reporter, string staff, string workflow) => $"""
        GRANT SELECT ("Id", "CaseId", "DueOn"), INSERT ON "CheckIns" TO {workflow};
        GRANT SELECT, UPDATE ("AnsweredOn", "SealedAnswer") ON "CheckIns" TO {reporter};
        GRANT SELECT ON "CheckIns" TO {staff};
        ALTER TABLE "CheckIns" ENABLE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS workflow_reads ON "CheckIns";
        DROP POLICY IF EXISTS workflow_makes_due ON "CheckIns";
        DROP POLICY IF EXISTS reporter_reads_held_case ON "CheckIns";
        DROP POLICY IF EXISTS reporter_answers_once ON "CheckIns";
        DROP POLICY IF EXISTS staff_rows ON "CheckIns";
        CREATE POLICY workflow_reads ON "CheckIns" FOR SELECT TO {workflow} USING (true);
        CREATE POLICY workflow_makes_due ON "CheckIns" FOR INSERT TO {workflow}
            WITH CHECK ("AnsweredOn" IS NULL AND "SealedAnswer" IS NULL);
        CREATE POLICY reporter_reads_held_case ON "CheckIns" FOR SELECT TO {reporter} USING (reporter_holds_case("CaseId"));
        CREATE POLICY reporter_answers_once ON "CheckIns" FOR UPDATE TO {reporter}
            USING (reporter_holds_case("CaseId") AND "AnsweredOn" IS NULL) WITH CHECK (reporter_holds_case("CaseId"));
        CREATE POLICY staff_rows ON "CheckIns" FOR SELECT TO {staff} USING (true);
        """;
}
