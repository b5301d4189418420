using ReportPortal.Bench;

// The evidence benchmark of issue 10, run by scripts/bench-evidence (never by the tests). With no
// arguments it makes (or reuses) a 1 GiB MP4, runs each path in a child process of its own, and prints
// one table: throughput beside raw AES-GCM measured in the same run, and each process's peak memory growth.
// The children are this same program: "phase raw|seal FILE WORK" and "serve WORK clean|plain".
return args switch
{
    ["phase", var phase, var file, var work] => await SealingPhases.RunAsync(phase, file, work),
    ["serve", var work, var mode] => await UploadServer.RunAsync(work, mode == "clean"),
    [] => await Orchestra.RunAsync(Environment.GetEnvironmentVariable("REPORTPORTAL_BENCH_DIR") ?? Path.Combine(Path.GetTempPath(), "reportportal-bench")),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ReportPortal.Bench   (children: phase raw|seal FILE WORK, serve WORK clean|plain)");
    return 2;
}
