namespace ReportPortal.Crypto;

internal static class KeyRules
{
    // Peppers and index keys are server secrets; anything shorter than 128 bits is a misconfiguration
    // that should fail loudly rather than quietly weaken every stored hash.
    internal const int MinimumSecretSize = 16;

    internal static void RequireDataKey(ReadOnlySpan<byte> key, string paramName)
    {
        // AesGcm would also accept 16 and 24 byte keys; insisting on 32 keeps every blob AES-256.
        if (key.Length != CaseKey.Size)
        {
            throw new ArgumentException($"Key must be {CaseKey.Size} bytes.", paramName);
        }
    }

    internal static void RequireSecret(ReadOnlySpan<byte> secret, string paramName)
    {
        if (secret.Length < MinimumSecretSize)
        {
            throw new ArgumentException($"Secret must be at least {MinimumSecretSize} bytes.", paramName);
        }
    }
}
