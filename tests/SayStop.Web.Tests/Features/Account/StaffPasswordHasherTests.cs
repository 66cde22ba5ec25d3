using Microsoft.AspNetCore.Identity;
using SayStop.Sealing;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Tests.Features.Account;

/// <summary>The Argon2id password hasher on its own (cheap costs; the production cost is the key-wrapping one).</summary>
public sealed class StaffPasswordHasherTests : IDisposable
{
    private static readonly Argon2idCost Today = new(64, 2);
    private readonly Argon2Gate _gate = new();

    private StaffPasswordHasher Hasher(Argon2idCost cost) => new(new ReportsOptions { KeyCost = cost }, _gate);

    public void Dispose() => _gate.Dispose();

    [Fact]
    public void AHash_IsAPhcArgon2idString_AtTheKeyCost_AndVerifies()
    {
        var hasher = Hasher(Today);
        var hash = hasher.HashPassword(new StaffUser(), "purple elephant dances twice");
        Assert.StartsWith("$argon2id$v=19$m=64,t=2,p=1$", hash, StringComparison.Ordinal);
        Assert.True(StaffPasswordHasher.TryParse(hash, out var cost, out var salt, out var bytes));
        Assert.Equal(Today, cost);
        Assert.Equal(16, salt.Length);
        Assert.Equal(32, bytes.Length);
        Assert.Equal(PasswordVerificationResult.Success, hasher.VerifyHashedPassword(new StaffUser(), hash, "purple elephant dances twice"));
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new StaffUser(), hash, "purple elephant dances thrice"));
        Assert.NotEqual(hash, hasher.HashPassword(new StaffUser(), "purple elephant dances twice"));
    }

    [Fact]
    public void AHashOfALowerCost_OrOfIdentitysPbkdf2_VerifiesButAsksForARehash()
    {
        var older = Hasher(new Argon2idCost(32, 2)).HashPassword(new StaffUser(), "tulips in the rain at noon");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Hasher(Today).VerifyHashedPassword(new StaffUser(), older, "tulips in the rain at noon"));
        var fewerPasses = Hasher(new Argon2idCost(64, 1)).HashPassword(new StaffUser(), "tulips in the rain at noon");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Hasher(Today).VerifyHashedPassword(new StaffUser(), fewerPasses, "tulips in the rain at noon"));
        var higher = Hasher(new Argon2idCost(128, 2)).HashPassword(new StaffUser(), "tulips in the rain at noon");
        Assert.Equal(PasswordVerificationResult.Success, Hasher(Today).VerifyHashedPassword(new StaffUser(), higher, "tulips in the rain at noon"));

        var pbkdf2 = new PasswordHasher<StaffUser>().HashPassword(new StaffUser(), "tulips in the rain at noon");
        Assert.Equal(PasswordVerificationResult.SuccessRehashNeeded, Hasher(Today).VerifyHashedPassword(new StaffUser(), pbkdf2, "tulips in the rain at noon"));
        Assert.Equal(PasswordVerificationResult.Failed, Hasher(Today).VerifyHashedPassword(new StaffUser(), pbkdf2, "tulips in the snow"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("$")]
    [InlineData("$argon2id$v=19$")]
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$")]
    [InlineData("$argon2id$v=19$m=64,t=2,p=4$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=99999999,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=64,t=0,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$AAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("$argon2id$v=19$m=64,t=2,p=1$!!!$???")]
    [InlineData("$argon2i$v=19$m=64,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("not base64 at all")]
    public void AMalformedStoredHash_IsAFailure_NeverAnException(string stored)
    {
        var hasher = Hasher(Today);
        Assert.Equal(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(new StaffUser(), stored, "any password here"));
    }

    [Fact]
    public void InProduction_PasswordsAreHashedAtTheHandlersKeyCost()
    {
        var hash = new StaffPasswordHasher(new ReportsOptions(), _gate).HashPassword(new StaffUser(), "a production password");
        Assert.True(StaffPasswordHasher.TryParse(hash, out var cost, out _, out _));
        Assert.Equal(Argon2idCost.Interactive, cost);
        Assert.Equal(new ReportsOptions().KeyCost, cost);
    }

    [Fact]
    public void TheDummyCheck_SpendsOneArgon2idRun()
    {
        var hasher = Hasher(Today);
        hasher.SpendVerificationTime("warm up");
        var before = hasher.Argon2idRuns;
        hasher.SpendVerificationTime("any password here");
        Assert.Equal(before + 1, hasher.Argon2idRuns);
    }
}
