using System.Security.Cryptography;

namespace SayStop.Sealing;

/// <summary>
/// Seals an attachment as a stream of fixed-size chunks with the STREAM construction of Hoang, Reyhanitabar, Rogaway
/// and Vizár ("Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance", CRYPTO 2015) over
/// XChaCha20-Poly1305: each chunk's nonce is a random prefix, the chunk counter and a last-chunk flag, so dropped,
/// reordered, swapped or truncated chunks do not open. A per-attachment key is derived with HKDF-SHA256 from the
/// report's content key, a random salt, the report id and the purpose (the layout of Tink's AES-GCM-HKDF streaming AEAD).
/// Memory use is two chunks, whatever the attachment size.
/// Layout: header (57) = version (1) | kind 'A' (1) | chunk size (4, big-endian) | salt (32) | nonce prefix (19);
/// then chunks, each ciphertext (chunk size, last one shorter or equal) | tag (16).
/// </summary>
public static class AttachmentSealer
{
    /// <summary>Plaintext bytes per chunk (64 KiB).</summary>
    public const int ChunkSize = 64 * 1024;

    private const int ChunkSizeOffset = Format.HeaderSize;
    private const int SaltOffset = ChunkSizeOffset + 4;
    private const int AttachmentSaltSize = 32;
    private const int PrefixOffset = SaltOffset + AttachmentSaltSize;
    private const int PrefixSize = Format.NonceSize - 5;

    /// <summary>Length of the header.</summary>
    public const int HeaderSize = PrefixOffset + PrefixSize;

    internal const int MinChunkSize = 16;
    internal const int MaxChunkSize = 4 * 1024 * 1024;

    /// <summary>Length of the sealed form of <paramref name="plaintextLength"/> bytes.</summary>
    public static long GetSealedLength(long plaintextLength) => GetSealedLength(plaintextLength, ChunkSize);

    internal static long GetSealedLength(long plaintextLength, int chunkSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(plaintextLength);
        var chunks = Math.Max(1, (plaintextLength + chunkSize - 1) / chunkSize);
        return HeaderSize + plaintextLength + (chunks * Format.TagSize);
    }

    /// <summary>Reads <paramref name="plaintext"/> to its end and writes the sealed form to <paramref name="destination"/>.</summary>
    public static Task SealAsync(ContentKey contentKey, Guid reportId, string purpose, Stream plaintext, Stream destination,
        CancellationToken cancellationToken = default) =>
        SealAsync(contentKey, reportId, purpose, plaintext, destination, ChunkSize,
            Primitives.RandomBytes(AttachmentSaltSize), Primitives.RandomBytes(PrefixSize), cancellationToken);

