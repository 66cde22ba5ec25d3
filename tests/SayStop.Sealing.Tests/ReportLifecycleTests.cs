using System.Text;

namespace SayStop.Sealing.Tests;

/// <summary>The whole flow as the web app runs it, with what each party can and cannot open.</summary>
public class ReportLifecycleTests
{
    private static readonly Argon2idCost s_cost = TestData.CheapCost;

    [Fact]
    public async Task Submission_triage_question_answer_reassignment_and_recovery()
    {
        // Set-up: two handlers with password-protected keys, and the organisation recovery key printed once.
        using var alice = KeyPair.Create();
        var aliceProtected = ProtectedPrivateKey.Protect(alice, "alice's password", s_cost);
        using var bob = KeyPair.Create();
        var bobProtected = ProtectedPrivateKey.Protect(bob, "bob's password", s_cost);
        var recoveryText = RecoveryKey.Export(KeyPair.Create());
        Assert.True(RecoveryKey.TryImport(recoveryText, out var recoveryPair));
        var recoveryPublic = recoveryPair.PublicKey;
        recoveryPair.Dispose();

        // Submission: the server makes the content key and the receipt, seals fields, then forgets the key.
        var reportId = Guid.CreateVersion7();
        var receipt = Receipt.Create();
        byte[] answers, photo, receiptVerifier, sealedToAlice, sealedToRecovery;
        var photoId = Guid.CreateVersion7();
        var photoBytes = TestData.RandomBytes(200_000, 11);
        using (var key = ContentKey.Create())
        {
            answers = ReportEnvelope.SealText(key, reportId, SealingPurpose.Answers, "{\"country\":\"Thailand\"}");
            using var sealedPhoto = new MemoryStream();
            await AttachmentSealer.SealAsync(key, reportId, SealingPurpose.Attachment(photoId), new MemoryStream(photoBytes), sealedPhoto);
            photo = sealedPhoto.ToArray();
            receiptVerifier = ReceiptVerifier.Create(receipt, key, reportId, s_cost);
            sealedToAlice = SealedKey.Seal(key, ProtectedPrivateKey.GetPublicKey(aliceProtected), reportId);
            sealedToRecovery = SealedKey.Seal(key, recoveryPublic, reportId);
        }
        var shownOnce = receipt.ToDisplayString();

        // Alice signs in, reads, asks a question.
        Assert.True(ProtectedPrivateKey.TryUnlock(aliceProtected, "alice's password", out var aliceUnlocked));
        byte[] question;
        using (aliceUnlocked)
        using (var key = SealedKey.Open(sealedToAlice, aliceUnlocked, reportId))
        {
            Assert.Equal("{\"country\":\"Thailand\"}", ReportEnvelope.OpenText(key, reportId, SealingPurpose.Answers, answers));
            using var opened = new MemoryStream();
            await AttachmentSealer.OpenAsync(key, reportId, SealingPurpose.Attachment(photoId), new MemoryStream(photo), opened);
            Assert.Equal(photoBytes, opened.ToArray());
            question = ReportEnvelope.SealText(key, reportId, SealingPurpose.Message(Guid.Empty), "Which hotel?");
        }

        // Bob cannot read the report before it is shared with him.
        Assert.True(ProtectedPrivateKey.TryUnlock(bobProtected, "bob's password", out var bobUnlocked));
        using (bobUnlocked)
        {
            Assert.Throws<SealingException>(() => SealedKey.Open(sealedToAlice, bobUnlocked, reportId));
        }

        // The reporter comes back with the receipt, typed sloppily, reads the question and answers.
        Assert.True(Receipt.TryParse(shownOnce.ToLowerInvariant().Replace("-", " ", StringComparison.Ordinal), out var typed));
        Assert.Equal(receipt.Locator, typed.Locator);
        byte[] answer;
        Assert.True(ReceiptVerifier.TryOpen(receiptVerifier, typed, reportId, out var reporterKey));
        using (reporterKey)
        {
            Assert.Equal("Which hotel?", ReportEnvelope.OpenText(reporterKey, reportId, SealingPurpose.Message(Guid.Empty), question));
            answer = ReportEnvelope.SealText(reporterKey, reportId, SealingPurpose.Message(Guid.AllBitsSet), "Hotel Example");
        }

        // Alice leaves without handing over: the recovery key re-shares the report with Bob.
        byte[] sealedToBob;
        Assert.True(RecoveryKey.TryImport(recoveryText, out var restored));
        using (restored)
        using (var key = SealedKey.Open(sealedToRecovery, restored, reportId))
        {
            sealedToBob = SealedKey.Seal(key, bob.PublicKey, reportId);
        }
        using (var key = SealedKey.Open(sealedToBob, bob, reportId))
        {
            Assert.Equal("Hotel Example", ReportEnvelope.OpenText(key, reportId, SealingPurpose.Message(Guid.AllBitsSet), answer));
        }

        // Nothing stored contains the plaintext.
        foreach (var stored in new[] { answers, photo, receiptVerifier, sealedToAlice, sealedToRecovery, question, answer, sealedToBob })
        {
            var text = Encoding.Latin1.GetString(stored);
            Assert.DoesNotContain("Thailand", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Hotel", text, StringComparison.Ordinal);
            Assert.DoesNotContain(receipt.ToDisplayString()[10..], text, StringComparison.Ordinal);
        }
    }
}
