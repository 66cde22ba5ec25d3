using System.Security.Cryptography;
using NSec.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// An X25519 key pair (RFC 7748) of a case handler or of the organisation recovery key. The private part lives in
/// libsodium-allocated memory (through NSec) and is freed when the pair is disposed. Store it only as a
/// <see cref="ProtectedPrivateKey"/> blob (handlers) or as printed <see cref="RecoveryKey"/> text (organisation).
/// </summary>
public sealed class KeyPair : IDisposable
{
    private readonly Key _key;
    private bool _disposed;

    private KeyPair(Key key)
    {
        _key = key;
        PublicKey = RecipientPublicKey.FromBytes(key.PublicKey.Export(KeyBlobFormat.RawPublicKey));
    }

    /// <summary>The public part, to which content keys are sealed.</summary>
    public RecipientPublicKey PublicKey { get; }

    /// <summary>Creates a fresh random key pair.</summary>
    public static KeyPair Create() => new(Primitives.CreateX25519Key());

    /// <summary>
    /// Re-creates a key pair from a raw 32-byte private key previously taken with <see cref="ExportPrivateKey"/>.
    /// </summary>
    public static KeyPair FromPrivateKey(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != Format.KeySize || !Primitives.TryImportX25519PrivateKey(privateKey, out var key))
        {
            throw new FormatException("Not a 32-byte X25519 private key.");
        }
        return new KeyPair(key!);
    }

    /// <summary>
    /// The raw 32-byte private key, only for holding an unlocked key in server memory for the length of a staff
    /// session (for example under ASP.NET Core Data Protection). Never store, log or send it; zero it after use
    /// with <see cref="CryptographicOperations.ZeroMemory"/>.
    /// </summary>
    public byte[] ExportPrivateKey() => _key.Export(KeyBlobFormat.RawPrivateKey);

    internal Key Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>Frees (and zeroes) the private key.</summary>
    public void Dispose()
    {
        _disposed = true;
        _key.Dispose();
    }

    /// <summary>Shows only the public key id.</summary>
    public override string ToString() => $"KeyPair({PublicKey.Id})";
}
