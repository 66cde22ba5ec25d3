namespace SayStop.Sealing.Tests;

public class ReceiptVerifierTests
{
    private static readonly Argon2idCost s_cost = TestData.CheapCost;

    [Fact]
    public void The_right_receipt_opens_the_content_key()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var field = ReportEnvelope.Seal(key, TestData.ReportId, SealingPurpose.Answers, "answers"u8);
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);

        Assert.Equal(ReceiptVerifier.Size, verifier.Length);
        Assert.True(Receipt.TryParse(receipt.ToDisplayString().ToLowerInvariant(), out var typed));
        Assert.True(ReceiptVerifier.Verify(verifier, typed, TestData.ReportId));
        Assert.True(ReceiptVerifier.TryOpen(verifier, typed, TestData.ReportId, out var opened));
        using (opened)
        {
            Assert.Equal("answers"u8.ToArray(), ReportEnvelope.Open(opened, TestData.ReportId, SealingPurpose.Answers, field));
        }
        Assert.Equal(s_cost, ReceiptVerifier.GetCost(verifier));
    }

    [Fact]
    public void A_wrong_receipt_is_refused()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);

        // Same locator, one symbol of the secret changed.
        var display = receipt.ToDisplayString();
        var last = display[^1] == '0' ? '1' : '0';
        Assert.True(Receipt.TryParse(display[..^1] + last, out var wrong));

        Assert.False(ReceiptVerifier.Verify(verifier, wrong, TestData.ReportId));
        Assert.False(ReceiptVerifier.TryOpen(verifier, wrong, TestData.ReportId, out var none));
        Assert.Null(none);
        Assert.False(ReceiptVerifier.TryOpen(verifier, Receipt.Create(), TestData.ReportId, out _));
    }

    [Fact]
    public void Another_reports_verifier_is_refused()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);

        Assert.False(ReceiptVerifier.TryOpen(verifier, receipt, TestData.OtherReportId, out _));
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);

        for (var i = 0; i < verifier.Length; i++)
        {
            Assert.False(ReceiptVerifier.TryOpen(TestData.Flip(verifier, i), receipt, TestData.ReportId, out _), $"byte {i}");
        }
        Assert.False(ReceiptVerifier.TryOpen(verifier.AsSpan(0, 130), receipt, TestData.ReportId, out _));
    }

    [Fact]
    public void Each_report_gets_its_own_salt()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var a = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);
        var b = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);

        Assert.NotEqual(a.AsSpan(11, 16).ToArray(), b.AsSpan(11, 16).ToArray());
        Assert.NotEqual(a.AsSpan(27, 32).ToArray(), b.AsSpan(27, 32).ToArray());
    }

    [Fact]
    public void A_blob_asking_for_an_absurd_cost_is_refused_without_computing_it()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, s_cost);
        verifier[2] = 0xFF; // memory cost becomes > 4 TiB

        Assert.False(ReceiptVerifier.TryOpen(verifier, receipt, TestData.ReportId, out _));
        Assert.Throws<SealingException>(() => ReceiptVerifier.GetCost(verifier));
    }

    [Fact]
    public void Production_cost_round_trips()
    {
        var receipt = Receipt.Create();
        using var key = ContentKey.Create();
        var verifier = ReceiptVerifier.Create(receipt, key, TestData.ReportId, Argon2idCost.Receipt);

        Assert.Equal(Argon2idCost.Receipt, ReceiptVerifier.GetCost(verifier));
        Assert.True(ReceiptVerifier.TryOpen(verifier, receipt, TestData.ReportId, out var opened));
        opened.Dispose();
        ReceiptVerifier.SpendVerificationTime(s_cost);
    }

    [Fact]
    public void Cost_outside_the_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idCost(4, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idCost(8, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Argon2idCost(Argon2idCost.MaxMemoryKiB + 1, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ReceiptVerifier.Create(Receipt.Create(), ContentKey.Create(),
            TestData.ReportId, default));
    }
}
