using System.Security.Cryptography;

namespace ReportPortal.Crypto;

internal static class P256
{
    internal const int CoordinateSize = 32;
    internal const int UncompressedPointSize = 1 + (2 * CoordinateSize);
    internal const string CurveOid = "1.2.840.10045.3.1.7";

    private const byte UncompressedPointTag = 0x04;

    private static readonly string[] CurveNames = ["nistP256", "ECDSA_P256", "ECDH_P256", "secp256r1", "prime256v1"];

    internal static ECDiffieHellman Create() => ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    // Key material from outside (a database row, a PEM file) could be any curve; everything here
    // assumes P-256 sizes and security level, so anything else is refused rather than half-supported.
    internal static void Require(ECDiffieHellman key)
    {
        ECParameters parameters;
        try
        {
            parameters = key.ExportParameters(includePrivateParameters: false);
        }
        catch (NotSupportedException e)
        {
            throw new CryptographicException("Key is not on the P-256 curve.", e);
        }

        var curve = parameters.Curve;
        var isP256 = curve.IsNamed
            && (curve.Oid.Value == CurveOid || Array.IndexOf(CurveNames, curve.Oid.FriendlyName) >= 0);
        if (!isP256 || parameters.Q.X?.Length != CoordinateSize || parameters.Q.Y?.Length != CoordinateSize)
        {
            throw new CryptographicException("Key is not on the P-256 curve.");
        }
    }

    internal static ECDiffieHellman ImportSpki(ReadOnlySpan<byte> spki)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out var read);
            if (read != spki.Length)
            {
                throw new CryptographicException("Public key has trailing data.");
            }

            Require(key);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    internal static void WritePoint(ECDiffieHellman key, Span<byte> destination)
    {
        var q = key.ExportParameters(includePrivateParameters: false).Q;
        if (q.X?.Length != CoordinateSize || q.Y?.Length != CoordinateSize)
        {
            throw new CryptographicException("Key is not on the P-256 curve.");
        }

        destination[0] = UncompressedPointTag;
        q.X.CopyTo(destination[1..]);
        q.Y.CopyTo(destination[(1 + CoordinateSize)..]);
    }

    /// <summary>Imports an uncompressed point; the platform rejects points that are not on the curve.</summary>
    internal static ECDiffieHellman ImportPoint(ReadOnlySpan<byte> point)
    {
        if (point.Length != UncompressedPointSize || point[0] != UncompressedPointTag)
        {
            throw new CryptographicException("Invalid P-256 point encoding.");
        }

        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint
            {
                X = point.Slice(1, CoordinateSize).ToArray(),
                Y = point.Slice(1 + CoordinateSize, CoordinateSize).ToArray(),
            },
        };
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportParameters(parameters);
            return key;
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            throw new CryptographicException("Invalid P-256 point.", e);
        }
    }
}
