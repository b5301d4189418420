namespace ReportPortal.Tests.TestHost;

/// <summary>A test class with a reporter face and the staff face beside it, on the same database and clock.</summary>
public abstract class StaffAppTest : ReporterAppTest
{
    // Held in a list, disposed with the test: the analyser wants a disposable owner for a disposable field.
    private readonly List<StaffApp> _staff = [];

    protected StaffApp Staff => _staff[0];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _staff.Add(new StaffApp(App));
    }

    public override async Task DisposeAsync()
    {
        foreach (var staff in _staff)
        {
            await staff.DisposeAsync();
        }

        await base.DisposeAsync();
    }
}
