using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: TestFramework("ReportPortal.Tests.Infrastructure.TestRunLifetime", "ReportPortal.Tests")]

namespace ReportPortal.Tests.Infrastructure;

/// <summary>
/// xunit's own test framework, plus shutting down the servers the tests share
/// once every test has run. It has to happen here: the test host is killed
/// moments after the run ends, so process-exit handlers rarely get to finish.
/// </summary>
public sealed class TestRunLifetime : XunitTestFramework
{
    public TestRunLifetime(IMessageSink messageSink)
        : base(messageSink)
    {
        DisposalTracker.Add(new SharedServersShutdown());
    }

    private sealed class SharedServersShutdown : IDisposable
    {
        public void Dispose() => PostgresServer.StopShared();
    }
}
