namespace SayStop.Sealing.Tests;

/// <summary>
/// The production Argon2id costs as numbers (docs/SEALING.md §6), not compared with the constants themselves: lowering
/// <see cref="Argon2idCost.Interactive"/> or <see cref="Argon2idCost.Receipt"/> to a test's 8 KiB fails here.
/// </summary>
public class ProductionCostTests
{
    [Fact]
    public void Passwords_Cost64MiB_OnePass()
    {
        Assert.Equal(65536, Argon2idCost.Interactive.MemoryKiB);
        Assert.Equal(1, Argon2idCost.Interactive.Iterations);
    }

    [Fact]
    public void Receipts_Cost12MiB_ThreePasses()
    {
        Assert.Equal(12288, Argon2idCost.Receipt.MemoryKiB);
        Assert.Equal(3, Argon2idCost.Receipt.Iterations);
    }

    [Fact]
    public void ABlobProtectedAtTheProductionCost_StoresThoseNumbers()
    {
        using var pair = KeyPair.Create();
        var blob = ProtectedPrivateKey.Protect(pair, "correct horse battery staple", Argon2idCost.Interactive);
        Assert.Equal(new Argon2idCost(65536, 1), ProtectedPrivateKey.GetCost(blob));
    }
}
