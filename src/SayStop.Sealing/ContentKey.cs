using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// A report's own random 256-bit key. Everything about one report (answers, contact details, messages,
/// notes, attachments) is sealed under it. It is stored only sealed (<see cref="SealedKey"/>,
/// <see cref="ReceiptVerifier"/>). Dispose it as soon as possible: disposal zeroes the key.
/// </summary>
public sealed class ContentKey : IDisposable
{
    // Pinned so the GC never leaves copies of the key behind when it compacts the heap.
    private readonly byte[] _key = GC.AllocateArray<byte>(Format.KeySize, pinned: true);
    private bool _disposed;

    private ContentKey(ReadOnlySpan<byte> key)
    {
        key.CopyTo(_key);
    }

    /// <summary>Creates a fresh random content key for a new report.</summary>
    public static ContentKey Create()
    {
        Span<byte> key = stackalloc byte[Format.KeySize];
        RandomNumberGenerator.Fill(key);
        try
        {
            return new ContentKey(key);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    internal static ContentKey FromBytes(ReadOnlySpan<byte> key)
    {
        if (key.Length != Format.KeySize)
        {
            throw new ArgumentException("A content key is 32 bytes.", nameof(key));
        }
        return new ContentKey(key);
    }

    internal ReadOnlySpan<byte> Bytes
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>Zeroes the key.</summary>
    public void Dispose()
    {
        CryptographicOperations.ZeroMemory(_key);
        _disposed = true;
    }

    /// <summary>Never shows the key.</summary>
    public override string ToString() => "ContentKey(***)";
}
