using System.Buffers.Binary;
using System.Globalization;

namespace SayStop.Sealing;

/// <summary>
/// Identifies a recipient public key: the first 16 bytes of SHA-256 over the 32-byte X25519 public key.
/// Used to find the <see cref="SealedKey"/> meant for a given case handler. Not secret.
/// </summary>
public readonly struct RecipientKeyId : IEquatable<RecipientKeyId>
{
    /// <summary>Length in bytes.</summary>
    public const int Size = 16;

    private readonly UInt128 _value;

    private RecipientKeyId(UInt128 value) => _value = value;

    /// <summary>Reads an id from its 16 bytes.</summary>
    public static RecipientKeyId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException("A recipient key id is 16 bytes.", nameof(bytes));
        }
        return new RecipientKeyId(BinaryPrimitives.ReadUInt128BigEndian(bytes));
    }

    /// <summary>Parses the 32 hex digits written by <see cref="ToString"/>.</summary>
    public static RecipientKeyId Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        if (hex.Length != Size * 2)
        {
            throw new FormatException("A recipient key id is 32 hex digits.");
        }
        return FromBytes(Convert.FromHexString(hex));
    }

    internal static RecipientKeyId Of(ReadOnlySpan<byte> publicKey)
    {
        Span<byte> hash = stackalloc byte[32];
        Primitives.Sha256(publicKey, hash);
        return FromBytes(hash[..Size]);
    }

    /// <summary>The 16 bytes.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    internal void WriteTo(Span<byte> destination) => BinaryPrimitives.WriteUInt128BigEndian(destination, _value);

    /// <summary>32 lowercase hex digits.</summary>
    public override string ToString() => _value.ToString("x32", CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public bool Equals(RecipientKeyId other) => _value == other._value;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecipientKeyId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _value.GetHashCode();

    /// <summary>Equality.</summary>
    public static bool operator ==(RecipientKeyId left, RecipientKeyId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RecipientKeyId left, RecipientKeyId right) => !left.Equals(right);
}
