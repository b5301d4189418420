namespace ReportPortal.StaffFace.Operations;

public static class OperationsSetup
{
    /// <summary>The operators' page of workflow health and clocks (administrators; counts only).</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services) => services.AddScoped<OperationsOverview>();
}
