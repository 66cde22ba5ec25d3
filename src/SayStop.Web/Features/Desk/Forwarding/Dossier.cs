using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Localization;
using SayStop.Web.Infrastructure.Pdf;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace SayStop.Web.Features.Desk.Forwarding;

public sealed record DossierAnswer(string Field, string Label, string Value);

public sealed record DossierMessage(string From, DateOnly SentOn, string Text);

public sealed record DossierReporter(string? Name, string? Email, string? Phone);

/// <summary>
/// What an authority receives: the report's answers, labelled in the authority's language, the conversation with
/// the reporter, the covering note, and the reporter's identity only when they agreed to police contact. It carries
/// no internal identifier (no report id, receipt locator, user id or staff name): <see cref="Reference"/> is a
/// random reference made for this forward.
/// </summary>
public sealed record Dossier(
    string Reference,
    string Language,
    DateOnly ProducedOn,
    string From,
    string To,
    DateOnly ReceivedOn,
    string Country,
    string CountryName,
    string Kind,
    bool Urgent,
    IReadOnlyList<DossierAnswer> Answers,
    IReadOnlyList<DossierMessage> Conversation,
    int Photos,
    bool ReporterAgreesToPoliceContact,
    DossierReporter? Reporter,
    string? CoveringNote)
{
    public const int Version = 1;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The machine-readable dossier (UTF-8 JSON), with a format name and version.</summary>
    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(new { format = "saystop-dossier", version = Version, dossier = this }, Json);

    public static Dossier? FromJson(byte[] json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.TryGetProperty("dossier", out var d) ? d.Deserialize<Dossier>(Json) : null;
    }

    /// <summary>The culture the dossier's words are written in: the authority's language when we have it, else English.</summary>
    public static string TextCulture(string language) => Cultures.IsSupported(language) ? language : "en";

    /// <summary>Builds the dossier from a report opened on the desk, in the authority's language.</summary>
    public static Dossier Build(CaseView view, PoliceAuthority authority, string organisation, string reference, DateOnly today, bool includeIdentity, string? note, Texts texts)
    {
        var culture = TextCulture(authority.Language);
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Cultures.Specific(culture);
        try
        {
            var answers = view.Answers.Select(a => new DossierAnswer(a.Name, AnswerTexts.Label(texts, a.Name), AnswerTexts.Value(texts, a))).ToList();
            var conversation = view.Messages
                .Select(m => new DossierMessage(texts[m.FromReporter ? "Desk.Dossier.FromReporter" : "Desk.Dossier.FromUs"], m.SentOn, m.Text))
                .ToList();
            var reporter = includeIdentity && view.Contact is { } c ? new DossierReporter(c.Name, c.Email, c.Phone) : null;
            return new Dossier(reference, culture, today, organisation, authority.Name, view.ReceivedOn, view.Country,
                Countries.Name(texts, view.Country), texts["Report.Kind." + view.Kind], view.Urgent, answers, conversation,
                view.Photos.Count(p => p.MessageId is null), view.Contact?.PoliceMayContact == true, reporter, note);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

}

/// <summary>
/// The dossier as an A4 PDF (PdfPig's <see cref="PdfDocumentBuilder"/>, Liberation Sans through
/// <see cref="PdfText"/>): a heading, the facts as label/value pairs, the conversation, the reporter part.
/// Text wraps and flows onto new pages.
/// </summary>
public static class DossierPdf
{
    private const double PageWidth = 595.28;
    private const double PageHeight = 841.89;
    private const double Margin = 50;
    private const double Body = 10;

    public static byte[] Render(Dossier d, Texts texts)
    {
        var culture = d.Language;
        string T(string key) => texts.In(culture, key);
        var date = Cultures.Specific(culture);

        var builder = new PdfDocumentBuilder();
        var fonts = PdfText.AddFonts(builder);
        var writer = new Writer(builder, fonts);

        writer.Line(T("Desk.Dossier.Title"), 16, bold: true, gap: 6);
        writer.Line(T("Desk.Dossier.Reference") + ": " + d.Reference, Body, bold: true);
        writer.Line(T("Desk.Dossier.From") + ": " + d.From, Body);
        writer.Line(T("Desk.Dossier.To") + ": " + d.To, Body);
        writer.Line(T("Desk.Dossier.Produced") + ": " + d.ProducedOn.ToString("d", date), Body);
        writer.Line(T("Desk.Dossier.Received") + ": " + d.ReceivedOn.ToString("d", date), Body);
        writer.Line(T("Desk.Dossier.Country") + ": " + d.CountryName, Body);
        writer.Line(T("Desk.Dossier.Kind") + ": " + d.Kind, Body);
        writer.Line(T("Desk.Dossier.Urgent") + ": " + (d.Urgent ? T("Desk.Yes") : T("Desk.No")), Body, gap: 10);

        writer.Line(T("Desk.Dossier.Facts"), 13, bold: true, gap: 4);
        foreach (var a in d.Answers)
        {
            writer.Line(a.Label, Body, bold: true);
            writer.Paragraph(a.Value, Body, gap: 4);
        }

        if (d.Photos > 0)
        {
            writer.Paragraph(T("Desk.Dossier.Photos").Replace("{0}", d.Photos.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), Body, gap: 4);
        }

        if (d.Conversation.Count > 0)
        {
            writer.Line(T("Desk.Dossier.Conversation"), 13, bold: true, gap: 4);
            foreach (var m in d.Conversation)
            {
                writer.Line(m.From + " · " + m.SentOn.ToString("d", date), Body, bold: true);
                writer.Paragraph(m.Text, Body, gap: 4);
            }
        }

        writer.Line(T("Desk.Dossier.Reporter"), 13, bold: true, gap: 4);
        if (d.Reporter is { } r)
        {
            writer.Paragraph(T("Desk.Dossier.ReporterConsented"), Body, gap: 2);
            if (r.Name is not null) { writer.Paragraph(T("Report.Reporter.Name") + ": " + r.Name, Body); }
            if (r.Email is not null) { writer.Paragraph(T("Report.Reporter.Email") + ": " + r.Email, Body); }
            if (r.Phone is not null) { writer.Paragraph(T("Report.Reporter.Phone") + ": " + r.Phone, Body); }
        }
        else
        {
            writer.Paragraph(T("Desk.Dossier.ReporterWithheld"), Body);
        }

        if (!string.IsNullOrEmpty(d.CoveringNote))
        {
            writer.Line(T("Desk.Dossier.Note"), 13, bold: true, gap: 4, before: 10);
            writer.Paragraph(d.CoveringNote, Body);
        }

        return builder.Build();
    }

    /// <summary>Writes lines top-down, starting a new page when the current one is full.</summary>
    private sealed class Writer(PdfDocumentBuilder builder, PdfText.Fonts fonts)
    {
        private PdfPageBuilder? _page;
        private double _y;

        public void Line(string text, double size, bool bold = false, double gap = 1, double before = 0) =>
            Write(text, size, bold, gap, before);

        public void Paragraph(string text, double size, double gap = 1) => Write(text, size, false, gap, 0);

        private void Write(string text, double size, bool bold, double gap, double before)
        {
            var page = Page();
            _y -= before;
            var font = bold ? fonts.Bold : fonts.Regular;
            foreach (var line in PdfText.Wrap(page, PdfText.Printable(text), size, font, PageWidth - (2 * Margin)))
            {
                if (_y - size < Margin)
                {
                    page = NewPage();
                }

                _y -= size * 1.3;
                page.AddText(line, size, new PdfPoint(Margin, _y), font);
            }

            _y -= gap;
        }

        private PdfPageBuilder Page() => _page ?? NewPage();

        private PdfPageBuilder NewPage()
        {
            _page = builder.AddPage(PageSize.A4);
            _y = PageHeight - Margin;
            return _page;
        }
    }
}
