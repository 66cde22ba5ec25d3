using Microsoft.AspNetCore.DataProtection;
using SayStop.Web.Features.Reports;

namespace SayStop.Web.Tests.Features.Reports;

/// <summary>The protected draft field and the completeness check that guards "send".</summary>
public sealed class ReportDraftsTests
{
    private static readonly ReportDrafts Drafts = new(new EphemeralDataProtectionProvider());

    [Fact]
    public void ADraft_RoundTrips_AndReadsNothingInClear()
    {
        var draft = new ReportDraft { Urgent = true, Kind = "Online", When = "marker-when", Country = "TH" };
        var field = Drafts.Protect(draft);
        Assert.DoesNotContain("marker-when", field, StringComparison.Ordinal);
        var read = Drafts.Read(field);
        Assert.NotNull(read);
        Assert.Equal(draft.SubmissionId, read.SubmissionId);
        Assert.Equal("marker-when", read.When);
        Assert.True(read.Urgent);
    }

    [Fact]
    public void AnAlteredForeignOrOversizedDraft_ReadsAsNothing()
    {
        var field = Drafts.Protect(new ReportDraft { Kind = "Other" });
        Assert.Null(Drafts.Read(field[..^2] + (field[^2] == 'x' ? 'y' : 'x') + field[^1]));
        Assert.Null(new ReportDrafts(new EphemeralDataProtectionProvider()).Read(field));
        Assert.Null(Drafts.Read(new string('A', ReportDrafts.MaxProtectedLength + 1)));
        Assert.Null(Drafts.Read(null));
        Assert.Null(Drafts.Read("not base64 at all!"));
    }

    [Fact]
    public void Send_IsAllowedOnlyWhenEveryRequiredAnswerIsThere()
    {
        var d = new ReportDraft();
        Assert.Equal(ReportStep.Urgency, FormModel.FirstIncompleteStep(d));
        d.Urgent = false;
        Assert.Equal(ReportStep.Country, FormModel.FirstIncompleteStep(d));
        d.Country = "XX";
        Assert.Equal(ReportStep.Country, FormModel.FirstIncompleteStep(d));
        d.Country = Countries.Other;
        Assert.Equal(ReportStep.Kind, FormModel.FirstIncompleteStep(d));
        d.Kind = "NotAKind";
        Assert.Equal(ReportStep.Kind, FormModel.FirstIncompleteStep(d));
        d.Kind = "Suspicious";
        d.When = "yesterday";
        d.Coordinates = "not a place";
        Assert.Equal(ReportStep.Where, FormModel.FirstIncompleteStep(d));
        d.Coordinates = null;
        d.Suspect = new SuspectDetails(new string('x', FormModel.MaxShort + 1), null, null, null, null, null, null);
        Assert.Equal(ReportStep.Suspect, FormModel.FirstIncompleteStep(d));
        d.Suspect = null;
        Assert.Equal(ReportStep.What, FormModel.FirstIncompleteStep(d));
        d.WhatHappened = "what";
        d.WantsContact = true;
        Assert.Equal(ReportStep.Reporter, FormModel.FirstIncompleteStep(d));
        d.Phone = "+32 2 000 00 00";
        Assert.Null(FormModel.FirstIncompleteStep(d));
    }
}
