using System.Text.RegularExpressions;

namespace SayStop.Sealing.Tests;

public partial class ReceiptTests
{
    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){5}$")]
    private static partial Regex DisplayFormat();

    [Fact]
    public void A_receipt_has_at_least_80_bits_of_secret()
    {
        Assert.True(Receipt.SecretBits >= 80);
        Assert.Equal(10, Receipt.SecretBytes);
        // 16 base32 symbols carry the secret: 16 * 5 = 80 bits.
        Assert.Equal(80, (Receipt.Symbols - Receipt.LocatorSymbols) * 5);
    }

    [Fact]
    public void A_new_receipt_is_six_groups_of_four_crockford_symbols()
    {
        var receipt = Receipt.Create();
        var display = receipt.ToDisplayString();

        Assert.Matches(DisplayFormat(), display);
        Assert.Equal(8, receipt.Locator.Length);
        Assert.StartsWith($"{receipt.Locator[..4]}-{receipt.Locator[4..]}-", display, StringComparison.Ordinal);
    }

    [Fact]
    public void Receipts_are_random()
    {
        var displays = Enumerable.Range(0, 2000).Select(_ => Receipt.Create().ToDisplayString()).ToHashSet();
        Assert.Equal(2000, displays.Count);

        // Every symbol of the alphabet shows up in every position of the secret part.
        var secrets = displays.Select(d => d.Replace("-", "", StringComparison.Ordinal)[8..]).ToList();
        for (var position = 0; position < 16; position++)
        {
            Assert.Equal(32, secrets.Select(s => s[position]).Distinct().Count());
        }
    }

    [Fact]
    public void ToString_never_shows_the_secret()
    {
        var receipt = Receipt.FromBytes(Convert.FromHexString("00112233445566778899aabbccddeeff"[..30]));
        var display = receipt.ToDisplayString();

        Assert.Equal($"{display[..9]}-****-****-****-****", receipt.ToString());
        Assert.DoesNotContain(display[10..14], receipt.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01")]
    [InlineData("abcd-efgh-jkmn-pqrs-tvwx-yz01")]
    [InlineData("ABCDEFGHJKMNPQRSTVWXYZ01")]
    [InlineData("  abcd efgh jkmn pqrs tvwx yzol ")]
    [InlineData("ABCD–EFGH—JKMN-PQRS-TVWX-YZOI")]
    [InlineData("abcd-efgh\njkmn-pqrs\ttvwx-yz0i")]
    public void Parsing_tolerates_case_spaces_dashes_and_confusable_letters(string typed)
    {
        Assert.True(Receipt.TryParse(typed, out var receipt));
        Assert.Equal("ABCD-EFGH-JKMN-PQRS-TVWX-YZ01", receipt.ToDisplayString());
        Assert.Equal("ABCDEFGH", receipt.Locator);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ0")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ012")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ0U")]
    [InlineData("ABCD-EFGH-JKMN-PQRS-TVWX-YZ0*")]
    [InlineData("ABCD_EFGH_JKMN_PQRS_TVWX_YZ01")]
    public void Parsing_refuses_anything_else(string? typed)
    {
        Assert.False(Receipt.TryParse(typed, out var receipt));
        Assert.Null(receipt);
    }

    [Fact]
    public void A_receipt_round_trips_through_its_display_form()
    {
        var receipt = Receipt.Create();
        Assert.True(Receipt.TryParse(receipt.ToDisplayString(), out var parsed));
        Assert.Equal(receipt.Locator, parsed.Locator);
        Assert.Equal(receipt.Secret.ToArray(), parsed.Secret.ToArray());
    }

    [Theory]
    [InlineData("abcd-efgh", "ABCDEFGH")]
    [InlineData("ABCD EFGO", "ABCDEFG0")]
    public void The_locator_alone_parses(string typed, string expected)
    {
        Assert.True(Receipt.TryParseLocator(typed, out var locator));
        Assert.Equal(expected, locator);
        Assert.False(Receipt.TryParseLocator("ABCD-EFG", out _));
    }

    [Fact]
    public void Crockford_encoding_is_big_endian_five_bits_per_symbol()
    {
        Assert.Equal("00000000", CrockfordBase32.Encode(new byte[5]));
        Assert.Equal("ZZZZZZZZ", CrockfordBase32.Encode([0xFF, 0xFF, 0xFF, 0xFF, 0xFF]));
        Assert.Equal("0000001Z", CrockfordBase32.Encode([0, 0, 0, 0, 0x3F]));
        Span<byte> decoded = stackalloc byte[5];
        Assert.True(CrockfordBase32.TryDecode("0000001Z", decoded));
        Assert.Equal(new byte[] { 0, 0, 0, 0, 0x3F }, decoded.ToArray());
    }
}
