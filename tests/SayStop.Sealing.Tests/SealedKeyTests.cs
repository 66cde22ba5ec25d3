namespace SayStop.Sealing.Tests;

public class SealedKeyTests
{
    [Fact]
    public void A_content_key_sealed_to_a_handler_opens_with_that_handlers_key()
    {
        using var handler = KeyPair.Create();
        using var key = ContentKey.Create();
        var field = ReportEnvelope.Seal(key, TestData.ReportId, SealingPurpose.Answers, "answers"u8);

        var sealedKey = SealedKey.Seal(key, handler.PublicKey, TestData.ReportId);

        Assert.Equal(SealedKey.Size, sealedKey.Length);
        Assert.Equal(handler.PublicKey.Id, SealedKey.GetRecipientKeyId(sealedKey));
        using var opened = SealedKey.Open(sealedKey, handler, TestData.ReportId);
        Assert.Equal("answers"u8.ToArray(), ReportEnvelope.Open(opened, TestData.ReportId, SealingPurpose.Answers, field));
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        using var handler = KeyPair.Create();
        using var key = ContentKey.Create();
        var sealedKey = SealedKey.Seal(key, handler.PublicKey, TestData.ReportId);

        for (var i = 0; i < sealedKey.Length; i++)
        {
            var tampered = TestData.Flip(sealedKey, i);
            Assert.Throws<SealingException>(() => SealedKey.Open(tampered, handler, TestData.ReportId));
        }
    }

    [Fact]
    public void Another_recipient_or_report_is_refused()
    {
        using var handler = KeyPair.Create();
        using var stranger = KeyPair.Create();
        using var key = ContentKey.Create();
        var sealedKey = SealedKey.Seal(key, handler.PublicKey, TestData.ReportId);

        Assert.Throws<SealingException>(() => SealedKey.Open(sealedKey, stranger, TestData.ReportId));
        Assert.Throws<SealingException>(() => SealedKey.Open(sealedKey, handler, TestData.OtherReportId));
        Assert.Throws<SealingException>(() => SealedKey.Open(sealedKey.AsSpan(0, 97), handler, TestData.ReportId));
    }

    [Fact]
    public void A_low_order_public_key_cannot_be_sealed_to()
    {
        using var key = ContentKey.Create();
        // The all-zero point gives an all-zero shared secret, which X25519 users must refuse (RFC 7748 section 6.1).
        var refused = false;
        try
        {
            SealedKey.Seal(key, RecipientPublicKey.FromBytes(new byte[32]), TestData.ReportId);
        }
        catch (Exception e) when (e is FormatException or SealingException)
        {
            refused = true;
        }
        Assert.True(refused);
    }

    [Fact]
    public void Sealing_twice_uses_fresh_ephemeral_keys()
    {
        using var handler = KeyPair.Create();
        using var key = ContentKey.Create();
        Assert.NotEqual(SealedKey.Seal(key, handler.PublicKey, TestData.ReportId),
            SealedKey.Seal(key, handler.PublicKey, TestData.ReportId));
    }

    [Fact]
    public void Public_keys_and_ids_round_trip()
    {
        using var pair = KeyPair.Create();
        var publicKey = RecipientPublicKey.FromBytes(pair.PublicKey.ToArray());

        Assert.Equal(pair.PublicKey, publicKey);
        Assert.Equal(pair.PublicKey.Id, RecipientKeyId.Parse(publicKey.Id.ToString()));
        Assert.Equal(pair.PublicKey.Id, RecipientKeyId.FromBytes(publicKey.Id.ToArray()));
        Assert.Equal(32, publicKey.Id.ToString().Length);
        Assert.Throws<FormatException>(() => RecipientPublicKey.FromBytes(new byte[31]));
    }

    [Fact]
    public void A_key_pair_round_trips_through_its_private_bytes()
    {
        using var pair = KeyPair.Create();
        using var copy = KeyPair.FromPrivateKey(pair.ExportPrivateKey());
        using var key = ContentKey.Create();

        Assert.Equal(pair.PublicKey, copy.PublicKey);
        using var opened = SealedKey.Open(SealedKey.Seal(key, pair.PublicKey, TestData.ReportId), copy, TestData.ReportId);
        Assert.Equal($"KeyPair({pair.PublicKey.Id})", pair.ToString());
    }
}
