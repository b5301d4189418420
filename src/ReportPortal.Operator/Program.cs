using ReportPortal.Operator;

// Operator commands. Each is small and safe to run twice.
return args.FirstOrDefault() switch
{
    "new-settings" => await NewSettings.RunAsync(args[1..]),
    "migrate" => await DatabaseCommands.MigrateAsync(),
    "seed-demo" => await DatabaseCommands.SeedDemoAsync(),
    "verify-audit" => await DatabaseCommands.VerifyAuditAsync(),
    "create-admin" => await DatabaseCommands.CreateAdminAsync(args[1..]),
    "recover-staff" => await RecoverStaff.RunAsync(args[1..]),
    "regrant-case" => await RegrantCase.RunAsync(args[1..]),
    "retire-retention-key" => await DatabaseCommands.RetireRetentionKeyAsync(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: ReportPortal.Operator <command>

          new-settings --out-dir DIR
              Writes one settings file per process (reporter.json for the public reporter face, staff.json
              for the internal staff face), each with only the secrets that process needs, and the escrow
              private key (keep it offline; it opens every case).
          migrate      Applies the database migrations as the schema owner (ConnectionStrings__ReportPortal),
                       then grants ReportPortal:Database:ReporterRole, StaffRole and WorkflowRole exactly what each needs.
          seed-demo    Adds the demo force, one demo account per role and a demo history of shredded cases if missing (needs staff.json).
          create-admin --email EMAIL --name NAME --force CODE|national
                       Creates an administrator account and prints its one-time enrolment link.
          verify-audit Checks the audit chain and names the first entry where it breaks (needs staff.json).
          recover-staff --request ID --escrow-key FILE
                       Carries out a staff recovery two custodians approved in the staff face (needs staff.json
                       and the escrow private key, read from FILE and never stored): a new key pair, every grant
                       the member held re-wrapped to it through escrow, and a one-time link printed for the
                       member to set a new password and authenticator.
          regrant-case --request ID --escrow-key FILE
                       Gives an open case whose only holder left to the handler two custodians approved in the staff
                       face (needs staff.json and the escrow private key, read from FILE and never stored): the case
                       key opened through escrow and granted to that handler, after the conflict rule is checked again.
          retire-retention-key --key ID
                       Moves every grant still wrapped under retention key ID to the current key without opening
                       any case (needs staff.json, with both keys). Then remove ID from every settings file: the
                       cases shredded under it become unreadable in every backup (docs/retention.md).

        Settings come from the environment and from the file named by REPORTPORTAL_SETTINGS.
        """);
    return 2;
}
