using System.Security.Cryptography;

namespace ReportPortal.Crypto;

/// <summary>A P-256 key pair for a staff member or the offline escrow.</summary>
public sealed class KeyPair : IDisposable
{
    private readonly ECDiffieHellman _key;
    private readonly byte[] _publicKeySpki;
    private bool _disposed;

    private KeyPair(ECDiffieHellman key)
    {
        _key = key;
        _publicKeySpki = key.ExportSubjectPublicKeyInfo();
    }

    /// <summary>SubjectPublicKeyInfo DER. A fresh copy each time, so callers cannot alter the pair's own.</summary>
    public byte[] PublicKeySpki => (byte[])_publicKeySpki.Clone();

    /// <summary>Owned by this pair and disposed with it.</summary>
    public ECDiffieHellman PrivateKey
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    public static KeyPair Generate() => new(P256.Create());

    public static KeyPair FromPkcs8(ReadOnlySpan<byte> pkcs8)
    {
        var key = ECDiffieHellman.Create();
        try
        {
            key.ImportPkcs8PrivateKey(pkcs8, out var read);
            if (read != pkcs8.Length)
            {
                throw new CryptographicException("Private key has trailing data.");
            }

            P256.Require(key);
            return new KeyPair(key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Reads an unencrypted PKCS#8 "PRIVATE KEY" PEM block.</summary>
    public static KeyPair FromPem(string pem)
    {
        var der = Pem.Decode(pem, Pem.PrivateKeyLabel);
        try
        {
            return FromPkcs8(der);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(der);
        }
    }

    /// <summary>Reads a "PUBLIC KEY" PEM block and returns its SubjectPublicKeyInfo DER, after checking it is a P-256 key.</summary>
    public static byte[] PublicKeyFromPem(string pem)
    {
        var der = Pem.Decode(pem, Pem.PublicKeyLabel);
        using var check = P256.ImportSpki(der);
        return der;
    }

    public byte[] ExportPkcs8()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key.ExportPkcs8PrivateKey();
    }

    public string ExportPrivateKeyPem()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _key.ExportPkcs8PrivateKeyPem();
    }

    public string ExportPublicKeyPem() => PemEncoding.WriteString(Pem.PublicKeyLabel, _publicKeySpki);

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }
    }
}
