using System.Security.Cryptography;
using System.Text;

namespace SayStop.Sealing.Tests;

public class BlindIndexTests
{
    [Fact]
    public void A_token_is_HMAC_SHA256_under_the_HKDF_derived_key_truncated_to_16_bytes()
    {
        var raw = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        using var key = ContentKey.FromBytes(raw);

        // Recomputed with .NET's own HKDF (the library uses libsodium's through NSec).
        var macKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, raw, 32, salt: [], info: "SayStop.Sealing/v1/blind-index"u8.ToArray());
        var expected = HMACSHA256.HashData(macKey, (byte[])[.. "plate"u8, 0, .. Encoding.UTF8.GetBytes("1ABC234")])[..16];

        Assert.Equal(expected, BlindIndex.Token(key, "plate", "1ABC234"));
        Assert.Equal(BlindIndex.TokenSize, expected.Length);
    }

    [Fact]
    public void The_same_value_gives_the_same_token_and_anything_else_another()
    {
        using var key = ContentKey.Create();
        using var other = ContentKey.Create();
        var token = BlindIndex.Token(key, "name", "jean dupont");

        Assert.Equal(token, BlindIndex.Token(key, "name", "jean dupont"));
        Assert.NotEqual(token, BlindIndex.Token(key, "name", "jean dupond"));
        Assert.NotEqual(token, BlindIndex.Token(key, "place", "jean dupont"));
        Assert.NotEqual(token, BlindIndex.Token(other, "name", "jean dupont"));
        // kind | 0x00 | value leaves no ambiguity between where the kind ends and the value starts.
        Assert.NotEqual(BlindIndex.Token(key, "ab", "c"), BlindIndex.Token(key, "a", "bc"));
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        using var key = ContentKey.Create();
        Assert.Throws<ArgumentException>(() => BlindIndex.Token(key, "", "x"));
        Assert.Throws<ArgumentException>(() => BlindIndex.Token(key, "a\0b", "x"));
        Assert.Throws<ArgumentException>(() => BlindIndex.Token(key, "name", new string('x', BlindIndex.MaxInputBytes + 1)));
        key.Dispose();
        Assert.Throws<ObjectDisposedException>(() => BlindIndex.Token(key, "name", "x"));
    }
}
