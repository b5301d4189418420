using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace ReportPortal.Core.Database.Migrations;

/// <summary>
/// The functions through which the reporter face's role touches an existing case only when it proves it
/// holds that case's receipt (see <see cref="DatabasePrivileges"/> for the policies that use them). They are
/// created here, owned by the schema owner, so they exist whether or not process roles are configured;
/// <see cref="DatabasePrivileges.ApplyAsync"/> grants EXECUTE to the reporter role only.
/// </summary>
[DbContext(typeof(ReportPortalDbContext))]
[Migration("20261122050000_ReporterWrites")]
public sealed class ReporterWrites : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        // Every function is SECURITY DEFINER with a fixed search_path (pg_temp last), so a role that can
        // create objects in its own temporary schema cannot shadow an operator or a table it calls.
        // The proof is the receipt lookup as hex, set for the transaction only: set_config(..., true).
        migrationBuilder.Sql("""
            CREATE FUNCTION reporter_case_proof() RETURNS bytea
                LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp
                AS $$ SELECT decode(nullif(current_setting('reportportal.case_proof', true), ''), 'hex') $$;

            -- True when this transaction presents the receipt lookup of the case.
            CREATE FUNCTION reporter_holds_case(case_id uuid) RETURNS boolean
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$ SELECT EXISTS (SELECT 1 FROM public."Cases" c
                                     WHERE c."Id" = case_id AND c."ReceiptLookup" = public.reporter_case_proof()) $$;

            -- True when, besides, this very transaction created the case row (its xmin is our transaction id):
            -- what lets the filing transaction, and nothing later, add a case's subjects and grants.
            CREATE FUNCTION reporter_files_case(case_id uuid) RETURNS boolean
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$ SELECT EXISTS (SELECT 1 FROM public."Cases" c
                                     WHERE c."Id" = case_id AND c."ReceiptLookup" = public.reporter_case_proof()
                                       AND c.xmin = pg_current_xact_id_if_assigned()::xid) $$;

            -- Sign-in: the case a receipt lookup belongs to, without the role reading any case's lookup.
            CREATE FUNCTION reporter_case_by_lookup(lookup bytea) RETURNS uuid
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$ SELECT c."Id" FROM public."Cases" c WHERE c."ReceiptLookup" = lookup $$;

            -- Filing: has a case already been filed under this submission token hash (a repeated send)?
            CREATE FUNCTION reporter_submission_filed(token_hash bytea) RETURNS boolean
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, pg_temp
                AS $$ SELECT EXISTS (SELECT 1 FROM public."Cases" c WHERE c."SubmissionTokenHash" = token_hash) $$;

            REVOKE ALL ON FUNCTION reporter_case_proof(), reporter_holds_case(uuid), reporter_files_case(uuid),
                                   reporter_case_by_lookup(bytea), reporter_submission_filed(bytea) FROM PUBLIC;
            """);
    }

    // CASCADE: the row policies DatabasePrivileges made from these functions go with them.
    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        DROP FUNCTION IF EXISTS reporter_submission_filed(bytea);
        DROP FUNCTION IF EXISTS reporter_case_by_lookup(bytea);
        DROP FUNCTION IF EXISTS reporter_files_case(uuid) CASCADE;
        DROP FUNCTION IF EXISTS reporter_holds_case(uuid) CASCADE;
        DROP FUNCTION IF EXISTS reporter_case_proof();
        """);
}
