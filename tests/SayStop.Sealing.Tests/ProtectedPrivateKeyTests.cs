using System.Text;

namespace SayStop.Sealing.Tests;

public class ProtectedPrivateKeyTests
{
    private static readonly Argon2idCost s_cost = TestData.CheapCost;

    [Fact]
    public void The_right_password_unlocks_the_key_pair()
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "correct horse battery staple", s_cost);

        Assert.Equal(ProtectedPrivateKey.Size, blob.Length);
        Assert.Equal(pair.PublicKey, ProtectedPrivateKey.GetPublicKey(blob));
        Assert.Equal(s_cost, ProtectedPrivateKey.GetCost(blob));
        Assert.True(ProtectedPrivateKey.TryUnlock(blob, "correct horse battery staple", out var unlocked));
        using (unlocked)
        {
            Assert.Equal(pair.PublicKey, unlocked.PublicKey);
            Assert.Equal(pair.ExportPrivateKey(), unlocked.ExportPrivateKey());
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("correct horse battery stapl")]
    [InlineData("Correct horse battery staple")]
    [InlineData("correct horse battery staple ")]
    public void A_wrong_password_is_refused(string password)
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "correct horse battery staple", s_cost);

        Assert.False(ProtectedPrivateKey.TryUnlock(blob, password, out var unlocked));
        Assert.Null(unlocked);
    }

    [Fact]
    public void Flipping_any_byte_is_detected()
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "pw", s_cost);

        for (var i = 0; i < blob.Length; i++)
        {
            Assert.False(ProtectedPrivateKey.TryUnlock(TestData.Flip(blob, i), "pw", out _), $"byte {i}");
        }
    }

    [Fact]
    public void Rewrap_changes_the_password_and_cost()
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "old password", s_cost);
        var higher = new Argon2idCost(16, 2);

        Assert.False(ProtectedPrivateKey.TryRewrap(blob, "not the old one", "new password", higher, out _));
        Assert.True(ProtectedPrivateKey.TryRewrap(blob, "old password", "new password", higher, out var rewrapped));

        Assert.Equal(higher, ProtectedPrivateKey.GetCost(rewrapped));
        Assert.False(ProtectedPrivateKey.TryUnlock(rewrapped, "old password", out _));
        Assert.True(ProtectedPrivateKey.TryUnlock(rewrapped, "new password", out var unlocked));
        using (unlocked)
        {
            Assert.Equal(pair.PublicKey, unlocked.PublicKey);
        }
    }

    [Fact]
    public void A_password_typed_in_another_unicode_form_unlocks()
    {
        using var pair = KeyPair.Create();
        var composed = "café".Normalize(NormalizationForm.FormC);
        var decomposed = "café".Normalize(NormalizationForm.FormD);
        Assert.NotEqual(composed, decomposed);

        var blob = ProtectedPrivateKey.Protect(pair, decomposed, s_cost);

        Assert.True(ProtectedPrivateKey.TryUnlock(blob, composed, out var unlocked));
        unlocked.Dispose();
    }

    [Fact]
    public void Production_cost_round_trips()
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "pw", Argon2idCost.Interactive);

        Assert.Equal(Argon2idCost.Interactive, ProtectedPrivateKey.GetCost(blob));
        Assert.False(ProtectedPrivateKey.TryUnlock(blob, "wrong", out _));
        Assert.True(ProtectedPrivateKey.TryUnlock(blob, "pw", out var unlocked));
        unlocked.Dispose();
    }

    [Fact]
    public void Malformed_blobs_are_refused()
    {
        Assert.False(ProtectedPrivateKey.TryUnlock(new byte[ProtectedPrivateKey.Size], "pw", out _));
        Assert.False(ProtectedPrivateKey.TryUnlock([], "pw", out _));
        Assert.Throws<SealingException>(() => ProtectedPrivateKey.GetPublicKey(new byte[10]));
    }
}
