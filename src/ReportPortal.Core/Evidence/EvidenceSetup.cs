using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ReportPortal.Core.Cases;
using ReportPortal.Crypto;

namespace ReportPortal.Core.Evidence;

public static class EvidenceSetup
{
    /// <summary>Evidence limits, folders, mat2 and the blob store; a bad setting stops the host from being built.</summary>
    public static IServiceCollection AddEvidence(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(EvidenceOptions.Section).Get<EvidenceOptions>() ?? new EvidenceOptions();
        options.Validate();
        services.AddSingleton(Options.Create(options));
        services.AddSingleton<Mat2Cleaner>();
        services.AddSingleton<ScratchSweep>();
        services.AddSingleton<IEvidenceBlobStore>(new FileSystemBlobStore(options.BlobFolder));
        services.AddScoped<EvidenceFiling>();
        services.AddScoped<PendingEvidence>();
        return services;
    }

    /// <summary>A file's stored name and kind, opened with the case key.</summary>
    public static EvidenceDescription Describe(byte[] caseKey, Guid caseId, Guid fileId, byte[] sealedDescription) =>
        SealedFields.OpenRecord<EvidenceDescription>(caseKey, sealedDescription, new SealContext(caseId, fileId, EvidenceFiling.DescriptionField));
}
