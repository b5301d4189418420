using Quartz;
using ReportPortal.Core.Database;
using ReportPortal.Workflow.CheckIns;
using ReportPortal.Workflow.Clocks;
using ReportPortal.Workflow.Mail;
using ReportPortal.Workflow.Outbox;

namespace ReportPortal.Workflow.Scheduling;

public static class WorkflowScheduling
{
    /// <summary>Every job the workflow runs, each on every node (one at a time across the cluster).</summary>
    public static readonly IReadOnlyList<string> JobNames = [ClockJob.Name, OutboxJob.Name, CheckInJob.Name];

    /// <summary>Quartz's tables, in the schema the workflow role alone may create in.</summary>
    public const string TablePrefix = "quartz.qrtz_";

    public const string SchedulerName = "reportportal-workflow";

    /// <summary>
    /// Quartz with its persistent ADO store on the service's PostgreSQL (provisioned by Quartz in the
    /// <c>quartz</c> schema), clustered: any number of workflow processes may run side by side and each
    /// firing runs on one of them.
    /// </summary>
    public static IServiceCollection AddWorkflow(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = WorkflowSettings.FromConfiguration(configuration);
        services.AddSingleton(settings);
        services.AddSingleton(SmtpSettings.FromConfiguration(configuration));
        services.AddSingleton<MailSender>();
        services.AddScoped<StillRelevant>();
        services.AddScoped<DigestSender>();
        services.AddScoped<ClockNotices>();
        services.AddScoped<CheckInsDue>();

        var connectionString = configuration.GetConnectionString(DatabaseSetup.ConnectionStringName)!;
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.ProvisionSchema();
                store.ConfigureStore(options =>
                {
                    options.TablePrefix = TablePrefix;
                    // A node paused (or a clock jump) past this is caught up within seconds, not a minute.
                    options.MisfireThreshold = TimeSpan.FromSeconds(5);
                });
                store.UseClustering(clustering =>
                {
                    clustering.CheckinInterval = TimeSpan.FromSeconds(5);
                    clustering.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
                });
            });
            Every<ClockJob>(quartz, ClockJob.Name, settings.PollInterval);
            Every<OutboxJob>(quartz, OutboxJob.Name, settings.PollInterval);
            Every<CheckInJob>(quartz, CheckInJob.Name, settings.PollInterval);
        });
        services.AddQuartzHostedService(options => options.WaitForJobsToComplete = true);
        return services;
    }

    private static void Every<TJob>(IQuartzBuilder quartz, string name, TimeSpan interval)
        where TJob : IJob =>
        quartz.ScheduleJob<TJob>(
            trigger => trigger.WithIdentity(name).StartNow().WithSimpleSchedule(schedule => schedule.WithInterval(interval).RepeatForever()),
            job => job.WithIdentity(name));
}
