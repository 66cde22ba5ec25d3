namespace SayStop.Sealing;

/// <summary>
/// An X25519 public key (RFC 7748) that content keys can be sealed to: a case handler's or the organisation
/// recovery key's. Not secret; store it as its 32 bytes (<see cref="ToArray"/>).
/// </summary>
public sealed class RecipientPublicKey : IEquatable<RecipientPublicKey>
{
    private readonly byte[] _bytes;

    private RecipientPublicKey(byte[] bytes)
    {
        _bytes = bytes;
        Id = RecipientKeyId.Of(bytes);
    }

    /// <summary>The key's id (see <see cref="RecipientKeyId"/>).</summary>
    public RecipientKeyId Id { get; }

    /// <summary>Reads a public key from its 32 bytes; throws <see cref="FormatException"/> when they are not one.</summary>
    public static RecipientPublicKey FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (!Primitives.IsValidX25519PublicKey(bytes))
        {
            throw new FormatException("Not a 32-byte X25519 public key.");
        }
        return new RecipientPublicKey(bytes.ToArray());
    }

    internal ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>The 32 bytes.</summary>
    public byte[] ToArray() => (byte[])_bytes.Clone();

    /// <inheritdoc/>
    public bool Equals(RecipientPublicKey? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as RecipientPublicKey);

    /// <inheritdoc/>
    public override int GetHashCode() => Id.GetHashCode();

    /// <summary>Shows the key id.</summary>
    public override string ToString() => $"RecipientPublicKey({Id})";
}
