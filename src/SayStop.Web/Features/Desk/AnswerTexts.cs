using SayStop.Web.Features.Reports;
using SayStop.Web.Infrastructure.Localization;

namespace SayStop.Web.Features.Desk;

/// <summary>
/// How an opened answer reads for people: its label (the report form's question where there is one) and its value
/// (choices in words, yes/no). One place for the desk's report page and the police dossier.
/// </summary>
internal static class AnswerTexts
{
    public static string Label(Texts texts, string name)
    {
        var key = ReportModel.FormLabels.TryGetValue(name, out var form) ? form : "Desk.Answer." + name;
        return texts.Keys.Contains(key) ? texts[key] : name;
    }

    public static string Value(Texts texts, CaseAnswer answer) => answer.Name switch
    {
        "kind" when ReportKinds.IsKnown(answer.Value) => texts["Report.Kind." + answer.Value],
        "country" when Countries.IsKnown(answer.Value) => Countries.Name(texts, answer.Value),
        "placeKind" when ReportChoices.In(ReportChoices.PlaceKinds, answer.Value) => texts["Report.PlaceKind." + answer.Value],
        "children.count" when ReportChoices.In(ReportChoices.ChildrenCounts, answer.Value) => texts["Report.ChildrenCount." + answer.Value],
        "children.gender" when ReportChoices.In(ReportChoices.Genders, answer.Value) => texts["Report.Gender." + answer.Value],
        "alreadyActed" => string.Join(", ", answer.Value.Split(", ").Select(a => ReportChoices.In(ReportChoices.Actors, a) ? texts["Report.Acted." + a].Value : a)),
        _ when answer.Value is "true" => texts["Desk.Yes"],
        _ when answer.Value is "false" => texts["Desk.No"],
        _ => answer.Value,
    };
}
