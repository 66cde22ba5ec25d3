using System.Net;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SayStop.Web.Data;
using SayStop.Web.Features.Account;
using SayStop.Web.Features.Desk;
using SayStop.Web.Features.Reports;
using SayStop.Web.Tests.Infrastructure;

namespace SayStop.Web.Tests.Features.Desk;

/// <summary>
/// Hostile values posted to each form of a report's desk page: a refused value gets its message and leaves the report
/// exactly as it was (status, assignee, messages, notes, timeline); an accepted one is stored as text, never as markup.
/// </summary>
public abstract class DeskFormRefusalTests(DeskApp app)
{
    /// <summary>What the desk can change on a report, read from the database, not from the page.</summary>
    private sealed record CaseState(ReportStatus Status, Guid? AssigneeId, int Messages, int Notes, int Events);

    private async Task<CaseState> StateAsync(Guid id)
    {
        await using var scope = app.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var report = await db.Set<Report>().AsNoTracking().SingleAsync(r => r.Id == id);
        return new CaseState(
            report.Status,
            report.AssigneeId,
            await db.Set<ReportMessage>().CountAsync(m => m.ReportId == id),
            await db.Set<ReportNote>().CountAsync(n => n.ReportId == id),
            await db.Set<CaseEvent>().CountAsync(e => e.ReportId == id));
    }

    private async Task<Guid> FileAsync()
    {
        await using var scope = app.Scope();
        var result = await scope.ServiceProvider.GetRequiredService<ReportIntake>().FileAsync(
            new ReportAnswers(false, "Suspicious", "last night", "TH", "Beach bar", "I saw something"), null, Guid.NewGuid());
        return result.ReportId!.Value;
    }

    private static async Task<IHtmlDocument> ReportPageAsync(HttpClient client, Guid id)
    {
        var response = await client.GetAsync($"/en/desk/report/{id}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.DocumentAsync();
    }

    public static TheoryData<string, string, string> RefusedInputs => new()
    {
        { "#ask-form", "Question", new string('x', 200_000) },
        { "#ask-form", "Question", string.Empty },
        { "#ask-form", "Question", "   \n\t  " },
        { "#note-form", "Note", new string('y', 5001) },
        { "#note-form", "Note", "   \n\t  " },
        { "#note-form", "Note", string.Empty },
        { "#status-form", "NewStatus", "99" },
        { "#status-form", "NewStatus", "-1" },
        { "#status-form", "NewStatus", "0" },
        { "#status-form", "NewStatus", "Closed;DROP TABLE Reports" },
        { "#status-form", "NewStatus", "closed " },
        { "#status-form", "NewStatus", new string('Z', 100_000) },
        { "#assign-form", "AssigneeId", Guid.NewGuid().ToString() },
        { "#assign-form", "AssigneeId", "not-a-guid" },
        { "#assign-form", "AssigneeId", "<b>x</b>" },
    };

    [Theory]
    [MemberData(nameof(RefusedInputs))]
    public async Task ARefusedValue_GetsItsMessage_AndLeavesTheReportAsItWas(string form, string field, string value)
    {
        app.Require();
        var handler = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.CaseHandler));
        var id = await FileAsync();
        var page = await ReportPageAsync(handler, id);
        var before = await StateAsync(id);

        var response = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { [field] = value }, form);

        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"{field}={value[..Math.Min(20, value.Length)]}: {(int)response.StatusCode}");
        var body = await response.DocumentAsync();
        Assert.NotNull(body.QuerySelector($"{form} .field-error:not(:empty)"));
        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task ControlCharacters_AreRefusedByTheInputGuard_AndChangeNothing()
    {
        app.Require();
        var handler = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.CaseHandler));
        var id = await FileAsync();
        var page = await ReportPageAsync(handler, id);
        var before = await StateAsync(id);
        foreach (var (form, field) in new[] { ("#ask-form", "Question"), ("#note-form", "Note") })
        {
            var response = await handler.SubmitAsync(page, $"/en/desk/report/{id}", new Dictionary<string, string> { [field] = "\u0000\u0007\u202E\u001B" }, form);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        Assert.Equal(before, await StateAsync(id));
    }

    [Fact]
    public async Task MarkupInAQuestionOrANote_IsStoredAsText_AndShownEncoded()
    {
        app.Require();
        var handler = await app.SignInAsync(await app.CreateStaffAsync(StaffRoles.CaseHandler));
        var id = await FileAsync();
        var before = await StateAsync(id);
        var asked = await handler.SubmitAsync(await ReportPageAsync(handler, id), $"/en/desk/report/{id}",
            new Dictionary<string, string> { ["Question"] = "<script>alert(1)</script>" }, "#ask-form");
        Assert.Equal(HttpStatusCode.Redirect, asked.StatusCode);
        var noted = await handler.SubmitAsync(await ReportPageAsync(handler, id), $"/en/desk/report/{id}",
            new Dictionary<string, string> { ["Note"] = "<img src=x onerror=alert(1)>" }, "#note-form");
        Assert.Equal(HttpStatusCode.Redirect, noted.StatusCode);

        var after = await StateAsync(id);
        Assert.Equal(before with { Messages = before.Messages + 1, Notes = before.Notes + 1, Events = after.Events }, after);
        var shown = await ReportPageAsync(handler, id);
        Assert.Null(shown.QuerySelector("#messages script, #notes script, #messages img, #notes img"));
        Assert.Contains("<script>alert(1)</script>", shown.QuerySelector("#messages")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("<img src=x onerror=alert(1)>", shown.QuerySelector("#notes")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AValidStatusAndAssignee_ChangeTheReport_SoTheRefusalsAboveAreNotVacuous()
    {
        app.Require();
        var who = await app.CreateStaffAsync(StaffRoles.CaseHandler);
        var handler = await app.SignInAsync(who);
        var id = await FileAsync();
        var before = await StateAsync(id);
        var status = await handler.SubmitAsync(await ReportPageAsync(handler, id), $"/en/desk/report/{id}",
            new Dictionary<string, string> { ["NewStatus"] = nameof(ReportStatus.Closed) }, "#status-form");
        Assert.Equal(HttpStatusCode.Redirect, status.StatusCode);
        await using (var scope = app.Scope())
        {
            var me = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<StaffUser>>().FindByEmailAsync(who.Email);
            var assign = await handler.SubmitAsync(await ReportPageAsync(handler, id), $"/en/desk/report/{id}",
                new Dictionary<string, string> { ["AssigneeId"] = me!.Id.ToString() }, "#assign-form");
            Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
            var after = await StateAsync(id);
            Assert.NotEqual(before.Status, after.Status);
            Assert.Equal(ReportStatus.Closed, after.Status);
            Assert.Equal(me.Id, after.AssigneeId);
        }
    }
}

public sealed class DeskFormRefusalSqliteTests(DeskSqliteApp app) : DeskFormRefusalTests(app), IClassFixture<DeskSqliteApp>;

public sealed class DeskFormRefusalPostgresTests(DeskPostgresApp app) : DeskFormRefusalTests(app), IClassFixture<DeskPostgresApp>;
