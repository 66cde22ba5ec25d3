using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Reports;
using SayStop.Web.Features.Reports.Keys;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

public enum SealedPart
{
    Answers,
    Contact,
    HandlersSealedKey,
    Message,
    ReceiptVerifier,
}

/// <summary>
/// Tests issue, promises: a sealed blob damaged in the database (a disk error, a tampering administrator) gives a
/// 4xx page on the desk and at the receipt follow-up, never a 500, and never echoes the blob.
/// </summary>
public abstract class DamagedSealTests(DeskApp app)
{
    protected DeskApp App { get; } = app;

    [Theory]
    [InlineData(SealedPart.Answers)]
    [InlineData(SealedPart.Contact)]
    [InlineData(SealedPart.HandlersSealedKey)]
    [InlineData(SealedPart.Message)]
    [InlineData(SealedPart.ReceiptVerifier)]
    public async Task ADamagedSealedBlob_GivesA4xxPage_NeverA500_NorAnEchoOfTheBlob(SealedPart part)
    {
        App.Require();
        var handler = await App.CreateStaffAsync(StaffRoles.CaseHandler);
        var client = await App.SignInAsync(handler);
        Guid id;
        string receipt;
        await using (var scope = App.Scope())
        {
            var filed = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
                new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar", "I saw something"),
                new ReporterContact($"damaged-{Guid.NewGuid():N}@reporter.example"), Guid.NewGuid());
            id = filed.ReportId!.Value;
            receipt = filed.Receipt!.ToDisplayString();
        }

        var page = await client.GetDocumentAsync($"/en/desk/report/{id}");
        var asked = await client.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { ["Question"] = "Which hotel?" }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);

        var damaged = await DamageAsync(id, handler.Email, part);
        var echoes = new[] { Convert.ToBase64String(damaged), Convert.ToHexString(damaged), Convert.ToHexStringLower(damaged), Convert.ToBase64String(damaged[..24]) };

        var desk = await client.GetAsync($"/en/desk/report/{id}");
        await AssertRefusedAsync(desk, echoes, $"desk, {part}", allowOk: part is SealedPart.ReceiptVerifier or SealedPart.Message or SealedPart.Contact);
        var followUp = await App.Client().SubmitAsync("/en/report/follow-up", new Dictionary<string, string> { ["Receipt"] = receipt, ["go"] = "open" });
        await AssertRefusedAsync(followUp, echoes, $"follow-up, {part}", allowOk: part is not SealedPart.ReceiptVerifier);
        Assert.DoesNotContain(App.Logs.Lines, l => echoes.Any(e => l.Contains(e, StringComparison.Ordinal)));
    }

    /// <summary>
    /// A page that still works without the damaged part may answer 200 (the desk shows the rest of the report when a
    /// message or the contact is damaged; the follow-up shows only the status and the conversation, never the answers,
    /// contact or handlers' keys); every other page must be a 4xx. None may be a 500, none may carry the blob.
    /// </summary>
    private static async Task AssertRefusedAsync(HttpResponseMessage response, string[] echoes, string what, bool allowOk)
    {
        var body = await response.Content.ReadAsStringAsync();
        var code = (int)response.StatusCode;
        Assert.True(code is >= 400 and < 500 || (allowOk && code == 200), $"{what}: {code}");
        Assert.DoesNotContain(echoes, e => body.Contains(e, StringComparison.Ordinal));
    }

    /// <summary>Flips one byte in the middle of the part's sealed blob, in the database; returns the damaged blob.</summary>
    private async Task<byte[]> DamageAsync(Guid id, string handlerEmail, SealedPart part)
    {
        await using var scope = App.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        static byte[] Flip(byte[] blob)
        {
            var copy = (byte[])blob.Clone();
            copy[copy.Length / 2] ^= 0x5A;
            return copy;
        }

        switch (part)
        {
            case SealedPart.Answers:
            {
                var blob = Flip(await db.Set<Report>().Where(r => r.Id == id).Select(r => r.SealedAnswers).SingleAsync());
                await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.SealedAnswers, blob));
                return blob;
            }

            case SealedPart.Contact:
            {
                var blob = Flip((await db.Set<Report>().Where(r => r.Id == id).Select(r => r.SealedContact).SingleAsync())!);
                await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.SealedContact, blob));
                return blob;
            }

            case SealedPart.ReceiptVerifier:
            {
                var blob = Flip(await db.Set<Report>().Where(r => r.Id == id).Select(r => r.ReceiptVerifier).SingleAsync());
                await db.Set<Report>().Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.ReceiptVerifier, blob));
                return blob;
            }

            case SealedPart.HandlersSealedKey:
            {
                var userId = (await db.Users.SingleAsync(u => u.Email == handlerEmail)).Id;
                var keyId = await db.Set<RecipientKey>().Where(k => k.UserId == userId && k.RevokedAt == null).Select(k => k.Id).SingleAsync();
                var blob = Flip(await db.Set<ReportSealedKey>().Where(k => k.ReportId == id && k.RecipientKeyId == keyId).Select(k => k.SealedKey).SingleAsync());
                await db.Set<ReportSealedKey>().Where(k => k.ReportId == id && k.RecipientKeyId == keyId).ExecuteUpdateAsync(s => s.SetProperty(k => k.SealedKey, blob));
                return blob;
            }

            default:
            {
                var blob = Flip(await db.Set<ReportMessage>().Where(m => m.ReportId == id).Select(m => m.Sealed).SingleAsync());
                await db.Set<ReportMessage>().Where(m => m.ReportId == id).ExecuteUpdateAsync(s => s.SetProperty(m => m.Sealed, blob));
                return blob;
            }
        }
    }
}

public sealed class DamagedSealSqliteTests(DeskSqliteApp app) : DamagedSealTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DamagedSealPostgresTests(DeskPostgresApp app) : DamagedSealTests(app), IClassFixture<DeskPostgresApp>;