    /// <summary>
    /// Reads a sealed attachment to its end and writes the plaintext to <paramref name="destination"/>. Throws
    /// <see cref="SealingException"/> on any alteration, truncation or trailing data. Plaintext is written chunk by
    /// chunk as each one is authenticated: when this throws, discard everything written so far.
    /// </summary>
    public static async Task OpenAsync(ContentKey contentKey, Guid reportId, string purpose, Stream sealedData,
        Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(contentKey);
        ArgumentNullException.ThrowIfNull(sealedData);
        ArgumentNullException.ThrowIfNull(destination);
        var header = new byte[HeaderSize];
        if (await sealedData.ReadAtLeastAsync(header, HeaderSize, throwOnEndOfStream: false, cancellationToken) != HeaderSize
            || !Format.HasHeader(header, Format.KindAttachment))
        {
            throw new SealingException("Not a sealed attachment of a known format.");
        }
        var chunkSize = Format.ReadUInt32(header.AsSpan(ChunkSizeOffset));
        if (chunkSize is < MinChunkSize or > MaxChunkSize)
        {
            throw new SealingException("Not a sealed attachment of a known format.");
        }
        var sealedChunk = (int)chunkSize + Format.TagSize;
        var key = GC.AllocateArray<byte>(Format.KeySize, pinned: true);
        var current = new byte[sealedChunk];
        var next = new byte[sealedChunk];
        var plain = GC.AllocateArray<byte>((int)chunkSize, pinned: true);
        try
        {
            DeriveKey(contentKey, header, reportId, purpose, key);
            var currentLength = await sealedData.ReadAtLeastAsync(current, sealedChunk, false, cancellationToken);
            for (uint counter = 0; ; counter++)
            {
                var nextLength = currentLength == sealedChunk
                    ? await sealedData.ReadAtLeastAsync(next, sealedChunk, false, cancellationToken)
                    : 0;
                var last = nextLength == 0;
                if (currentLength < Format.TagSize || (last && currentLength == Format.TagSize && counter > 0))
                {
                    throw new SealingException("The sealed attachment is truncated.");
                }
                var plainLength = currentLength - Format.TagSize;
                if (!Primitives.TryDecrypt(key, Nonce(header, counter, last), header, current.AsSpan(0, currentLength),
                        plain.AsSpan(0, plainLength)))
                {
                    throw new SealingException();
                }
                await destination.WriteAsync(plain.AsMemory(0, plainLength), cancellationToken);
                if (last)
                {
                    return;
                }
                if (counter == uint.MaxValue)
                {
                    throw new SealingException("Too many chunks.");
                }
                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(plain);
        }
    }

    /// <summary>Deterministic core, used by the test vectors and by tests with small chunks.</summary>
    internal static async Task SealAsync(ContentKey contentKey, Guid reportId, string purpose, Stream plaintext,
        Stream destination, int chunkSize, byte[] salt, byte[] noncePrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contentKey);
        ArgumentNullException.ThrowIfNull(plaintext);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, MinChunkSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(chunkSize, MaxChunkSize);
        var header = new byte[HeaderSize];
        Format.WriteHeader(header, Format.KindAttachment);
        Format.WriteUInt32(header.AsSpan(ChunkSizeOffset), (uint)chunkSize);
        salt.AsSpan().CopyTo(header.AsSpan(SaltOffset, AttachmentSaltSize));
        noncePrefix.AsSpan().CopyTo(header.AsSpan(PrefixOffset, PrefixSize));

        var key = GC.AllocateArray<byte>(Format.KeySize, pinned: true);
        var current = GC.AllocateArray<byte>(chunkSize, pinned: true);
        var next = GC.AllocateArray<byte>(chunkSize, pinned: true);
        var sealedChunk = new byte[chunkSize + Format.TagSize];
        try
        {
            DeriveKey(contentKey, header, reportId, purpose, key);
            await destination.WriteAsync(header, cancellationToken);
            var currentLength = await plaintext.ReadAtLeastAsync(current, chunkSize, false, cancellationToken);
            for (uint counter = 0; ; counter++)
            {
                // Look one chunk ahead: a chunk is the last one when nothing follows it.
                var nextLength = currentLength == chunkSize
                    ? await plaintext.ReadAtLeastAsync(next, chunkSize, false, cancellationToken)
                    : 0;
                var last = nextLength == 0;
                Primitives.Encrypt(key, Nonce(header, counter, last), header, current.AsSpan(0, currentLength),
                    sealedChunk.AsSpan(0, currentLength + Format.TagSize));
                await destination.WriteAsync(sealedChunk.AsMemory(0, currentLength + Format.TagSize), cancellationToken);
                if (last)
                {
                    return;
                }
                if (counter == uint.MaxValue)
                {
                    throw new InvalidOperationException("The attachment is too large.");
                }
                (current, next) = (next, current);
                currentLength = nextLength;
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
            CryptographicOperations.ZeroMemory(current);
            CryptographicOperations.ZeroMemory(next);
        }
    }

    /// <summary>key = HKDF-SHA256(content key, salt, info = label | report id | purpose).</summary>
    private static void DeriveKey(ContentKey contentKey, byte[] header, Guid reportId, string purpose, Span<byte> key)
    {
        var info = Format.Concat(Format.AttachmentLabel.ToArray(), Format.ReportIdBytes(reportId), Format.PurposeBytes(purpose));
        Primitives.Hkdf(contentKey.Bytes, header.AsSpan(SaltOffset, AttachmentSaltSize), info, key);
    }

    /// <summary>nonce = prefix (19) | counter (4, big-endian) | last flag (1: 0x01 for the last chunk, else 0x00).</summary>
    private static byte[] Nonce(byte[] header, uint counter, bool last)
    {
        var nonce = new byte[Format.NonceSize];
        header.AsSpan(PrefixOffset, PrefixSize).CopyTo(nonce);
        Format.WriteUInt32(nonce.AsSpan(PrefixSize), counter);
        nonce[^1] = last ? (byte)1 : (byte)0;
        return nonce;
    }
}
