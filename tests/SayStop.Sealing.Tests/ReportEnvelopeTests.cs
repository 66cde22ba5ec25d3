using System.Text;

namespace SayStop.Sealing.Tests;

public class ReportEnvelopeTests
{
    private static readonly Guid s_reportId = TestData.ReportId;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1000)]
    [InlineData(100_000)]
    public void Seal_then_Open_returns_the_plaintext(int length)
    {
        using var key = ContentKey.Create();
        var plaintext = TestData.RandomBytes(length, length);

        var sealedData = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, plaintext);

        Assert.Equal(length + ReportEnvelope.Overhead, sealedData.Length);
        Assert.Equal(plaintext, ReportEnvelope.Open(key, s_reportId, SealingPurpose.Answers, sealedData));
    }

    [Fact]
    public void SealText_then_OpenText_returns_the_text()
    {
        using var key = ContentKey.Create();
        const string text = "Hôtel « Mer », chambre 12 — 🧒";

        var sealedData = ReportEnvelope.SealText(key, s_reportId, SealingPurpose.Contact, text);

        Assert.Equal(text, ReportEnvelope.OpenText(key, s_reportId, SealingPurpose.Contact, sealedData));
        Assert.DoesNotContain("chambre", Encoding.UTF8.GetString(sealedData), StringComparison.Ordinal);
    }

    [Fact]
    public void Sealing_twice_gives_different_blobs()
    {
        using var key = ContentKey.Create();
        var a = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "same"u8);
        var b = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "same"u8);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        using var key = ContentKey.Create();
        var sealedData = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "answers"u8);

        for (var i = 0; i < sealedData.Length; i++)
        {
            var tampered = TestData.Flip(sealedData, i);
            Assert.Throws<SealingException>(() => ReportEnvelope.Open(key, s_reportId, SealingPurpose.Answers, tampered));
        }
    }

    [Fact]
    public void A_blob_moved_to_another_report_or_field_is_refused()
    {
        using var key = ContentKey.Create();
        var messageId = Guid.CreateVersion7();
        var sealedData = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Message(messageId), "hello"u8);

        Assert.Throws<SealingException>(() =>
            ReportEnvelope.Open(key, TestData.OtherReportId, SealingPurpose.Message(messageId), sealedData));
        Assert.Throws<SealingException>(() =>
            ReportEnvelope.Open(key, s_reportId, SealingPurpose.Message(Guid.CreateVersion7()), sealedData));
        Assert.Throws<SealingException>(() => ReportEnvelope.Open(key, s_reportId, SealingPurpose.Note(messageId), sealedData));
        Assert.Throws<SealingException>(() => ReportEnvelope.Open(key, s_reportId, SealingPurpose.Answers, sealedData));
    }

    [Fact]
    public void Another_reports_key_is_refused()
    {
        using var key = ContentKey.Create();
        using var other = ContentKey.Create();
        var sealedData = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "x"u8);
        Assert.Throws<SealingException>(() => ReportEnvelope.Open(other, s_reportId, SealingPurpose.Answers, sealedData));
    }

    [Fact]
    public void Truncated_or_unknown_format_is_refused()
    {
        using var key = ContentKey.Create();
        var sealedData = ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "x"u8);

        for (var length = 0; length < sealedData.Length; length++)
        {
            var truncated = sealedData[..length];
            Assert.Throws<SealingException>(() => ReportEnvelope.Open(key, s_reportId, SealingPurpose.Answers, truncated));
        }
        var versionTwo = (byte[])sealedData.Clone();
        versionTwo[0] = 2;
        Assert.Throws<SealingException>(() => ReportEnvelope.Open(key, s_reportId, SealingPurpose.Answers, versionTwo));
    }

    [Fact]
    public void Purpose_must_be_a_short_non_empty_label()
    {
        using var key = ContentKey.Create();
        Assert.Throws<ArgumentException>(() => ReportEnvelope.Seal(key, s_reportId, "", "x"u8));
        Assert.Throws<ArgumentException>(() => ReportEnvelope.Seal(key, s_reportId, new string('a', 257), "x"u8));
    }

    [Fact]
    public void A_disposed_key_cannot_be_used()
    {
        var key = ContentKey.Create();
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => ReportEnvelope.Seal(key, s_reportId, SealingPurpose.Answers, "x"u8));
        Assert.DoesNotContain("0", key.ToString(), StringComparison.Ordinal);
    }
}
