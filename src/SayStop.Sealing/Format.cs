using System.Buffers.Binary;
using System.Text;

namespace SayStop.Sealing;

/// <summary>Constants of format version 1, shared by every blob (see docs/SEALING.md).</summary>
internal static class Format
{
    public const byte Version1 = 0x01;

    public const byte KindEnvelope = (byte)'E';
    public const byte KindSealedKey = (byte)'K';
    public const byte KindReceipt = (byte)'R';
    public const byte KindProtectedPrivateKey = (byte)'P';
    public const byte KindAttachment = (byte)'A';

    public const int HeaderSize = 2;
    public const int KeySize = 32;
    public const int NonceSize = 24;
    public const int TagSize = 16;
    public const int SaltSize = 16;
    public const int ReportIdSize = 16;
    public const int PublicKeySize = 32;

    public static ReadOnlySpan<byte> EnvelopeLabel => "SayStop.Sealing/v1/envelope"u8;
    public static ReadOnlySpan<byte> SealedKeyLabel => "SayStop.Sealing/v1/sealed-key"u8;
    public static ReadOnlySpan<byte> ReceiptVerifierLabel => "SayStop.Sealing/v1/receipt-verifier"u8;
    public static ReadOnlySpan<byte> ReceiptWrapLabel => "SayStop.Sealing/v1/receipt-wrap"u8;
    public static ReadOnlySpan<byte> AttachmentLabel => "SayStop.Sealing/v1/attachment"u8;
    public static ReadOnlySpan<byte> RecoveryChecksumLabel => "SayStop.Sealing/v1/recovery-checksum"u8;
    public static ReadOnlySpan<byte> BlindIndexLabel => "SayStop.Sealing/v1/blind-index"u8;

    /// <summary>Maximum UTF-8 length of a purpose label; keeps associated data small and bounded.</summary>
    public const int MaxPurposeBytes = 256;

    public static void WriteHeader(Span<byte> destination, byte kind)
    {
        destination[0] = Version1;
        destination[1] = kind;
    }

    public static bool HasHeader(ReadOnlySpan<byte> blob, byte kind) =>
        blob.Length >= HeaderSize && blob[0] == Version1 && blob[1] == kind;

    /// <summary>Report ids are written in RFC 9562 (big-endian) byte order, so other languages read them the same way.</summary>
    public static void WriteReportId(Span<byte> destination, Guid reportId)
    {
        if (!reportId.TryWriteBytes(destination, bigEndian: true, out var written) || written != ReportIdSize)
        {
            throw new InvalidOperationException("Could not write the report id.");
        }
    }

    public static byte[] PurposeBytes(string purpose)
    {
        ArgumentException.ThrowIfNullOrEmpty(purpose);
        var bytes = Encoding.UTF8.GetBytes(purpose);
        if (bytes.Length > MaxPurposeBytes)
        {
            throw new ArgumentException($"A purpose label is at most {MaxPurposeBytes} UTF-8 bytes.", nameof(purpose));
        }
        return bytes;
    }

    public static byte[] Concat(params ReadOnlySpan<byte[]> parts)
    {
        var length = 0;
        foreach (var part in parts)
        {
            length += part.Length;
        }
        var result = new byte[length];
        var offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }
        return result;
    }

    public static byte[] ReportIdBytes(Guid reportId)
    {
        var bytes = new byte[ReportIdSize];
        WriteReportId(bytes, reportId);
        return bytes;
    }

    public static void WriteUInt32(Span<byte> destination, uint value) => BinaryPrimitives.WriteUInt32BigEndian(destination, value);

    public static uint ReadUInt32(ReadOnlySpan<byte> source) => BinaryPrimitives.ReadUInt32BigEndian(source);
}
