using System.Text.RegularExpressions;

namespace SayStop.Sealing.Tests;

public partial class RecoveryKeyTests
{
    [GeneratedRegex("^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){13}$")]
    private static partial Regex PrintedFormat();

    [Fact]
    public void Printed_text_imports_back_to_the_same_key_pair()
    {
        using var recovery = KeyPair.Create();
        var text = RecoveryKey.Export(recovery);

        Assert.Matches(PrintedFormat(), text);
        Assert.True(RecoveryKey.TryImport(text, out var imported));
        using (imported)
        {
            Assert.Equal(recovery.PublicKey, imported.PublicKey);
        }
        Assert.True(RecoveryKey.TryImport("  " + text.ToLowerInvariant().Replace('-', ' ').Replace('0', 'o') + "\n", out var again));
        again.Dispose();
    }

    [Fact]
    public void A_typo_is_caught_by_the_checksum()
    {
        using var recovery = KeyPair.Create();
        var text = RecoveryKey.Export(recovery);

        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '-')
            {
                continue;
            }
            var replacement = text[i] == 'A' ? 'B' : 'A';
            var typo = text[..i] + replacement + text[(i + 1)..];
            if (RecoveryKey.TryImport(typo, out var wrong))
            {
                // A 16-bit checksum lets 1 in 65536 typos through; such a key then differs from the stored public key.
                Assert.NotEqual(recovery.PublicKey, wrong.PublicKey);
                wrong.Dispose();
            }
        }
        Assert.False(RecoveryKey.TryImport(text[..^1], out _));
        Assert.False(RecoveryKey.TryImport(null, out _));
    }

    [Fact]
    public void The_recovery_key_opens_a_report_when_no_handler_can()
    {
        using var recovery = KeyPair.Create();
        var printed = RecoveryKey.Export(recovery);
        var recoveryPublic = recovery.PublicKey;
        recovery.Dispose();

        using var key = ContentKey.Create();
        var field = ReportEnvelope.Seal(key, TestData.ReportId, SealingPurpose.Answers, "answers"u8);
        var sealedToRecovery = SealedKey.Seal(key, recoveryPublic, TestData.ReportId);

        Assert.True(RecoveryKey.TryImport(printed, out var restored));
        using (restored)
        using (var opened = SealedKey.Open(sealedToRecovery, restored, TestData.ReportId))
        {
            Assert.Equal("answers"u8.ToArray(), ReportEnvelope.Open(opened, TestData.ReportId, SealingPurpose.Answers, field));
        }
    }
}
