namespace SayStop.Sealing.Tests;

internal static class TestData
{
    /// <summary>The cheapest cost libsodium accepts, so most tests run in microseconds.</summary>
    public static readonly Argon2idCost CheapCost = new(Argon2idCost.MinMemoryKiB, 1);

    public static readonly Guid ReportId = Guid.Parse("0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b");
    public static readonly Guid OtherReportId = Guid.Parse("0193a5b2-7c4d-7e8f-9a0b-1c2d3e4f5a6c");

    public static byte[] Flip(byte[] data, int index, byte mask = 0x01)
    {
        var copy = (byte[])data.Clone();
        copy[index] ^= mask;
        return copy;
    }

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
