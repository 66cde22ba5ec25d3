namespace SayStop.Sealing.Tests;

public class AttachmentSealerTests
{
    private const int SmallChunk = 64;
    private const int Header = AttachmentSealer.HeaderSize;
    private const int SealedChunk = SmallChunk + 16;
    private static readonly Guid s_reportId = TestData.ReportId;
    private static readonly string s_purpose = SealingPurpose.Attachment(Guid.Parse("0193a5b2-0000-7000-8000-000000000001"));

    private static async Task<byte[]> SealSmall(ContentKey key, byte[] plaintext, Guid? reportId = null, string? purpose = null)
    {
        using var output = new MemoryStream();
        await AttachmentSealer.SealAsync(key, reportId ?? s_reportId, purpose ?? s_purpose, new MemoryStream(plaintext), output,
            SmallChunk, TestData.RandomBytes(32, plaintext.Length), TestData.RandomBytes(19, plaintext.Length + 1), default);
        return output.ToArray();
    }

    private static async Task<byte[]> Open(ContentKey key, byte[] sealedData, Guid? reportId = null, string? purpose = null)
    {
        using var output = new MemoryStream();
        await AttachmentSealer.OpenAsync(key, reportId ?? s_reportId, purpose ?? s_purpose, new MemoryStream(sealedData), output);
        return output.ToArray();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(SmallChunk - 1)]
    [InlineData(SmallChunk)]
    [InlineData(SmallChunk + 1)]
    [InlineData(3 * SmallChunk)]
    [InlineData(1000)]
    public async Task Seal_then_Open_returns_the_plaintext_for_every_chunk_boundary(int length)
    {
        using var key = ContentKey.Create();
        var plaintext = TestData.RandomBytes(length, length);

        var sealedData = await SealSmall(key, plaintext);

        Assert.Equal(AttachmentSealer.GetSealedLength(length, SmallChunk), sealedData.Length);
        Assert.Equal(plaintext, await Open(key, sealedData));
    }

    [Fact]
    public async Task A_ten_megabyte_photo_round_trips_with_production_chunks()
    {
        using var key = ContentKey.Create();
        var photo = TestData.RandomBytes(10 * 1024 * 1024 + 123, 7);
        using var sealedStream = new MemoryStream();

        await AttachmentSealer.SealAsync(key, s_reportId, s_purpose, new MemoryStream(photo), sealedStream);

        Assert.Equal(AttachmentSealer.GetSealedLength(photo.Length), sealedStream.Length);
        sealedStream.Position = 0;
        using var opened = new MemoryStream();
        await AttachmentSealer.OpenAsync(key, s_reportId, s_purpose, sealedStream, opened);
        Assert.Equal(photo, opened.ToArray());
    }

    [Fact]
    public async Task Flipping_any_byte_is_detected()
    {
        using var key = ContentKey.Create();
        var sealedData = await SealSmall(key, TestData.RandomBytes(150, 1));

        for (var i = 0; i < sealedData.Length; i++)
        {
            await Assert.ThrowsAsync<SealingException>(() => Open(key, TestData.Flip(sealedData, i)));
        }
    }

    [Fact]
    public async Task Truncation_anywhere_is_detected()
    {
        using var key = ContentKey.Create();
        // Exactly three full chunks: cutting at a chunk boundary is the dangerous case.
        var sealedData = await SealSmall(key, TestData.RandomBytes(3 * SmallChunk, 2));

        for (var length = 0; length < sealedData.Length; length++)
        {
            var truncated = sealedData[..length];
            await Assert.ThrowsAsync<SealingException>(() => Open(key, truncated));
        }
    }

    [Fact]
    public async Task Dropped_reordered_and_appended_chunks_are_detected()
    {
        using var key = ContentKey.Create();
        var sealedData = await SealSmall(key, TestData.RandomBytes(3 * SmallChunk + 10, 3));
        byte[] Chunk(int index) => sealedData.AsSpan(Header + (index * SealedChunk), Math.Min(SealedChunk,
            sealedData.Length - Header - (index * SealedChunk))).ToArray();
        var header = sealedData[..Header];

        // Drop the second chunk.
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. header, .. Chunk(0), .. Chunk(2), .. Chunk(3)]));
        // Swap the first two chunks.
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. header, .. Chunk(1), .. Chunk(0), .. Chunk(2), .. Chunk(3)]));
        // Drop the last (short) chunk, leaving a stream that ends on a chunk boundary.
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. header, .. Chunk(0), .. Chunk(1), .. Chunk(2)]));
        // Repeat a chunk.
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. header, .. Chunk(0), .. Chunk(0), .. Chunk(1), .. Chunk(2), .. Chunk(3)]));
        // Append data after the last chunk.
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. sealedData, .. new byte[SealedChunk]]));
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. sealedData, 0]));
    }

    [Fact]
    public async Task Appending_after_a_full_last_chunk_is_detected()
    {
        using var key = ContentKey.Create();
        var sealedData = await SealSmall(key, TestData.RandomBytes(2 * SmallChunk, 4));

        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. sealedData, 0]));
        await Assert.ThrowsAsync<SealingException>(() => Open(key, [.. sealedData, .. new byte[16]]));
    }

    [Fact]
    public async Task A_chunk_from_another_attachment_of_the_same_report_is_refused()
    {
        using var key = ContentKey.Create();
        var first = await SealSmall(key, TestData.RandomBytes(2 * SmallChunk + 5, 5));
        var second = await SealSmall(key, TestData.RandomBytes(2 * SmallChunk + 6, 6));

        byte[] spliced = [.. first[..(Header + SealedChunk)], .. second[(Header + SealedChunk)..]];
        await Assert.ThrowsAsync<SealingException>(() => Open(key, spliced));
        byte[] headerSwapped = [.. second[..Header], .. first[Header..]];
        await Assert.ThrowsAsync<SealingException>(() => Open(key, headerSwapped));
    }

    [Fact]
    public async Task Another_report_purpose_or_key_is_refused()
    {
        using var key = ContentKey.Create();
        using var other = ContentKey.Create();
        var sealedData = await SealSmall(key, TestData.RandomBytes(100, 8));

        await Assert.ThrowsAsync<SealingException>(() => Open(key, sealedData, reportId: TestData.OtherReportId));
        await Assert.ThrowsAsync<SealingException>(() => Open(key, sealedData, purpose: SealingPurpose.Attachment(Guid.CreateVersion7())));
        await Assert.ThrowsAsync<SealingException>(() => Open(other, sealedData));
    }

    [Fact]
    public async Task An_absurd_chunk_size_in_the_header_is_refused()
    {
        using var key = ContentKey.Create();
        var sealedData = await SealSmall(key, TestData.RandomBytes(10, 9));
        sealedData[2] = 0x7F;

        await Assert.ThrowsAsync<SealingException>(() => Open(key, sealedData));
    }

    [Fact]
    public void Sealed_length_counts_one_tag_per_chunk()
    {
        Assert.Equal(57 + 16, AttachmentSealer.GetSealedLength(0));
        Assert.Equal(57 + 65536 + 16, AttachmentSealer.GetSealedLength(65536));
        Assert.Equal(57 + 65537 + 32, AttachmentSealer.GetSealedLength(65537));
    }
}
