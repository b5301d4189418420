using ReportPortal.Operator;

// Operator commands. Each is small and safe to run twice.
return args.FirstOrDefault() switch
{
    "new-settings" => await NewSettings.RunAsync(args[1..]),
    "migrate" => await DatabaseCommands.MigrateAsync(),
    "seed-demo" => await DatabaseCommands.SeedDemoAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        Usage: ReportPortal.Operator <command>

          new-settings --out FILE --escrow-private-key-out FILE
              Writes a settings file with fresh secrets and the public half of a new escrow key pair,
              and the escrow private key (keep it offline; it opens every case).
          migrate      Applies the database migrations (ConnectionStrings__ReportPortal).
          seed-demo    Adds the demo force if it is missing.

        Settings come from the environment and from the file named by REPORTPORTAL_SETTINGS.
        """);
    return 2;
}
